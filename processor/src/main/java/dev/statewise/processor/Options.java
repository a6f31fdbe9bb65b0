package dev.statewise.processor;

import dev.statewise.processor.checks.Suggestions;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.naming.Naming;
import dev.statewise.processor.schema.Grants;
import dev.statewise.processor.sql.MigrationFolder;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * The processor's options, read and checked once: every value is one the processor can use, or
 * the compile fails naming the option, the value and what it takes. A value left as
 * {@code ${...}}, a build property that was never defined, is refused like any other, and so is
 * an option of Statewise's namespace that Statewise does not have ({@code -Astatewise.verfy}):
 * javac only warns about it, and the build would go on as if the option had not been given.
 * A blank value is no value: the option's default.
 *
 * @param migrations the folder migrations are committed to, if named
 * @param jooqPackage the package of the jOOQ classes, if named
 * @param lean whether jOOQ's classes leave out implicit join paths and {@code RecordN} interfaces
 * @param verify whether a workflow that needs a migration fails the compile instead of getting one
 * @param grants the roles the migrations grant privileges to
 * @param errors what is wrong with the values, one message each; the processor writes nothing then
 */
record Options(Optional<MigrationFolder> migrations, Optional<String> jooqPackage, boolean lean, boolean verify,
        Grants grants, List<String> errors) {

    static final String MIGRATIONS = "statewise.migrations";
    static final String JOOQ_PACKAGE = "statewise.jooq.package";
    static final String JOOQ_LEAN = "statewise.jooq.lean";
    static final String VERIFY = "statewise.verify";
    static final String APPLICATION_ROLE = Grants.APPLICATION_ROLE_OPTION;
    static final String READ_ONLY_ROLE = Grants.READ_ONLY_ROLE_OPTION;

    static final List<String> ALL = List.of(MIGRATIONS, JOOQ_PACKAGE, JOOQ_LEAN, VERIFY, APPLICATION_ROLE,
            READ_ONLY_ROLE);

    // Unquoted in the migrations, so it must mean the same to PostgreSQL as written.
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]*");

    /** What each option takes, as the messages about a bad value say it. */
    private static final Map<String, String> ACCEPTED = Map.of(
            MIGRATIONS, "the folder where migrations are committed, e.g. -A" + MIGRATIONS
                    + "=${project.basedir}/src/main/resources/db/migration",
            JOOQ_PACKAGE, "a Java package name, e.g. -A" + JOOQ_PACKAGE + "=com.example.jooq",
            JOOQ_LEAN, "true or false",
            VERIFY, "true or false",
            APPLICATION_ROLE, "a role name in lowercase letters, digits and underscores, e.g. -A"
                    + APPLICATION_ROLE + "=app_service",
            READ_ONLY_ROLE, "a role name in lowercase letters, digits and underscores, e.g. -A"
                    + READ_ONLY_ROLE + "=app_reports");

    private static final String NAMESPACE = "statewise.";

    static Options read(Map<String, String> given) {
        List<String> errors = new ArrayList<>();
        given.keySet().stream()
                .filter(name -> name.startsWith(NAMESPACE) && !ALL.contains(name))
                .sorted()
                .forEach(name -> errors.add(Message.UNKNOWN_OPTION.format(name,
                        Suggestions.hint(name, ALL, "options", "Statewise"))));
        // Checked once here, so that no option below mistakes an undefined property for a value.
        Map<String, String> options = new HashMap<>(given);
        for (String name : ALL) {
            String value = given.get(name);
            if (value != null && value.contains("${")) {
                errors.add(Message.BAD_OPTION.format(name, value, "is a build property that was never defined",
                        ACCEPTED.get(name) + ", or define the property in the build"));
                options.remove(name);
            }
        }
        Optional<MigrationFolder> migrations = value(options, MIGRATIONS).flatMap(folder -> {
            try {
                return Optional.of(new MigrationFolder(Path.of(folder)));
            } catch (InvalidPathException e) {
                errors.add(Message.BAD_OPTION.format(MIGRATIONS, folder,
                        "is not a usable folder (" + e.getMessage() + ")", ACCEPTED.get(MIGRATIONS)));
                return Optional.empty();
            }
        });
        Optional<String> jooqPackage = value(options, JOOQ_PACKAGE).filter(name -> {
            if (SourceVersion.isName(name)) {
                return true;
            }
            errors.add(Message.BAD_OPTION.format(JOOQ_PACKAGE, name, "is not a Java package name",
                    ACCEPTED.get(JOOQ_PACKAGE)));
            return false;
        });
        boolean lean = bool(options, JOOQ_LEAN, errors);
        boolean verify = bool(options, VERIFY, errors);
        String application = role(options, APPLICATION_ROLE, errors);
        String readOnly = role(options, READ_ONLY_ROLE, errors);
        if (application != null && application.equals(readOnly)) {
            errors.add(Message.BAD_ROLE_OPTION.format(READ_ONLY_ROLE, readOnly,
                    "it is the application role too, which may write", READ_ONLY_ROLE));
        }
        return new Options(migrations, jooqPackage, lean, verify, new Grants(application, readOnly),
                List.copyOf(errors));
    }

    private static Optional<String> value(Map<String, String> options, String name) {
        return Optional.ofNullable(options.get(name)).filter(v -> !v.isBlank());
    }

    private static boolean bool(Map<String, String> options, String name, List<String> errors) {
        Optional<String> value = value(options, name);
        if (value.isEmpty()) {
            return false;
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors.add(Message.BAD_BOOLEAN_OPTION.format(name, value.get(), name));
                return false;
        }
    }

    private static String role(Map<String, String> options, String name, List<String> errors) {
        Optional<String> value = value(options, name);
        if (value.isEmpty()) {
            return null;
        }
        String role = value.get();
        String wrong = !ROLE.matcher(role).matches() ? "it would need quotes"
                : Naming.byteLength(role) > Naming.MAX_IDENTIFIER_BYTES
                        ? "it is longer than " + Naming.MAX_IDENTIFIER_BYTES + " bytes"
                        : Naming.isReserved(role) ? "it is a reserved word"
                        : role.startsWith("pg_") ? "names starting with pg_ are PostgreSQL's own"
                        : role.equals("public") ? "PUBLIC is every role"
                        : null;
        if (wrong != null) {
            errors.add(Message.BAD_ROLE_OPTION.format(name, role, wrong, name));
            return null;
        }
        return role;
    }
}
