package dev.statewise.processor.schema;

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

    /** The processor options that name the roles, which the migrations' messages name too. */
    public static final String APPLICATION_ROLE_OPTION = "statewise.applicationRole";
    public static final String READ_ONLY_ROLE_OPTION = "statewise.readOnlyRole";

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
}
