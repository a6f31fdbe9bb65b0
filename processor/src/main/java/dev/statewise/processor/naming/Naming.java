package dev.statewise.processor.naming;

import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.Invariant;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.rules.Expression;
import dev.statewise.runtime.Columns;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.jooq.tools.StringUtils;

/**
 * The one owner of SQL names: how Java names become table, column, constraint, index and function
 * names, and the identifier rules of PostgreSQL (63 bytes, folding to lower case, reserved words).
 * Every writer asks here; no writer builds a name of its own.
 */
public final class Naming {

    /** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    // Statewise's own columns: their one home is the runtime's Columns, which generated code, the
    // runtime and the conformance check read too. Named here for the writers that build SQL; all
    // are constants, which javac copies in, so nothing of the runtime is loaded by the processor.
    public static final String ID = Columns.ID;
    public static final String VERSION = Columns.VERSION;
    public static final String CREATED_AT = Columns.CREATED_AT;
    public static final String UPDATED_AT = Columns.UPDATED_AT;
    public static final String TRANSITION = Columns.TRANSITION;
    public static final String TRANSITION_ACTOR = Columns.TRANSITION_ACTOR;
    public static final String TRANSITION_REASON = Columns.TRANSITION_REASON;
    public static final String CREATED_BY = Columns.CREATED_BY;
    public static final String CREATED_REASON = Columns.CREATED_REASON;
    public static final String CREATED_LOGIN_ROLE = Columns.CREATED_LOGIN_ROLE;

    /**
     * The columns every workflow table has besides its fields and state column, which no field may
     * take: {@link Columns#ALL}, read from its constant since the processor runs without the runtime.
     */
    public static final List<String> SYSTEM_COLUMNS = List.of(Columns.ALL_SEPARATED_BY_SPACES.split(" "));

    /** The history's column for the login role ({@code session_user}) that made the change. */
    public static final String LOGIN_ROLE = Columns.History.LOGIN_ROLE;

