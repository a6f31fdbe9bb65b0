package dev.statewise.processor.diagnostics;

/**
 * Every message the processor reports. Each states the rule, names the offender and suggests the
 * fix. The documentation's list of compile errors follows this catalogue, and every message
 * starts with its code, {@code [UNKNOWN_STATE] ...}, which is the anchor of its row there
 * ({@code docs/dsl.md#UNKNOWN_STATE}).
 */
public enum Message {

    // The declaration's shape
    NOT_AN_INTERFACE(Severity.ERROR,
            "@Workflow applies to interfaces only, and %s is %s; declare it as an interface"),
    NOT_TOP_LEVEL(Severity.ERROR,
            "workflow %s must be a top-level interface in a named package: the classes generated for "
                    + "it are top-level classes of its package; move it to a file of its own in a package"),
    NOT_PUBLIC(Severity.ERROR,
            "%s must be public: the jOOQ classes and the repository generated for it live in other "
                    + "packages and use it; declare it public"),
    INHERITED_MEMBERS(Severity.ERROR,
            "%s extends %s, which declares abstract methods (%s); declare a workflow's fields and "
                    + "transitions in the @Workflow interface itself"),
    NO_STATE_ENUM(Severity.ERROR,
            "workflow %s declares no states; add a nested enum of its states, "
                    + "e.g. enum Status { @Initial OPEN, @Terminal CLOSED }"),
    AMBIGUOUS_STATE_ENUM(Severity.ERROR,
            "workflow %s has several nested enums (%s) and none marks a state @Initial; "
                    + "mark the initial state of the enum that holds the states"),
    SECOND_STATE_ENUM(Severity.ERROR,
            "enum %s marks states, but the states of %s are already declared by enum %s; "
                    + "a workflow has one state enum"),
    NOT_A_FIELD_OR_TRANSITION(Severity.ERROR,
            "abstract method %s is neither a field (no parameters, returns a value) nor a "
                    + "@Transition; annotate it with @Transition or give it a default body"),
    TRANSITION_NOT_ABSTRACT(Severity.ERROR,
            "transition %s has a body; declare it abstract, Statewise generates what it does"),
    TRANSITION_RETURN_TYPE(Severity.ERROR,
            "transition %s returns %s; a transition returns the workflow's next value, "
                    + "declare it as %s %s(...)"),
    DUPLICATE_TRANSITION(Severity.ERROR,
            "transition %s is declared twice; transition names identify edges in the history, "
                    + "rename one of them"),
    FIELD_ANNOTATION_ON_NON_FIELD(Severity.ERROR,
            "@%s describes a field, an abstract method without parameters, and %s is %s; "
                    + "remove the annotation"),
    EMPTY_ENUM(Severity.ERROR,
            "field %s has enum type %s, which has no constants, so no value could be stored; add its "
                    + "constants, or give the field another type"),
    UNSUPPORTED_TYPE(Severity.ERROR,
            "%s has unsupported type %s; use String, boolean, int, long (or their boxes), "
                    + "BigDecimal, UUID, LocalDate, LocalDateTime, OffsetDateTime, Instant, "
                    + "an enum, byte[] or org.jooq.JSONB"),

    // States
    NO_INITIAL_STATE(Severity.ERROR,
            "workflow %s has no initial state; mark the state where new rows start with @Initial, "
                    + "e.g. @Initial %s"),
    INITIAL_AND_TERMINAL(Severity.ERROR,
            "state %s is both @Initial and @Terminal, so a row created there could never move; "
                    + "remove one of them"),
    STATE_CLASH(Severity.ERROR,
            "states %s and %s differ only in case, so their constraint names clash in "
                    + "PostgreSQL; rename one of them"),
    UNKNOWN_STATE(Severity.ERROR, "%s names unknown state \"%s\"; %s"),
    DUPLICATE_STATE(Severity.ERROR, "%s names state %s twice; remove one"),
    EMPTY_STATES(Severity.ERROR, "%s names no state; %s"),
    UNREACHABLE_STATE(Severity.ERROR,
            "state %s is unreachable: no transition leads to it from an initial state (%s); "
                    + "add a transition into it, mark it @Initial, or remove it"),
    TERMINAL_WITH_EXIT(Severity.ERROR,
            "transition %s leaves %s, which is @Terminal; a terminal state has no way out, "
                    + "remove %s from 'from' or remove @Terminal"),
    NO_WAY_OUT(Severity.WARNING,
            "state %s has no transition out of it but is not @Terminal; rows that reach it stay "
                    + "there forever, add a transition out or mark it @Terminal"),

