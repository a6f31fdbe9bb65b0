package dev.statewise.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL that recreates a generated function from its own definition with some text replaced, the way
 * a hand-written migration or a hurried fix could: run in the schema the function is in, as a role
 * that may replace it. {@code @schema} in either text stands for that schema, quoted as needed.
 *
 * <pre>{@code
 * statement.execute(Rewrite.function("ticket_before_update")
 *         .replace("IF NEW.id <> OLD.id THEN", "IF false THEN")
 *         .sql());
 * }</pre>
 */
final class Rewrite {

    /** The path Statewise's functions pin since decision 0019, as {@code pg_get_functiondef} writes it. */
    static final String PINNED_PATH = "SET search_path TO 'pg_catalog', 'pg_temp'";

    private final String function;
    private final List<String[]> replacements = new ArrayList<>();

    private Rewrite(String function) {
        this.function = function;
    }

    static Rewrite function(String function) {
        return new Rewrite(function);
    }

    Rewrite replace(String text, String replacement) {
        replacements.add(new String[] {text, replacement});
        return this;
    }

    /**
     * Table names without their schema, found through {@code searchPath} (SQL, {@code @schema}
     * allowed) as the functions Statewise wrote before decision 0019 found them.
     */
    Rewrite unqualified(String searchPath) {
        return replace("@schema.", "").replace(PINNED_PATH, "SET search_path TO " + searchPath);
    }

    /** Runs with the caller's rights, not the owner's. */
    Rewrite invoker() {
        return replace("SECURITY DEFINER", "SECURITY INVOKER");
    }

    String sql() {
        StringBuilder sql = new StringBuilder("DO $rewrite$ DECLARE definition text; BEGIN\n")
                .append("    definition := pg_get_functiondef(to_regproc(quote_ident(current_schema()) || '.' || ")
                .append(literal(function)).append("));\n");
        for (String[] replacement : replacements) {
            sql.append("    definition := replace(definition, ").append(withSchema(replacement[0])).append(", ")
                    .append(withSchema(replacement[1])).append(");\n");
        }
        return sql.append("    EXECUTE definition;\nEND $rewrite$").toString();
    }

    private static String withSchema(String text) {
        return "replace(" + literal(text) + ", '@schema', quote_ident(current_schema()))";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
