package dev.statewise.processor.sql;

import dev.statewise.processor.schema.Sql;
import dev.statewise.processor.schema.SqlType;
import dev.statewise.processor.schema.WorkflowSchema.Check;
import dev.statewise.processor.schema.WorkflowSchema.Privileges;
import dev.statewise.processor.schema.WorkflowSchema.RowSecurity;
import dev.statewise.processor.schema.WorkflowSchema.Trigger;
import dev.statewise.processor.schema.WorkflowSchema.TriggerFunction;
import dev.statewise.processor.sql.Match.Fill;
import dev.statewise.processor.sql.Snapshot.EdgeRow;
import java.util.List;
import java.util.Optional;

/**
 * One step of a migration that changes a workflow's schema: what {@link NextMigration} plans from
 * the {@link Match} and {@link MigrationSql} writes. Each is in a {@link Section}, and the sections
 * run in the order they are declared.
 */
sealed interface MigrationStep {

    /** The parts of a migration, in the order it runs them, each with the comment that opens it. */
    enum Section {
        DROPPED("Constraints and indexes that change, dropped until the end of the migration"),
        COLUMNS("Columns"),
        STATE_TIMES("When each row entered its state, and its deadline if it has one: kept by the triggers (decision 0026)"),
        EVENT_FEED("The event feed: each change's version and place in the feed, and the consumers' positions"
                + " (decision 0028)"),
        EDGES_ADDED("Transitions added, or taken back into use"),
        MOVES("Rows of renamed and removed states move, without the trigger: no transition leads there."
                + " The history keeps the old names."),
        FILLS("Values that rows need under the new rules"),
        FIELDS_REMOVED("Removed fields"),
        EDGES_RETIRED("Transitions removed: retired, since history rows may reference them"),
        STATE_DEFAULT("The state a new row starts in"),
        AUDIT_COLUMNS("Who created each row, and which login role made each change (decision 0019)"),
        FUNCTIONS("Trigger functions. " + SchemaSql.FUNCTIONS_NOTE),
        HISTORY_WITHOUT_FOREIGN_KEYS("Triggers that keep the history whole without foreign keys (decision 0018)"),
        OWNER_ONLY("The history written by the owner's trigger alone, the edges by the owner alone, and the"
                + " functions run by their triggers alone (decision 0019); its actor and reason bounded, checked"
                + " for new rows now and for the rows it holds by the next migration"),
        CONSTRAINTS("Constraints, checked for new writes now and for existing rows by the next migration"),
        INDEXES("Indexes"),
        PRIVILEGES(SchemaSql.GRANTS_NOTE),
        COMMENTS("Comments"),
        /** The second migration, which validates what the first added NOT VALID: no heading. */
        VALIDATION("");

        final String title;

        Section(String title) {
            this.title = title;
        }
    }

    Section section();

    /**
     * A note to the reader and to squawk: indexes are built or dropped in the migration's
     * transaction, which blocks writes meanwhile, since {@code CONCURRENTLY} cannot run in one.
     */
    record IndexInTransaction(Section section) implements MigrationStep {}

    record DropConstraint(String table, String name) implements MigrationStep {
        public Section section() {
            return Section.DROPPED;
        }
    }

    record DropIndex(String name) implements MigrationStep {
        public Section section() {
            return Section.DROPPED;
        }
    }

    record AddColumn(String table, String column, SqlType type) implements MigrationStep {
        public Section section() {
            return Section.COLUMNS;
        }
    }

    record RenameColumn(String table, String from, String to) implements MigrationStep {
        public Section section() {
            return Section.COLUMNS;
        }
    }

    record ChangeType(String table, String column, SqlType type) implements MigrationStep {
        public Section section() {
            return Section.COLUMNS;
        }
    }

    record DropNotNull(String table, String column) implements MigrationStep {
        public Section section() {
            return Section.COLUMNS;
        }
    }

    /** Edges inserted, or taken back into use with their new descriptions. */
    record AddEdges(String table, List<EdgeRow> edges) implements MigrationStep {
        public Section section() {
            return Section.EDGES_ADDED;
        }
    }

    /**
     * The event feed turned on or off. On: the history's version and feed key, the row's key and
     * the positions table, with their defaults for new rows alone, the key's CHECK for new rows
     * alone (the rows there are read {@code '0'}, from before the feed), and the positions' grants
     * to the roles that keep theirs. Off: all of it dropped, the history's rows kept.
     *
     * @param historyCheck the CHECK that keeps {@code '0'} to the history from before the feed;
     *     {@code null} when the feed is turned off
     * @param createPositions the statement that creates the positions table; empty when the feed is turned off
     * @param grants the statements that grant the roles their share of the positions
     */
    record EventFeed(boolean add, String table, String feedXid, String history, Check historyCheck, String positions,
            String createPositions, String grants) implements MigrationStep {
        public Section section() {
            return Section.EVENT_FEED;
        }
    }

    /** Turns a trigger off or back on, for the rows that move between states no edge joins. */
    record SwitchTrigger(String table, String trigger, boolean enable) implements MigrationStep {
        public Section section() {
            return Section.MOVES;
        }
    }