    // Fields
    CONTRADICTORY_ANNOTATIONS(Severity.ERROR, "field %s is both @%s and @%s; %s"),
    PRIMITIVE_MAY_BE_NULL(Severity.ERROR,
            "field %s has primitive type %s but is NULL in some states (%s); declare it as %s"),
    LENGTH_NOT_STRING(Severity.ERROR,
            "@Column(length = ...) sizes String fields, and %s is %s; remove length"),
    PRECISION_NOT_DECIMAL(Severity.ERROR,
            "@Column(precision = ..., scale = ...) sizes BigDecimal fields, and %s is %s; "
                    + "remove precision and scale"),
    BAD_COLUMN_SIZE(Severity.ERROR, "@Column on %s: %s"),
    SYSTEM_COLUMN(Severity.ERROR, "%s maps to column %s, which Statewise manages (%s); %s"),
    REQUIRED_NOT_ALLOWED(Severity.ERROR,
            "@RequiredIn on %s names %s, where @AllowedIn(%s) makes the field NULL; add %s to "
                    + "@AllowedIn, or remove %s from @RequiredIn"),

    // References to other workflows, and uniqueness
    REFERENCE_NOT_A_WORKFLOW(Severity.ERROR,
            "@References on %s names %s, which is not a @Workflow interface; a reference holds the id "
                    + "of another workflow's row, name a @Workflow interface"),
    REFERENCE_TYPE(Severity.ERROR,
            "field %s is %s, but @References(%s.class) stores the id of a %s row, a bigint; declare "
                    + "it as long, or Long where it may be NULL"),
    REFERENCE_CYCLE(Severity.ERROR,
            "field %s of %s references %s, which closes a cycle of references (%s): no table of the "
                    + "cycle could be created before the others; remove @References from one field of "
                    + "the cycle"),
    REFERENCE_TARGET_MISSING(Severity.ERROR,
            "field %s of %s references %s, whose table %s is created by no migration before this "
                    + "one (%s), so its foreign key would fail at deploy; compile %s into the same "
                    + "migrations folder, in the same compile or an earlier one, and fix its errors first"),

    // Transitions and guards
    UNKNOWN_PARAMETER(Severity.ERROR,
            "parameter %s of transition %s matches no field of %s; a transition's parameters are "
                    + "the fields it sets, by name; %s"),
    PARAMETER_TYPE(Severity.ERROR,
            "parameter %s of transition %s is %s but field %s is %s; declare it as %s %s"),
    PARAMETER_NULL_IN_TARGET(Severity.ERROR,
            "transition %s sets %s, but %s is %s(%s) and so NULL in %s; remove the "
                    + "parameter or add %s to %s"),
    REQUIREMENT_UNMET(Severity.ERROR,
            "transition %s (%s -> %s) cannot meet a requirement of %s: field %s is required "
                    + "there but %s in %s and nothing sets it while there; add a parameter "
                    + "'%s %s' to %s"),
    UNKNOWN_TRANSITION(Severity.ERROR, "%s names unknown transition \"%s\"; %s"),
    EMPTY_GUARD(Severity.ERROR,
            "@Guard on %s names no transition; name the transitions it guards, e.g. @Guard(\"%s\")"),
    GUARD_SIGNATURE(Severity.ERROR,
            "guard %s must be a default method returning boolean, e.g. "
                    + "@Guard(...) default boolean %s() { ... }"),
    GUARD_PARAMETER(Severity.ERROR,
            "parameter %s of guard %s is not a parameter of transition %s; a guard takes only "
                    + "arguments of the transitions it guards, by name and type (%s)"),

