package dev.statewise.processor.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * The roles that a workflow's migrations grant privileges to, named by the processor options
 * {@code statewise.applicationRole} and {@code statewise.readOnlyRole}: the application writes the
 * workflow's table and reads its history and transitions, the read-only role reads all three.
 * Neither is granted anything when its option is unset.
 *
 * @param application the application's role, or {@code null}
 * @param readOnly the role for reports, or {@code null}
 */
public record Grants(String application, String readOnly) {

    /** No option set: the migrations grant nothing. */
    public static final Grants NONE = new Grants(null, null);

    public Optional<String> applicationRole() {
        return Optional.ofNullable(application);
    }

    public Optional<String> readOnlyRole() {
        return Optional.ofNullable(readOnly);
    }

    public boolean isEmpty() {
        return application == null && readOnly == null;
    }

    /** This value, or {@code null} when it grants nothing, as a snapshot keeps it. */
    Grants orNull() {
        return isEmpty() ? null : this;
    }

    /** A snapshot's grants, {@code null} when its file has none. */
    static Grants of(Grants grants) {
        return Objects.requireNonNullElse(grants, NONE);
    }
}