    /**
     * The classes jOOQ's generator writes into the jOOQ package whatever the tables: the catalog, the
     * schema, the {@code Tables}, {@code Keys} and {@code Indexes} of all tables in it.
     */
    public static final List<String> JOOQ_PACKAGE_CLASSES =
            List.of("DefaultCatalog", "DefaultSchema", "Indexes", "Keys", "Tables");

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Words that cannot name a table or column without quotes: PostgreSQL's reserved keywords and
     * those reserved but for function and type names (categories R and T of its keyword list).
     */
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
            "authorization", "binary", "both", "case", "cast", "check", "collate", "collation",
            "column", "concurrently", "constraint", "create", "cross", "current_catalog",
            "current_date", "current_role", "current_schema", "current_time", "current_timestamp",
            "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
            "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant",
            "group", "having", "ilike", "in", "initially", "inner", "intersect", "into", "is",
            "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
            "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or",
            "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right",
            "select", "session_user", "similar", "some", "symmetric", "system_user", "table",
            "tablesample", "then", "to", "trailing", "true", "union", "unique", "user", "using",
            "variadic", "verbose", "when", "where", "window", "with");

    private Naming() {}

    /**
     * A workflow's table: the {@code table} of its {@code @Workflow}, folded, or else its interface's
     * simple name in snake case.
     */
    public static String table(String declared, String simpleName) {
        return declared.isEmpty() ? snakeCase(simpleName) : fold(declared);
    }

    /** {@code startDate} and {@code START_DATE} give {@code start_date}; {@code HTMLPage}, {@code html_page}. */
    public static String snakeCase(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 8);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLower = i > 0 && Character.isLowerCase(javaName.charAt(i - 1));
                boolean endsAcronym = i > 0 && Character.isUpperCase(javaName.charAt(i - 1))
                        && i + 1 < javaName.length() && Character.isLowerCase(javaName.charAt(i + 1));
                boolean afterDigit = i > 0 && Character.isDigit(javaName.charAt(i - 1));
                if ((afterLower || endsAcronym || afterDigit) && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The name PostgreSQL stores for an unquoted identifier. */
    public static String fold(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }

    /** Whether the name can be written unquoted: letters, digits and underscores. */
    public static boolean isPlainIdentifier(String name) {
        return PLAIN_IDENTIFIER.matcher(name).matches();
    }

    public static boolean isReserved(String name) {
        return RESERVED.contains(fold(name));
    }

    public static int byteLength(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    // Names derived from a workflow. A derived name that would pass 63 bytes is shortened
    // deterministically, so a long table name still gives valid, stable names.

    public static String transitionTable(Workflow workflow) {
        return derived(workflow.table(), "transition");
    }

    public static String historyTable(Workflow workflow) {
        return derived(workflow.table(), "history");
    }

    /** The history table's reference to the workflow row: {@code task_id}. */
    public static String historyEntityColumn(Workflow workflow) {
        return derived(workflow.table(), "id");
    }

    /**
     * The tables of a workflow: its own, its transition table and its history table, and with an
     * event feed its position table.
     */
    public static List<String> tables(Workflow workflow) {
        return workflow.feed()
                ? List.of(workflow.table(), transitionTable(workflow), historyTable(workflow), feedPositionTable(workflow))
                : List.of(workflow.table(), transitionTable(workflow), historyTable(workflow));
    }

    /** The event feed's table of consumer positions: {@code task_feed_position}. */
    public static String feedPositionTable(Workflow workflow) {
        return derived(workflow.table(), "feed_position");
    }

    /** A CHECK on a column of the feed's positions: {@code task_feed_position_consumer_check}. */
    public static String feedPositionCheck(Workflow workflow, String column) {
        return derived(feedPositionTable(workflow), column, "check");
    }

    /** The feed key of the row's latest event, in a workflow with an event feed: {@code status_feed_xid}. */
    public static String stateFeedXid(Workflow workflow) {
        return derived(workflow.stateColumn(), Columns.FEED_XID_SUFFIX.substring(1));
    }

    /** The channel a notifying feed's trigger notifies at commit: {@code task_feed}. */
    public static String feedChannel(Workflow workflow) {
        return derived(workflow.table(), "feed");
    }

    /** The index the event feed reads the history by: {@code task_history_feed_idx}. */
    public static String feedIndex(Workflow workflow) {
        return derived(historyTable(workflow), "feed_idx");
    }

    public static String primaryKey(String table) {
        return derived(table, "pkey");
    }

    /** When the row entered its state: {@code status_since}. */
    public static String stateSince(Workflow workflow) {
        return derived(workflow.stateColumn(), Columns.SINCE_SUFFIX.substring(1));
    }

    /** The value's component that holds when the row entered its state: {@code statusSince}. */
    public static String sinceAccessor(Workflow workflow) {
        return stateAccessor(workflow) + "Since";
    }

    /** The row's current deadline, in a workflow with timeouts: {@code status_deadline}. */
    public static String stateDeadline(Workflow workflow) {
        return derived(workflow.stateColumn(), Columns.DEADLINE_SUFFIX.substring(1));
    }

    /** When a failed timeout is tried again, in a workflow with timeouts: {@code status_retry_at}. */
    public static String stateRetryAt(Workflow workflow) {
        return derived(workflow.stateColumn(), Columns.RETRY_AT_SUFFIX.substring(1));
    }

    /** The columns the triggers keep from the state column: since, and with timeouts deadline and retry. */
    public static List<String> stateTimeColumns(Workflow workflow) {
        return workflow.hasTimeouts()
                ? List.of(stateSince(workflow), stateDeadline(workflow), stateRetryAt(workflow))
                : List.of(stateSince(workflow));
    }

    /** The partial index of the rows with a deadline, for "what is due": {@code task_status_deadline_idx}. */
    public static String deadlineIndex(Workflow workflow) {
        return derived(workflow.table(), stateDeadline(workflow), "idx");
    }

    /** The temporary check by which the upgrade makes {@code status_since} NOT NULL. */
    public static String sinceNotNullCheck(Workflow workflow) {
        return derived(workflow.table(), stateSince(workflow), "not_null");
    }

    /** The CHECK that keeps the state column to the declared states: {@code task_status_check}. */
    public static String stateValuesCheck(Workflow workflow) {
        return derived(workflow.table(), workflow.stateColumn(), "check");
    }

    /** The CHECK that holds a state's requirements: {@code task_in_progress_check}. */
    public static String stateCheck(Workflow workflow, String state) {
        return derived(workflow.table(), fold(state), "check");
    }

    /**
     * The CHECK of an {@code @Invariant}, named by the rule: {@code <table>_<name>_rule} for a name
     * given, in snake case ({@code underwriterIsNotTheApplicant} gives
     * {@code loan_application_underwriter_is_not_the_applicant_rule}), and otherwise by the words
     * of its expression ({@code fundedAmount <= amount} gives
     * {@code loan_application_funded_amount_le_amount_rule}). Never by its position, so adding or
     * reordering rules renames none. The suffix keeps it apart from the states' and fields'
     * {@code _check}s, whatever the rule is called.
     */
    public static String ruleCheck(Workflow workflow, Invariant invariant) {
        String words = invariant.name().isEmpty() ? words(invariant.rule().expression())
                : fold(snakeCase(invariant.name()));
        return derived(workflow.table(), words, "rule");
    }

    /**
     * A rule's expression in words, normalized by its tree: the same for any spacing or redundant
     * parentheses. Columns by name, operators as words ({@code eq ne lt le gt ge}, {@code plus minus
     * times}, {@code and or not}, {@code is_null}), literals as lower-case words and digits.
     */
    private static String words(Expression expression) {
        if (expression instanceof Expression.Read read) {
            return read.field().column();
        } else if (expression instanceof Expression.NumberLiteral number) {
            String digits = number.value().toPlainString().replace('.', 'p');
            return digits.startsWith("-") ? "minus_" + digits.substring(1) : digits;
        } else if (expression instanceof Expression.TextLiteral text) {
            String word = text.value().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                    .replaceAll("^_|_$", "");
            return word.isEmpty() ? "empty" : word;
        } else if (expression instanceof Expression.BooleanLiteral bool) {
            return Boolean.toString(bool.value());
        } else if (expression instanceof Expression.EnumConstant constant) {
            return fold(constant.name());
        } else if (expression instanceof Expression.Negation negation) {
            return "minus_" + words(negation.operand());
        } else if (expression instanceof Expression.Arithmetic arithmetic) {
            String operator = switch (arithmetic.operator()) {
                case PLUS -> "plus";
                case MINUS -> "minus";
                case TIMES -> "times";
            };
            return words(arithmetic.left()) + "_" + operator + "_" + words(arithmetic.right());
        } else if (expression instanceof Expression.Comparison comparison) {
            return words(comparison.left()) + "_" + fold(comparison.comparator().name()) + "_"
                    + words(comparison.right());
        } else if (expression instanceof Expression.NullTest test) {
            return words(test.operand()) + (test.negated() ? "_is_not_null" : "_is_null");
        } else if (expression instanceof Expression.Not not) {
            return "not_" + words(not.operand());
        } else if (expression instanceof Expression.Logical logical) {
            return logical.operands().stream().map(Naming::words)
                    .collect(Collectors.joining("_" + logical.connective().rule() + "_"));
        }
        throw new IllegalArgumentException("unknown expression " + expression);
    }

    /**
     * The temporary check by which a migration makes an existing column NOT NULL without a long
     * lock: added NOT VALID, validated, then replaced by the column's NOT NULL.
     */
    public static String notNullCheck(Workflow workflow, Field field) {
        return derived(workflow.table(), field.column(), "not_null");
    }

    /**
     * A field's own CHECK, on its values whatever the state: an enum's constants, or no value its
     * Java type cannot hold (NaN, infinities, a JSON null): {@code task_priority_check}.
     */
    public static String fieldCheck(Workflow workflow, Field field) {
        return derived(workflow.table(), field.column(), "check");
    }

    /** The foreign key of a {@code @References} field: {@code payment_order_id_fkey}. */
    public static String foreignKey(Workflow workflow, Field field) {
        return derived(workflow.table(), field.column(), "fkey");
    }

    /** The index on a {@code @References} field's column, which PostgreSQL does not create: {@code payment_order_id_idx}. */
    public static String referenceIndex(Workflow workflow, Field field) {
        return derived(workflow.table(), field.column(), "idx");
    }

    /** The unique (partial) index of a {@code @Unique} field: {@code shipment_tracking_number_key}. */
    public static String uniqueIndex(Workflow workflow, Field field) {
        return derived(workflow.table(), field.column(), "key");
    }

    public static String stateIndex(Workflow workflow) {
        return derived(workflow.table(), workflow.stateColumn(), "idx");
    }

    public static String activeStateIndex(Workflow workflow) {
        return derived(workflow.table(), "active", "idx");
    }

    /** A CHECK on a column of the history: {@code task_history_actor_check}. */
    public static String historyCheck(Workflow workflow, String column) {
        return derived(historyTable(workflow), column, "check");
    }

    public static String historyIndex(Workflow workflow) {
        return derived(historyTable(workflow), historyEntityColumn(workflow), "idx");
    }

    /**
     * The foreign key from the history to the workflow's table, which schemas built before decision
     * 0018 have and a migration drops: {@code task_history_task_fkey}.
     */
    public static String historyEntityForeignKey(Workflow workflow) {
        return derived(historyTable(workflow), workflow.table(), "fkey");
    }

    /** The foreign key from the history to the transition table, dropped like the one above. */
    public static String historyEdgeForeignKey(Workflow workflow) {
        return derived(historyTable(workflow), "transition", "fkey");
    }

    public static String beforeInsertFunction(Workflow workflow) {
        return derived(workflow.table(), "before_insert");
    }

    public static String beforeUpdateFunction(Workflow workflow) {
        return derived(workflow.table(), "before_update");
    }

    /** Refuses deleting a row with history, and truncating the table: {@code task_before_delete}. */
    public static String beforeDeleteFunction(Workflow workflow) {
        return derived(workflow.table(), "before_delete");
    }

    /** The statement trigger that runs {@link #beforeDeleteFunction} for a TRUNCATE: {@code task_before_truncate}. */
    public static String beforeTruncateTrigger(Workflow workflow) {
        return derived(workflow.table(), "before_truncate");
    }

    public static String appendOnlyFunction(Workflow workflow) {
        return derived(historyTable(workflow), "append_only");
    }

    /** The trigger that refuses a history row written by anything but a trigger: {@code task_history_before_insert}. */
    public static String historyBeforeInsertTrigger(Workflow workflow) {
        return derived(historyTable(workflow), "before_insert");
    }

    /** Refuses deleting or renaming an edge: {@code task_transition_keep_edges}. */
    public static String edgesKeptFunction(Workflow workflow) {
        return derived(transitionTable(workflow), "keep_edges");
    }

    /** Refuses adding, retiring or taking back an edge to any role but the table's owner: {@code task_transition_owner_only}. */
    public static String edgesOwnerOnlyFunction(Workflow workflow) {
        return derived(transitionTable(workflow), "owner_only");
    }

    /** The row-level security policy that lets every role that may select the history read all of it: {@code task_history_read}. */
    public static String historyReadPolicy(Workflow workflow) {
        return derived(historyTable(workflow), "read");
    }

    // Names of generated Java classes and members

    public static String packageOf(Workflow workflow) {
        return packageOf(workflow.qualifiedName());
    }

    /** The package of a type named by its qualified name: {@code com.example} of {@code com.example.Task}. */
    public static String packageOf(String qualifiedName) {
        int dot = qualifiedName.lastIndexOf('.');
        return dot < 0 ? "" : qualifiedName.substring(0, dot);
    }

    /** The immutable value type: {@code TaskValue}. */
    public static String valueClass(Workflow workflow) {
        return valueClass(workflow.simpleName());
    }

    /** The value type of the workflow with this simple name. */
    public static String valueClass(String workflowSimpleName) {
        return workflowSimpleName + "Value";
    }

    /** The jOOQ-backed repository: {@code TaskRepository}. */
    public static String repositoryClass(Workflow workflow) {
        return workflow.simpleName() + "Repository";
    }

    /** The descriptor of the machine: {@code TaskWorkflow}. */
    public static String descriptorClass(Workflow workflow) {
        return descriptorClass(workflow.simpleName());
    }

    /** The descriptor of the workflow with this simple name, e.g. one a field references. */
    public static String descriptorClass(String workflowSimpleName) {
        return workflowSimpleName + "Workflow";
    }

    /** The factory of a new value in an initial state: {@code create}, or {@code createInDraft} among several. */
    public static String factory(Workflow workflow, String initialState) {
        return workflow.initialStates().size() == 1 ? "create" : "createIn" + upperCamel(initialState);
    }

    /** The value type's accessor of the state: {@code status} for enum {@code Status}. */
    public static String stateAccessor(Workflow workflow) {
        return lowerCamel(workflow.stateColumn());
    }

    /** jOOQ's class for a table, by jOOQ's own rule: {@code task_history} gives {@code TaskHistory}. */
    public static String jooqClass(String table) {
        return StringUtils.toCamelCase(table);
    }

    /** jOOQ's {@code Tables} class, whose constants the repository queries: {@code com.example.jooq.Tables}. */
    public static String jooqTables(String jooqPackage) {
        return jooqPackage + ".Tables";
    }

    /** jOOQ's table class of a table, qualified: {@code com.example.jooq.tables.TaskHistory}. */
    public static String jooqTableClass(String jooqPackage, String table) {
        return jooqPackage + ".tables." + jooqClass(table);
    }

    /** jOOQ's record class of a table, qualified: {@code com.example.jooq.tables.records.TaskHistoryRecord}. */
    public static String jooqRecordClass(String jooqPackage, String table) {
        return jooqPackage + ".tables.records." + jooqClass(table) + "Record";
    }

    /** jOOQ's constant for a table: {@code task_history} gives {@code TASK_HISTORY}. */
    public static String jooqConstant(String sqlName) {
        return sqlName.toUpperCase(Locale.ROOT);
    }

    /**
     * jOOQ's constant for a column of a table: {@code START_DATE}, with an underscore appended where
     * it would take the name of the table's own constant, as jOOQ's generator does.
     */
    public static String jooqColumnConstant(String table, String column) {
        String constant = jooqConstant(column);
        return constant.equals(jooqConstant(table)) ? constant + "_" : constant;
    }

    /** The value's method that sets a field: {@code startDate} gives {@code withStartDate}. */
    public static String wither(String field) {
        return "with" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    /** A Java name for a state in a method name: {@code IN_REVIEW} gives {@code InReview}. */
    public static String upperCamel(String name) {
        String camel = lowerCamel(name);
        return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }

    /** {@code in_progress} and {@code IN_PROGRESS} give {@code inProgress}. */
    public static String lowerCamel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** Joins parts with underscores, shortening the result to 63 bytes with a stable hash suffix. */
    static String derived(String... parts) {
        String name = String.join("_", parts);
        if (byteLength(name) <= MAX_IDENTIFIER_BYTES) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        String suffix = String.format(Locale.ROOT, "_%08x", crc.getValue());
        String prefix = name;
        while (byteLength(prefix + suffix) > MAX_IDENTIFIER_BYTES) {
            prefix = prefix.substring(0, prefix.offsetByCodePoints(prefix.length(), -1));
        }
        return prefix + suffix;
    }
}