    // Timeouts
    TIMEOUT_DURATION(Severity.ERROR,
            "@Timeout(after = \"%s\") on state %s %s; a timeout's delay is a positive, exact duration "
                    + "in java.time.Duration's syntax, where a day is 24 hours and there are no months or "
                    + "years: write %s"),
    TIMEOUT_AFTER_OR_AT(Severity.ERROR,
            "@Timeout on state %s gives %s; give exactly one: after = \"P3D\" for a delay after the row "
                    + "enters the state, or at = \"<field>\" for the instant a field holds"),
    TIMEOUT_ON_TERMINAL(Severity.ERROR,
            "state %s is @Terminal and has a @Timeout, but a timeout moves the row out of its state "
                    + "and a terminal state has no way out; remove one of them"),
    TIMEOUT_FIRE_NOT_LEAVING(Severity.ERROR,
            "@Timeout on state %s fires %s, %s; a timeout moves the row out of its state, so name a "
                    + "transition from %s to another state"),
    TIMEOUT_FIRE_PARAMETERS(Severity.ERROR,
            "@Timeout on state %s fires %s, which takes parameters (%s), but no caller gives a timeout's "
                    + "arguments; declare a transition without parameters for the timeout to fire"),
    UNKNOWN_FIELD(Severity.ERROR, "%s names unknown field \"%s\"; %s"),
    TIMEOUT_FIELD_TYPE(Severity.ERROR,
            "@Timeout(at) on state %s names field %s, which is %s; a deadline is an instant, stored as "
                    + "timestamptz: declare the field as Instant or OffsetDateTime"),
    TIMEOUT_FIELD_NOT_REQUIRED(Severity.ERROR,
            "@Timeout(at) on state %s names field %s, which is %s there; a row in the state must "
                    + "always have its deadline: %s"),

    // Rules between fields (@Invariant). The errors of a rule's text name the offender's column in
    // it, %1$d, counted from 1: its words and characters first,
    RULE_UNEXPECTED_CHARACTER(Severity.ERROR,
            "unexpected character %2$s at column %1$d; a rule is made of field names, literals, "
                    + "== != < <= > >=, and, or, not, is null, is not null, + - * and parentheses"),
    RULE_DOUBLE_QUOTES(Severity.ERROR,
            "the string at column %1$d is in double quotes; rules quote strings as SQL does, "
                    + "in single quotes: %2$s"),
    RULE_UNTERMINATED_STRING(Severity.ERROR,
            "the string at column %1$d has no closing quote; end it with ', and write a quote "
                    + "inside it as ''"),
    RULE_NUL_IN_STRING(Severity.ERROR,
            "the string holds a NUL character at column %1$d, which PostgreSQL's text cannot hold; "
                    + "remove it"),
    RULE_MALFORMED_NUMBER(Severity.ERROR,
            "malformed number %2$s at column %1$d; write %3$s"),
    RULE_OTHER_SPELLING(Severity.ERROR,
            "%2$s at column %1$d is not how rules say it; write %3$s"),
    RULE_NO_DIVISION(Severity.ERROR,
            "%2$s at column %1$d divides; rules do not divide, so no rule fails on a zero divisor or "
                    + "rounds one way in Java and another in PostgreSQL; multiply the other side instead "
                    + "(a > 2 * b rather than a / 2 > b)"),

    // its grammar,
    RULE_EXPECTED(Severity.ERROR,
            "expected %2$s at column %1$d, found %3$s%4$s"),
    RULE_NULL_OUTSIDE_TEST(Severity.ERROR,
            "null at column %1$d stands alone; NULL equals nothing in SQL, not even NULL, so rules "
                    + "test for it with %2$s"),

