package dev.statewise.processor.model;

import java.util.List;
import java.util.Optional;

/**
 * A field of the workflow: an abstract accessor, stored as one column.
 *
 * @param name the accessor's name, e.g. {@code startDate}
 * @param column the column name, folded to lower case, e.g. {@code start_date}
 * @param presence in which states the field must be set or must be NULL
 * @param states the states named by {@code @RequiredIn}, {@code @OnlyIn} or {@code @AllowedIn};
 *     empty otherwise
 * @param requiredStates with {@code @AllowedIn}, the states of the {@code @RequiredIn} beside it,
 *     where the field is NOT NULL; empty otherwise
 * @param size the column's declared size, from {@code @Column}
 * @param javadoc the accessor's documentation, normalized; empty when none
 * @param renamedFrom the name the field had in the committed snapshot, from {@code @RenamedFrom};
 *     empty when none
 * @param backfill the SQL expression giving existing rows a value, from {@code @Backfill}; empty
 *     when none
 * @param reference the workflow whose id the field holds, from {@code @References}
 * @param unique among which rows the value is unique, from {@code @Unique}
 */
public record Field(
        String name,
        String column,
        FieldType type,
        Presence presence,
        List<String> states,
        List<String> requiredStates,
        ColumnSize size,
        String javadoc,
        String renamedFrom,
        String backfill,
        Optional<Reference> reference,
        Optional<Unique> unique) {

    public Field {
        states = List.copyOf(states);
        requiredStates = List.copyOf(requiredStates);
    }

    /**
     * The workflow a {@code @References} field points into.
     *
     * @param workflow the referenced interface's canonical name
     * @param table the referenced workflow's table
     */
    public record Reference(String workflow, String table) {

        public String simpleName() {
            return workflow.substring(workflow.lastIndexOf('.') + 1);
        }
    }

    /**
     * Where a {@code @Unique} field's value must be unique.
     *
     * @param states the states among whose rows it is unique; empty for all rows
     */
    public record Unique(List<String> states) {

        public Unique {
            states = List.copyOf(states);
        }
    }

    /** How a field's presence depends on the state. */
    public enum Presence {
        /** No annotation: NOT NULL in every state. */
        ALWAYS,
        /** {@code @Nullable}: optional in every state. */
        OPTIONAL,
        /** {@code @RequiredIn}: NOT NULL in the listed states, optional elsewhere. */
        REQUIRED_IN,
        /** {@code @OnlyIn}: NOT NULL in the listed states, NULL elsewhere. */
        ONLY_IN,
        /**
         * {@code @AllowedIn}: optional in the listed states, NULL elsewhere; NOT NULL in the states
         * of a {@code @RequiredIn} beside it.
         */
        ALLOWED_IN;

        /**
         * Whether a row in {@code state} must have the field set, given the annotation's states and,
         * for {@link #ALLOWED_IN}, the states of the {@code @RequiredIn} beside it.
         */
        public boolean requires(List<String> states, List<String> requiredStates, String state) {
            return switch (this) {
                case ALWAYS -> true;
                case OPTIONAL -> false;
                case REQUIRED_IN, ONLY_IN -> states.contains(state);
                case ALLOWED_IN -> requiredStates.contains(state);
            };
        }

        /** Whether a row in {@code state} must have the field NULL, given the annotation's states. */
        public boolean forbids(List<String> states, String state) {
            return (this == ONLY_IN || this == ALLOWED_IN) && !states.contains(state);
        }
    }

    /**
     * Whether the column needs an index for its foreign key: PostgreSQL indexes the referenced key,
     * not the referencing column. A unique index over all rows serves the same lookups.
     */
    public boolean needsReferenceIndex() {
        return reference.isPresent() && unique.filter(u -> u.states().isEmpty()).isEmpty();
    }

    /** Whether a row in {@code state} must have this field set. */
    public boolean requiredIn(String state) {
        return presence.requires(states, requiredStates, state);
    }

    /** Whether a row in {@code state} must have this field NULL. */
    public boolean nullIn(String state) {
        return presence.forbids(states, state);
    }
}
