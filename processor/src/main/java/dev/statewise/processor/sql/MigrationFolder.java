package dev.statewise.processor.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder in the user's project where migrations are committed. Flyway versioned migrations
 * are named {@code V<n>__<description>.sql}; the workflow's first one is
 * {@code V<n>__create_<table>.sql}, and later ones follow with the next free number.
 */
public final class MigrationFolder implements CommittedMigrations {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__(.+)\\.sql");

    private final Path folder;

    public MigrationFolder(Path folder) {
        this.folder = folder;
    }

    @Override
    public Path path() {
        return folder;
    }

    public static String createFileName(int version, String table) {
        return fileName(version, "create_" + table);
    }

    public static String fileName(int version, String description) {
        return "V" + version + "__" + description + ".sql";
    }

    /** The snapshot of the workflow with this table, committed beside its migrations. */
    public static String snapshotFileName(String table) {
        return table + ".snapshot.json";
    }

    @Override
    public Optional<String> readIfExists(String fileName) throws IOException {
        Path file = folder.resolve(fileName);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** The highest version of any migration in the folder, or 0. */
    @Override
    public int highestVersion() {
        return migrations().stream().mapToInt(MigrationFolder::version).max().orElse(0);
    }

    /** The file name of the committed migration that creates the table, if there is one. */
    @Override
    public Optional<String> createMigration(String table) {
        return migrations().stream()
                .filter(p -> VERSIONED.matcher(p.getFileName().toString()).matches())
                .filter(p -> description(p).equals("create_" + table))
                .map(p -> p.getFileName().toString())
                .findFirst();
    }

    /** Writes the file unless it already holds exactly this text, so timestamps change only with content. */
    public void write(String fileName, String content) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(fileName);
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            return;
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private List<Path> migrations() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> VERSIONED.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(Path file) {
        Matcher m = VERSIONED.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String description(Path file) {
        Matcher m = VERSIONED.matcher(file.getFileName().toString());
        return m.matches() ? m.group(2) : "";
    }
}