    // its names and types,
    RULE_UNKNOWN_FIELD(Severity.ERROR,
            "unknown field %2$s at column %1$d; %3$s"),
    RULE_UNKNOWN_CONSTANT(Severity.ERROR,
            "unknown constant %2$s of %3$s at column %1$d; %4$s"),
    RULE_CONSTANT_BESIDE_OTHER_TYPE(Severity.ERROR,
            "%2$s at column %1$d is a constant of %3$s, compared with %4$s; a constant is "
                    + "compared with a field of its enum"),
    RULE_AMBIGUOUS_NAME(Severity.ERROR,
            "%2$s at column %1$d names both a field and a constant of %3$s; rename the field"),
    RULE_UNREADABLE_TYPE(Severity.ERROR,
            "field %2$s at column %1$d has type %3$s, which rules do not read: %4$s"),
    RULE_TYPE_MISMATCH(Severity.ERROR,
            "%2$s at column %1$d compares %3$s with %4$s; compare values of one type%5$s"),
    RULE_NOT_ORDERED(Severity.ERROR,
            "%2$s at column %1$d orders %3$s; %4$s"),
    RULE_NOT_A_NUMBER(Severity.ERROR,
            "%2$s at column %1$d needs numbers, and %3$s is %4$s; arithmetic applies to int, long and "
                    + "BigDecimal fields and to numbers"),
    RULE_NOT_A_CONDITION(Severity.ERROR,
            "%2$s at column %1$d needs a condition, and %3$s is %4$s; compare it, e.g. %5$s"),
    RULE_LITERAL_DOES_NOT_FIT(Severity.ERROR,
            "%2$s at column %1$d is not a value %3$s can hold (%4$s), so the comparison "
                    + "always or never holds; compare with a value it can hold"),
    RULE_READS_NO_FIELD(Severity.ERROR,
            "the rule at column %1$d reads no field, so it holds always or never; write a condition "
                    + "on the workflow's fields"),
    // and the annotation around it.
    INVARIANT_DUPLICATE_NAME(Severity.ERROR,
            "@Invariant(\"%s\") takes the constraint name %s, which @Invariant(\"%s\") has already; %s"),
    INVARIANT_NULLABLE_FIELD(Severity.WARNING,
            "@Invariant(\"%s\") reads %s, which %s; a CHECK passes when its expression is NULL, so there "
                    + "the rule holds whatever the other fields hold; %s"),

    // SQL names
    INVALID_IDENTIFIER(Severity.ERROR,
            "%s \"%s\" is not a plain SQL identifier; use letters, digits and underscores, "
                    + "starting with a letter or underscore"),
    IDENTIFIER_TOO_LONG(Severity.ERROR,
            "%s \"%s\" is %d bytes, over PostgreSQL's limit of 63; choose a shorter one%s"),
    RESERVED_WORD(Severity.ERROR,
            "%s \"%s\" is a reserved word in PostgreSQL and would need quotes in every query; "
                    + "choose another%s"),
    COLUMN_CLASH(Severity.ERROR,
            "fields %s and %s both map to column %s once PostgreSQL folds names to lower case; "
                    + "rename one or set @Column(name = \"...\")"),
    CONSTRAINT_CLASH(Severity.ERROR,
            "%s needs the constraint name %s, which %s already uses; rename one of them"),
    INDEX_CLASH(Severity.ERROR,
            "field %s needs the index name %s, which %s already uses; rename the field, or its column "
                    + "with @Column(name)"),
    RELATION_CLASH(Severity.ERROR,
            "workflow %s needs the name %s for its %s, which workflow %s already uses for its %s; "
                    + "choose another table name"),

    // The generated classes
    CLASS_CLASH(Severity.ERROR,
            "workflow %s needs the class name %s for %s, but the sources being compiled already declare "
                    + "%s, and a class can be declared only once; rename that type, or %s"),
    VALUE_METHOD_CLASH(Severity.ERROR,
            "%s has the name of a method of the generated %s, %s; %s"),
    MEMBER_TYPE_CLASH(Severity.ERROR,
            "member type %s has the name of the value class generated for workflow %s, %s, which "
                    + "implements %s and so would see the member type in place of itself; rename the member "
                    + "type, or the workflow"),

