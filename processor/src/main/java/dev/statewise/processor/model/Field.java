package dev.statewise.processor.model;

import java.util.List;

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
        String backfill) {

    public Field {
        states = List.copyOf(states);
        requiredStates = List.copyOf(requiredStates);
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

    /** Whether a row in {@code state} must have this field set. */
    public boolean requiredIn(String state) {
        return presence.requires(states, requiredStates, state);
    }

    /** Whether a row in {@code state} must have this field NULL. */
    public boolean nullIn(String state) {
        return presence.forbids(states, state);
    }
}