    /**
     * Columns the triggers keep, added as NULL for the rows there are, or dropped.
     *
     * @param defaultNow an added column whose default, {@code now()}, is for new rows alone
     */
    record StateTimeColumns(String table, List<String> added, List<String> dropped, Optional<String> defaultNow)
            implements MigrationStep {
        public Section section() {
            return Section.STATE_TIMES;
        }
    }

    /**
     * The rows of a state the declaration no longer has move to another, taking the values it
     * needs: they enter it now, with its deadline if it has one.
     *
     * @param times the assignments of the columns the trigger, which is off, would set
     */
    record MoveRows(String table, String stateColumn, String from, String to, List<Fill> fills, Sql times)
            implements MigrationStep {
        public Section section() {
            return Section.MOVES;
        }
    }

    /** Rows that stay in their states get a value the new rules need, or lose one they forbid. */
    record FillValues(String table, String stateColumn, Fill fill, List<String> states) implements MigrationStep {
        public Section section() {
            return Section.FILLS;
        }
    }

    record DropColumn(String table, String column) implements MigrationStep {
        public Section section() {
            return Section.FIELDS_REMOVED;
        }
    }

    record RetireEdges(String table, List<EdgeRow> edges) implements MigrationStep {
        public Section section() {
            return Section.EDGES_RETIRED;
        }
    }

    /** @param state the single initial state, the default; empty to drop the default */
    record SetStateDefault(String table, String stateColumn, Optional<String> state) implements MigrationStep {
        public Section section() {
            return Section.STATE_DEFAULT;
        }
    }

    /** A schema built before decision 0019 gets the columns that say who created a row and who changed it. */
    record AddAuditColumns(String table, List<String> columns, String history, String historyColumn)
            implements MigrationStep {
        public Section section() {
            return Section.AUDIT_COLUMNS;
        }
    }

    record ReplaceFunction(TriggerFunction function) implements MigrationStep {
        public Section section() {
            return Section.FUNCTIONS;
        }
    }

    record CreateTrigger(Section section, Trigger trigger) implements MigrationStep {}

    /** A schema built before decision 0018 loses the history's foreign keys, which the triggers replace. */
    record DropHistoryForeignKeys(String history, List<String> names) implements MigrationStep {
        public Section section() {
            return Section.HISTORY_WITHOUT_FOREIGN_KEYS;
        }
    }

    record EnableRowSecurity(RowSecurity security) implements MigrationStep {
        public Section section() {
            return Section.OWNER_ONLY;
        }
    }

    record RevokeExecute(List<String> functions) implements MigrationStep {
        public Section section() {
            return Section.OWNER_ONLY;
        }
    }

    /** A CHECK added for new writes only; the next migration validates it for the rows there are. */
    record AddCheckNotValid(Section section, String table, Check check) implements MigrationStep {}

    record AddForeignKeyNotValid(String table, String name, String definition) implements MigrationStep {
        public Section section() {
            return Section.CONSTRAINTS;
        }
    }

    /** @param statement the whole {@code CREATE INDEX} */
    record CreateIndex(String statement) implements MigrationStep {
        public Section section() {
            return Section.INDEXES;
        }
    }

    record RevokePrivileges(Privileges privileges, String role) implements MigrationStep {
        public Section section() {
            return Section.PRIVILEGES;
        }
    }

    record GrantPrivileges(Privileges privileges) implements MigrationStep {
        public Section section() {
            return Section.PRIVILEGES;
        }
    }

    /** @param text {@code null} to remove the comment */
    record SetComment(String object, String text) implements MigrationStep {
        public Section section() {
            return Section.COMMENTS;
        }
    }

    // The second migration

    record ValidateConstraint(String table, String name) implements MigrationStep {
        public Section section() {
            return Section.VALIDATION;
        }
    }

    /**
     * Validates a CHECK a newer Statewise adds on values that were always allowed, where the rows
     * allow; otherwise it stays NOT VALID, saying so: old rows cannot be rewritten, and new ones are
     * checked all the same.
     */
    record ValidateWhereRowsAllow(String table, String name) implements MigrationStep {
        public Section section() {
            return Section.VALIDATION;
        }
    }

    /** A column becomes NOT NULL through a validated CHECK, which spares SET NOT NULL its scan. */
    /**
     * Rows whose state's time columns are missing or out of date, written again so that the trigger
     * sets them; an update of those columns alone keeps the row's version.
     */
    /**
     * Validates a rule between fields: first the rows that break it are looked for, and if there
     * are any the migration stops with their ids, which the plain {@code VALIDATE} would not name.
     *
     * @param id the table's id column
     * @param rule the rule in words, for the message: {@code rule fundedAmount <= amount in FUNDED}
     */
    record ValidateRule(String table, Check check, String id, String rule) implements MigrationStep {
        public Section section() {
            return Section.VALIDATION;
        }
    }

    record RepairStateTimes(String table, List<String> columns, Sql where) implements MigrationStep {
        public Section section() {
            return Section.VALIDATION;
        }
    }

    record SetNotNull(String table, String column, String check) implements MigrationStep {
        public Section section() {
            return Section.VALIDATION;
        }
    }
}