    // Output
    // Evolution: the declaration against the committed snapshot
    STATE_DROPPED(Severity.ERROR,
            "state %s is in the committed snapshot %s but no longer declared, and rows may be in it; "
                    + "say where they go: @RenamedFrom(\"%s\") on the state it became, or "
                    + "@RemovedState(value = \"%s\", movedTo = \"...\") on %s"),
    FIELD_DROPPED(Severity.ERROR,
            "field %s is in the committed snapshot %s but no longer declared; add @RenamedFrom(\"%s\") "
                    + "to the field it became, or @RemovedField(\"%s\") on %s to drop its column and "
                    + "its values"),
    RENAMED_FROM_UNKNOWN(Severity.ERROR,
            "@RenamedFrom(\"%s\") on %s names no %s of the committed snapshot %s; %s"),
    RENAMED_FROM_DECLARED(Severity.ERROR,
            "@RenamedFrom(\"%s\") on %s names a %s that is still declared; a rename leaves the old "
                    + "name behind, remove the annotation or the old %s"),
    REMOVED_BUT_DECLARED(Severity.ERROR,
            "@%s(\"%s\") removes a %s that is still declared; remove the annotation or the %s"),
    MOVED_TO_UNKNOWN(Severity.ERROR,
            "@RemovedState(movedTo = \"%s\") names no declared state; %s"),
    NEEDS_BACKFILL(Severity.ERROR,
            "field %s %s may have it NULL; give them a value with an SQL expression, e.g. "
                    + "@Backfill(\"%s\"), or %s"),
    TYPE_CHANGE_UNSAFE(Severity.ERROR,
            "field %s changes from %s to %s, which PostgreSQL cannot convert without losing "
                    + "values; keep the type, or add a field of the new type and remove this one "
                    + "with @RemovedField"),
    SNAPSHOT_MISSING(Severity.ERROR,
            "workflow %s has the committed migration %s but no snapshot %s beside it, so the next "
                    + "migration cannot be derived; restore the snapshot from version control (while "
                    + "nothing is deployed, deleting the workflow's migrations regenerates them)"),
    SNAPSHOT_UNREADABLE(Severity.ERROR,
            "the snapshot %s of workflow %s cannot be read (%s); restore it from version control"),
    MIGRATION_EDITED(Severity.ERROR,
            "committed migration %s of workflow %s was changed after it was generated, and Flyway "
                    + "refuses a changed migration once applied; restore it from version control and "
                    + "change the declaration instead"),
    MIGRATION_DELETED(Severity.ERROR,
            "committed migration %s of workflow %s is missing from %s, so databases built by it "
                    + "can no longer be reproduced; restore it from version control"),
    MIGRATION_NEEDED(Severity.ERROR,
            "workflow %s differs from its committed snapshot %s (%s) and -Astatewise.verify=true "
                    + "forbids writing migrations; compile without it and commit the new migration"),
    UNKNOWN_OPTION(Severity.ERROR,
            "option -A%s is not an option of Statewise, which would go on without it; %s"),
    BAD_OPTION(Severity.ERROR, "option -A%s=%s %s; pass %s"),
    BAD_BOOLEAN_OPTION(Severity.ERROR,
            "option -A%s=%s is neither true nor false; pass -A%s=true or false"),
    BAD_ROLE_OPTION(Severity.ERROR,
            "option -A%s=%s is not a role name the migrations can grant to: %s; name the role in lowercase "
                    + "letters, digits and underscores, e.g. -A%s=app_service"),
    JOOQ_PACKAGE_WRITTEN(Severity.ERROR,
            "workflow %s reached the compiler in a later round than the other workflows of package %s, "
                    + "whose jOOQ classes are already written; give it a package of its own"),
    CANNOT_WRITE(Severity.ERROR,
            "cannot write the migration of workflow %s (%s); check that -Astatewise.migrations names "
                    + "a folder that exists or can be created, and that the build may write to it"),
    INTERNAL_ERROR(Severity.ERROR,
            "Statewise failed on workflow %s: %s; this is a bug in Statewise, please report it "
                    + "with the declaration");

    /** How javac shows a message. */
    public enum Severity { ERROR, WARNING }

    private final Severity severity;
    private final String format;

    Message(Severity severity, String format) {
        this.severity = severity;
        this.format = format;
    }

    public Severity severity() {
        return severity;
    }

    /** The message with its code in front, {@code [UNKNOWN_STATE] ...}, as javac shows it. */
    public String format(Object... args) {
        return "[" + name() + "] " + String.format(java.util.Locale.ROOT, format, args);
    }
}
