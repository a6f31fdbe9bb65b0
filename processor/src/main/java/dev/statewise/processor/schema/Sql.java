package dev.statewise.processor.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fragment of SQL, built the way JavaPoet's {@code CodeBlock} builds Java: the text around it is
 * written as is, and what goes into it through a placeholder is escaped by construction.
 *
 * <ul>
 *   <li>{@code $N} a name written as declared: a table, constraint, function or role, which
 *       {@code Naming} has already made a plain identifier;
 *   <li>{@code $C} a column of a workflow's tables, quoted where the reader needs it (jOOQ's DDL
 *       interpreter reads {@code level} as Oracle's pseudo-column);
 *   <li>{@code $L} a string literal, or a collection of them joined by commas: a {@code $} in one
 *       is written as an escape, so no literal ends a dollar quote or reads as Flyway's {@code $}{@code {};
 *   <li>{@code $S} another {@code Sql}, or a {@code String} of SQL; each line after its first is
 *       indented as the line the placeholder stands on, so a PL/pgSQL block can go in whole;
 *   <li>{@code $$} a dollar sign.
 * </ul>
 *
 * {@link #named} takes {@code $name:N}, {@code $name:C}, {@code $name:L} and {@code $name:S} instead,
 * for the longer bodies of trigger functions.
 */
public final class Sql {

    /** How names are written for whoever reads the text. */
    public enum Dialect {
        /** PostgreSQL, as the migrations say it. */
        POSTGRES,
        /** jOOQ's DDL interpreter, which reads some unquoted column names as pseudo-columns. */
        JOOQ
    }

    private enum Kind { TEXT, NAME, COLUMN, LITERAL, NULL_LITERAL }

    private record Part(Kind kind, String text) {}

    private static final Pattern POSITIONAL = Pattern.compile("\\$(\\$|[NCLS])");
    private static final Pattern NAMED = Pattern.compile("\\$(\\$|([a-zA-Z][a-zA-Z0-9]*):([NCLS]))");

    private final List<Part> parts;

    private Sql(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** SQL with positional placeholders, each taking the next argument. */
    public static Sql of(String format, Object... args) {
        Iterator<Object> next = Arrays.asList(args).iterator();
        Sql sql = parse(format, POSITIONAL, 1, m -> {
            if (!next.hasNext()) {
                throw new IllegalArgumentException("too few arguments for " + format);
            }
            return next.next();
        });
        if (next.hasNext()) {
            throw new IllegalArgumentException("too many arguments for " + format);
        }
        return sql;
    }

    /** SQL with named placeholders, for a trigger function's body as a text block. */
    public static Sql named(String format, Map<String, ?> args) {
        return parse(format, NAMED, 3, m -> {
            if (!args.containsKey(m.group(2))) {
                throw new IllegalArgumentException("no argument " + m.group(2) + " for " + format);
            }
            return args.get(m.group(2));
        });
    }

    /** The format's text, with each placeholder but {@code $$} replaced by its argument. */
    private static Sql parse(String format, Pattern placeholders, int kindGroup, Function<Matcher, Object> argument) {
        Builder builder = new Builder();
        Matcher m = placeholders.matcher(format);
        int at = 0;
        while (m.find()) {
            builder.text(format.substring(at, m.start()));
            if (m.group(1).equals("$")) {
                builder.text("$");
            } else {
                builder.add(m.group(kindGroup).charAt(0), argument.apply(m), format);
            }
            at = m.end();
        }
        builder.text(format.substring(at));
        return builder.build();
    }

    /** A string literal, or {@code NULL}. */
    public static Sql literal(String text) {
        return new Sql(List.of(text == null ? new Part(Kind.NULL_LITERAL, "") : new Part(Kind.LITERAL, text)));
    }

    public static Sql column(String name) {
        return new Sql(List.of(new Part(Kind.COLUMN, name)));
    }

    /** The fragments, each followed by the separator but the last. */
    public static Sql join(String separator, List<Sql> fragments) {
        Builder builder = new Builder();
        for (int i = 0; i < fragments.size(); i++) {
            if (i > 0) {
                builder.text(separator);
            }
            builder.parts.addAll(fragments.get(i).parts);
        }
        return builder.build();
    }

    public boolean isEmpty() {
        return parts.stream().allMatch(p -> p.kind() == Kind.TEXT && p.text().isEmpty());
    }

    /** The text as PostgreSQL reads it. */
    @Override
    public String toString() {
        return render(Dialect.POSTGRES);
    }

    public String render(Dialect dialect) {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            text.append(switch (part.kind()) {
                case TEXT, NAME -> part.text();
                case COLUMN -> dialect == Dialect.JOOQ ? "\"" + part.text() + "\"" : part.text();
                case LITERAL -> quote(part.text());
                case NULL_LITERAL -> "NULL";
            });
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sql sql && parts.equals(sql.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /**
     * A string literal. One with a {@code $} is written as an escape string with {@code \x24} in
     * its place: a {@code $} could end the dollar quotes of a function's body, and Flyway reads
     * {@code ${...}} anywhere in a migration as a placeholder. Java allows {@code $} in the names of
     * states and types, and Javadoc may hold anything.
     */
    static String quote(String text) {
        if (text.indexOf('$') < 0) {
            return "'" + text.replace("'", "''") + "'";
        }
        return "E'" + text.replace("\\", "\\\\").replace("'", "''").replace("$", "\\x24") + "'";
    }

    private static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        void text(String text) {
            if (!text.isEmpty()) {
                parts.add(new Part(Kind.TEXT, text));
            }
        }

        void add(char placeholder, Object arg, String format) {
            switch (placeholder) {
                case 'N' -> parts.add(new Part(Kind.NAME, string(arg, format)));
                case 'C' -> parts.add(new Part(Kind.COLUMN, string(arg, format)));
                case 'L' -> {
                    if (arg instanceof Collection<?> texts) {
                        int i = 0;
                        for (Object each : texts) {
                            text(i++ > 0 ? ", " : "");
                            parts.add(new Part(Kind.LITERAL, string(each, format)));
                        }
                    } else if (arg == null) {
                        parts.add(new Part(Kind.NULL_LITERAL, ""));
                    } else {
                        parts.add(new Part(Kind.LITERAL, string(arg, format)));
                    }
                }
                case 'S' -> indented(arg instanceof Sql sql ? sql.parts : List.of(new Part(Kind.TEXT, string(arg, format))));
                default -> throw new IllegalArgumentException(format);
            }
        }

        /** The parts, each line after the first indented as the line the placeholder stands on. */
        private void indented(List<Part> inserted) {
            String indent = currentIndent();
            for (Part part : inserted) {
                if (part.kind() == Kind.TEXT && !indent.isEmpty()) {
                    text(part.text().replace("\n", "\n" + indent));
                } else {
                    parts.add(part);
                }
            }
        }

        private String currentIndent() {
            StringBuilder line = new StringBuilder();
            for (int i = parts.size() - 1; i >= 0; i--) {
                Part part = parts.get(i);
                String text = part.kind() == Kind.TEXT ? part.text() : "x";
                int newline = text.lastIndexOf('\n');
                line.insert(0, newline < 0 ? text : text.substring(newline + 1));
                if (newline >= 0) {
                    break;
                }
            }
            int blanks = 0;
            while (blanks < line.length() && line.charAt(blanks) == ' ') {
                blanks++;
            }
            return " ".repeat(blanks);
        }

        private static String string(Object arg, String format) {
            if (!(arg instanceof String text)) {
                throw new IllegalArgumentException("expected a String, got " + arg + " for " + format);
            }
            return text;
        }

        Sql build() {
            return new Sql(parts);
        }
    }
}
