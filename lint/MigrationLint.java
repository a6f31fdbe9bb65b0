import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lints every committed Flyway migration of the samples, and the processor's golden migrations, with squawk, the version pinned in
 * {@code lint/package-lock.json}; {@code ./mvnw verify} runs it from the repository's root, and so
 * can a person: {@code java lint/MigrationLint.java}. See docs/migration-lint.md.
 *
 * <p>A workflow's first migration, {@code V<n>__create_<table>.sql}, is linted with
 * {@code lint/squawk-create.toml}, every other one with {@code lint/squawk.toml}. Without npm on the
 * PATH the lint is skipped with a warning, except on CI, where it fails.
 */
public class MigrationLint {

    private static final Path SAMPLES = Path.of("samples");
    private static final Path MIGRATION_FOLDER = Path.of("src", "main", "resources", "db", "migration");
    /** The processor's golden migrations: every kind of change the generator writes. */
    private static final Path GOLDEN = Path.of("processor", "src", "test", "resources", "golden");
    private static final Path INSTALL = Path.of("target", "squawk");
    private static final Pattern CREATE_MIGRATION = Pattern.compile("V\\d+__create_.+\\.sql");
    /** squawk colours its report and links rule names even into a pipe; a build log wants plain text. */
    private static final Pattern TERMINAL_ESCAPES = Pattern.compile("\u001B\\[[0-9;]*m|\u001B]8;;[^\u001B]*\u001B\\\\");
    private static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");
    /** One stream for squawk's report and ours, so that a build log keeps them in order. */
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    public static void main(String[] args) throws IOException, InterruptedException {
        if (!Files.isDirectory(SAMPLES) || !Files.isDirectory(Path.of("lint"))) {
            fail("run it from the repository's root: java lint/MigrationLint.java");
        }
        Optional<Path> npm = onPath(WINDOWS ? "npm.cmd" : "npm");
        Optional<Path> node = onPath(WINDOWS ? "node.exe" : "node");
        if (npm.isEmpty() || node.isEmpty()) {
            String reason = "Node.js and npm are not on the PATH: the migrations are not linted. "
                    + "Install Node.js 20 or later to lint them with squawk (docs/migration-lint.md).";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " CI must lint them.");
            }
            OUT.println("[WARNING] " + reason);
            return;
        }

        List<Path> create = new ArrayList<>();
        List<Path> later = new ArrayList<>();
        for (Path migration : migrations()) {
            (CREATE_MIGRATION.matcher(migration.getFileName().toString()).matches() ? create : later).add(migration);
        }
        if (create.isEmpty() && later.isEmpty()) {
            fail("no migration found in samples/*/" + slashes(MIGRATION_FOLDER) + ": has the folder moved?");
        }

        Files.createDirectories(INSTALL);
        for (String file : List.of("package.json", "package-lock.json")) {
            Files.copy(Path.of("lint", file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // Install scripts are off: squawk ships its binary in a per-platform package and needs none.
        if (run(INSTALL, npm.get().toString(), "ci", "--ignore-scripts", "--prefer-offline",
                "--no-audit", "--no-fund", "--loglevel=error") != 0) {
            fail("npm could not install squawk from lint/package-lock.json (see above).");
        }

        String squawk = INSTALL.resolve(Path.of("node_modules", "squawk-cli", "js", "bin", "squawk")).toString();
        boolean clean = true;
        if (!create.isEmpty()) {
            OUT.println("squawk: " + create.size() + " create migration(s), lint/squawk-create.toml");
            clean &= squawk(node.get(), squawk, "lint/squawk-create.toml", create);
        }
        if (!later.isEmpty()) {
            OUT.println("squawk: " + later.size() + " later migration(s), lint/squawk.toml");
            clean &= squawk(node.get(), squawk, "lint/squawk.toml", later);
        }
        if (!clean) {
            fail("squawk reported the problems above. Fix the generator, or justify the rule in "
                    + "docs/migration-lint.md and exclude it in lint/squawk.toml or lint/squawk-create.toml.");
        }
    }

    /** The migrations of every sample and the goldens, in a stable order, relative to the repository's root. */
    private static List<Path> migrations() throws IOException {
        List<Path> migrations = new ArrayList<>();
        try (Stream<Path> goldens = Files.walk(GOLDEN)) {
            goldens.filter(file -> file.getFileName().toString().endsWith(".sql")).forEach(migrations::add);
        }
        try (Stream<Path> samples = Files.list(SAMPLES)) {
            for (Path folder : samples.map(sample -> sample.resolve(MIGRATION_FOLDER)).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(file -> file.getFileName().toString().endsWith(".sql")).forEach(migrations::add);
                }
            }
        }
        migrations.sort(null);
        return migrations;
    }

    private static boolean squawk(Path node, String squawk, String config, List<Path> files)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(node.toString(), squawk, "--config=" + config));
        files.forEach(file -> command.add(slashes(file)));
        return run(Path.of(""), command.toArray(String[]::new)) == 0;
    }

    /** Runs a command in a folder, its output on ours, and returns its exit code. */
    private static int run(Path folder, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(folder.toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().map(line -> TERMINAL_ESCAPES.matcher(line).replaceAll("")).forEach(OUT::println);
        }
        return process.waitFor();
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(folder -> !folder.isEmpty())
                .map(folder -> Path.of(folder, executable))
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
                .findFirst();
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    private static void fail(String message) {
        OUT.println("[ERROR] Migration lint: " + message);
        System.exit(1);
    }
}
