package dev.statewise.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One field of a workflow: its Java name, the column that stores it, its Java type and its
 * column's SQL type; the CHECK on its values, if it has one; for a {@code @References} field the
 * workflow it points into, and for a {@code @Unique} field where its value is unique.
 *
 * <pre>{@code
 * FieldDescriptor title = new FieldDescriptor("title", "title", String.class);
 * FieldDescriptor startDate = new FieldDescriptor("startDate", "start_date", LocalDate.class, "date",
 *         "task_start_date_check", null, null);
 * FieldDescriptor orderId = new FieldDescriptor("orderId", "order_id", long.class, "bigint", null,
 *         new FieldDescriptor.Reference(OrderWorkflow.DESCRIPTOR, "payment_order_id_fkey"), null);
 * FieldDescriptor trackingNumber = new FieldDescriptor("trackingNumber", "tracking_number", String.class,
 *         "text", null, null, new FieldDescriptor.Unique(List.of("SHIPPED"), "shipment_tracking_number_key"));
 * }</pre>
 *
 * @param name the field's Java name, as declared by its accessor, e.g. {@code startDate}
 * @param column the column that stores it, e.g. {@code start_date}
 * @param javaType the accessor's return type, e.g. {@code LocalDate.class}
 * @param columnType the column's SQL type as the migrations declare it, e.g. {@code numeric(10, 2)}
 *     or {@code varchar(200)}, which says what a value too large for it broke; or {@code null}
 *     when not known
 * @param check the name of the CHECK on the field's values whatever the state (an enum's constants;
 *     no NaN, infinity or JSON {@code null}), e.g. {@code task_start_date_check}, or {@code null}
 *     when the field has none
 * @param reference the workflow whose row the field names, or {@code null}
 * @param unique among which rows its value is unique, or {@code null}
 */
public record FieldDescriptor(String name, String column, Class<?> javaType, String columnType, String check,
        Reference reference, Unique unique) {

    /** Checks that the names and type are not null. */
    public FieldDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(javaType, "javaType");
    }

    /** A field of a column type not known, without a check of its own, that references no workflow and is not unique. */
    public FieldDescriptor(String name, String column, Class<?> javaType) {
        this(name, column, javaType, null, null, null, null);
    }

    /** A field of a column type not known, without a check of its own. */
    public FieldDescriptor(String name, String column, Class<?> javaType, Reference reference, Unique unique) {
        this(name, column, javaType, null, null, reference, unique);
    }

    /** The names of the field's own constraints and indexes: its check, foreign key and unique index. */
    public List<String> constraints() {
        List<String> names = new ArrayList<>(3);
        if (check != null) {
            names.add(check);
        }
        if (reference != null) {
            names.add(reference.constraint());
        }
        if (unique != null) {
            names.add(unique.index());
        }
        return List.copyOf(names);
    }

    /**
     * The workflow a {@code @References} field points into, by its id.
     *
     * <pre>{@code
     * new FieldDescriptor.Reference(OrderWorkflow.DESCRIPTOR, "payment_order_id_fkey");
     * }</pre>
     *
     * @param workflow the referenced workflow
     * @param constraint the foreign key's name, e.g. {@code payment_order_id_fkey}
     */
    public record Reference(WorkflowDescriptor workflow, String constraint) {

        /** Checks that nothing is null. */
        public Reference {
            Objects.requireNonNull(workflow, "workflow");
            Objects.requireNonNull(constraint, "constraint");
        }
    }

    /**
     * Where a {@code @Unique} field's value is unique.
     *
     * <pre>{@code
     * new FieldDescriptor.Unique(List.of("SHIPPED", "DELIVERED"), "shipment_tracking_number_key");
     * }</pre>
     *
     * @param states the states among whose rows the value is unique; empty for all rows
     * @param index the unique index's name, e.g. {@code shipment_tracking_number_key}
     */
    public record Unique(List<String> states, String index) {

        /** Checks that the index is named and copies the states. */
        public Unique {
            states = List.copyOf(states);
            Objects.requireNonNull(index, "index");
        }

        /** Whether the value must be unique among rows in this state. */
        public boolean appliesIn(String state) {
            return states.isEmpty() || states.contains(state);
        }
    }
}
