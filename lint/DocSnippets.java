import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the code in the documentation the code the build compiles: every {@code java}, {@code sql}
 * and {@code xml} block of the repository's Markdown is a copy of a region of a file that a
 * module compiles, tests or applies, and this check fails the build when a copy differs. See
 * docs/decisions/0013-doc-snippets-from-compiled-sources.md.
 *
 * <p>A block names its source, by its path from the repository's root, on the line before its fence:
 *
 * <pre>
 * &lt;!-- snippet: samples/task-board/src/main/java/dev/statewise/samples/taskboard/Task.java#guard --&gt;
 * </pre>
 *
 * <p>The part after {@code #} is a tag: the lines between {@code tag::guard[]} and
 * {@code end::guard[]} (in any comment syntax), with their common indentation removed; several
 * regions with the same tag are joined in order, and lines holding other tags are left out.
 * A file that cannot carry tags, such as a generated migration, can be quoted by one line:
 * {@code <!-- snippet: path line "CONSTRAINT task_in_progress_check" -->} is the one line that
 * contains the text, without its indentation. Otherwise the block is the whole file.
 *
 * <p>A {@code java} block that declares a type (a line that starts {@code class}, {@code interface}...)
 * shows its file's imports: tag them with the same tag, so that a reader can copy the block.
 *
 * <p>{@code ./mvnw verify} runs it from the repository's root, as can a person:
 * {@code java lint/DocSnippets.java} checks, {@code java lint/DocSnippets.java --update} copies
 * every source into its block.
 */
public class DocSnippets {

    private static final Set<String> COMPILED_LANGUAGES = Set.of("java", "sql", "xml");
    private static final Pattern MARKER =
            Pattern.compile("^<!-- snippet: (\\S+?)(?:#([\\w-]+))?(?: line \"([^\"]+)\")? -->$");
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)$");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "(?:public |abstract |final |sealed |non-sealed )*(?:class|interface|record|enum|@interface) \\w");
    private static final Pattern TAG_LINE = Pattern.compile("(?:tag|end)::[\\w-]+\\[]");
    /** Build output, tools, and resources: the pages the processor generates are not documentation. */
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", ".mvn", "resources");

    public static void main(String[] args) throws IOException {
        boolean update = List.of(args).contains("--update");
        Path root = Path.of("");
        if (!Files.isDirectory(root.resolve("docs")) || !Files.isDirectory(root.resolve("lint"))) {
            fail("run it from the repository's root: java lint/DocSnippets.java");
        }
        List<String> problems = new ArrayList<>();
        int snippets = 0;
        for (Path page : pages(root)) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            List<String> fixed = new ArrayList<>();
            boolean unclosed = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                fixed.add(line);
                Matcher fence = FENCE.matcher(line);
                Matcher marker = MARKER.matcher(line);
                if (marker.matches()) {
                    String where = page + ":" + (i + 1);
                    if (i + 1 >= lines.size() || !FENCE.matcher(lines.get(i + 1)).matches()
                            || lines.get(i + 1).equals("```")) {
                        problems.add(where + ": a snippet marker must stand right before a fenced block with a language");
                        continue;
                    }
                    fixed.add(lines.get(i + 1));
                    int end = closingFence(lines, i + 2);
                    if (end < 0) {
                        problems.add(where + ": the block is never closed");
                        unclosed = true;
                        break;
                    }
                    snippets++;
                    List<String> shown = lines.subList(i + 2, end);
                    List<String> source;
                    try {
                        source = marker.group(3) != null
                                ? line(root.resolve(marker.group(1)), marker.group(3))
                                : region(root.resolve(marker.group(1)), marker.group(2));
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ": " + e.getMessage());
                        source = shown;
                    }
                    if (lines.get(i + 1).equals("```java") && declaresAType(source)
                            && source.stream().noneMatch(l -> l.startsWith("import "))
                            && read(root.resolve(marker.group(1))).stream().anyMatch(l -> l.startsWith("import "))) {
                        problems.add(where + ": the block declares a type but leaves out the imports of "
                                + marker.group(1) + "; tag them too, so that a reader can copy it");
                    }
                    if (!source.equals(shown)) {
                        problems.add(where + ": the block differs from its source " + marker.group(1)
                                + firstDifference(source, shown));
                    }
                    fixed.addAll(source);
                    fixed.add(lines.get(end));
                    i = end;
                } else if (fence.matches() && !line.equals("```")) {
                    String where = page + ":" + (i + 1);
                    if (COMPILED_LANGUAGES.contains(fence.group(1))) {
                        problems.add(where + ": a " + fence.group(1) + " block without a snippet marker naming its source");
                    }
                    int end = closingFence(lines, i + 1);
                    if (end < 0) {
                        problems.add(where + ": the block is never closed");
                        unclosed = true;
                        break;
                    }
                    fixed.addAll(lines.subList(i + 1, end + 1));
                    i = end;
                } else if (line.equals("```")) {
                    int end = closingFence(lines, i + 1);
                    if (end >= 0) {
                        fixed.addAll(lines.subList(i + 1, end + 1));
                        i = end;
                    }
                }
            }
            // A page with an unclosed block is left as it is: the rest of it was never read.
            if (update && !unclosed && !fixed.equals(lines)) {
                Files.write(page, fixed, StandardCharsets.UTF_8);
                System.out.println("updated " + page);
            }
        }
        if (update) {
            problems.removeIf(p -> p.contains(": the block differs from "));
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("[ERROR] " + p));
            fail(problems.size() + " problem(s) with the code in the documentation; "
                    + "java lint/DocSnippets.java --update copies the sources into the blocks");
        }
        System.out.println("doc snippets: " + snippets + " blocks match their sources");
    }

    /** Whether a snippet declares a top-level type, which a reader copies whole, imports and all. */
    private static boolean declaresAType(List<String> snippet) {
        return snippet.stream().anyMatch(l -> TYPE_DECLARATION.matcher(l).lookingAt());
    }

    /** The Markdown a user reads: the READMEs and docs/, not generated pages or build output. */
    private static List<Path> pages(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        for (Path part : p) {
                            if (SKIPPED.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        }
    }

    private static int closingFence(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals("```")) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> line(Path file, String text) {
        List<String> matching = read(file).stream().filter(l -> l.contains(text)).toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException(file + " has " + matching.size() + " lines containing \"" + text
                    + "\"; a snippet quotes exactly one");
        }
        return List.of(matching.get(0).strip());
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e);
        }
    }

    private static List<String> region(Path file, String tag) {
        List<String> lines = read(file);
        if (tag == null) {
            return lines;
        }
        String start = "tag::" + tag + "[]";
        String end = "end::" + tag + "[]";
        List<String> joined = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            if (line.contains(start)) {
                if (current != null) {
                    throw new IllegalArgumentException(file + " opens tag " + tag + " twice");
                }
                current = new ArrayList<>();
            } else if (line.contains(end)) {
                if (current == null) {
                    throw new IllegalArgumentException(file + " closes tag " + tag + " before opening it");
                }
                joined.addAll(dedented(current));
                current = null;
            } else if (current != null && !TAG_LINE.matcher(line).find()) {
                current.add(line);
            }
        }
        if (current != null) {
            throw new IllegalArgumentException(file + " never closes tag " + tag);
        }
        if (joined.isEmpty()) {
            throw new IllegalArgumentException(file + " has no tag " + tag);
        }
        return joined;
    }

    private static List<String> dedented(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static String firstDifference(List<String> source, List<String> shown) {
        for (int i = 0; i < Math.max(source.size(), shown.size()); i++) {
            String expected = i < source.size() ? source.get(i) : "(nothing)";
            String actual = i < shown.size() ? shown.get(i) : "(nothing)";
            if (!expected.equals(actual)) {
                return " at its line " + (i + 1) + ":\n    source: " + expected + "\n    shown:  " + actual;
            }
        }
        return "";
    }

    private static void fail(String message) {
        System.out.println("[ERROR] " + message);
        System.exit(1);
    }
}
