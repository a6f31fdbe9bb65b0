package dev.statewise.processor.sql;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link Evolution} reads of the folder where a project commits its migrations; it never
 * writes there. {@link MigrationFolder} is the folder itself.
 */
public interface CommittedMigrations {

    /** Where the files are, for messages. */
    Path path();

    /** The text of a committed file, if there is one by that name. */
    Optional<String> readIfExists(String fileName) throws IOException;

    /** The highest version of any migration committed, or 0. */
    int highestVersion();

    /** The file name of the committed migration that creates the table, if there is one. */
    Optional<String> createMigration(String table);
}
