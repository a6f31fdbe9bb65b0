package dev.statewise.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A workflow operation that could not be done, for a reason the caller can act on. Unchecked, and
 * thrown with nothing written: a transition and its history row are one statement.
 *
 * <pre>{@code
 * try {
 *     tasks.start(task, "ada", LocalDate.now(), Audit.NONE);
 * } catch (StatewiseException e) {
 *     return ResponseEntity.status(CONFLICT).body(e.getMessage());
 * }
 * }</pre>
 *
 * <p>The kinds are closed, so that a caller can handle them all: {@link NotFoundException},
 * {@link StaleException}, {@link IllegalTransitionException}, {@link GuardRefusedException} and
 * {@link ConstraintViolationException}.
 */
public abstract class StatewiseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String workflow;

    // Package-private: the kinds above are the whole contract, see the class comment.
    StatewiseException(String workflow, String message, Throwable cause) {
        super(message, cause);
        this.workflow = Objects.requireNonNull(workflow, "workflow");
    }

    /** The workflow's simple name, e.g. {@code Task}. */
    public String workflow() {
        return workflow;
    }

    /** Names a row the way the database's messages do: {@code Task 42}, or {@code Task} unsaved. */
    static String subject(String workflow, Long id) {
        return id == null ? workflow : workflow + " " + id;
    }

    static String joined(List<String> names) {
        return String.join(", ", names);
    }
}
