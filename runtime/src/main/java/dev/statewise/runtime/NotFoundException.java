package dev.statewise.runtime;

/**
 * No row has the id asked for: it was never created, or it was deleted.
 *
 * <pre>{@code
 * Task task = tasks.find(42).orElseThrow(() -> new NotFoundException("Task", 42));
 * // Task 42 does not exist
 * }</pre>
 */
public final class NotFoundException extends StatewiseException {

    private static final long serialVersionUID = 1L;

    private final long id;

    /** A failure for the row {@code id} of {@code workflow}, e.g. {@code ("Task", 42)}. */
    public NotFoundException(String workflow, long id) {
        super(workflow, subject(workflow, id) + " does not exist", null);
        this.id = id;
    }

    /** The id that matched no row. */
    public long id() {
        return id;
    }
}
