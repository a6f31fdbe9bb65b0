package dev.statewise.samples.springboot;

import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes a resolved ticket's seven days pass at once, so that a test sees its timeout fire without
 * waiting a week.
 */
final class OverdueTickets {

    private final TestSchema schema;

    OverdueTickets(TestSchema schema) {
        this.schema = schema;
    }

    /**
     * Moves the moment the ticket entered {@code RESOLVED} eight days back, and its deadline with
     * it, to an hour ago.
     *
     * <p>The triggers own {@code status_since} and {@code status_deadline} and set them from the
     * database's clock whatever an UPDATE says, and neither the application's login nor the owner
     * may switch them off. So this writes as the server's superuser, in a session whose
     * {@code session_replication_role} is {@code replica}, in which ordinary triggers do not fire.
     * The CHECKs still do, and {@code support_ticket_resolved_check} wants the deadline exactly
     * 604800 seconds after {@code status_since}: both are counted in seconds, as the CHECK counts,
     * so a daylight-saving change in the session's time zone cannot put them a day apart by an
     * hour. The row keeps its version, as if it had been resolved then.
     */
    void makeOverdue(long ticketId) {
        try (Connection superuser = schema.dataSource().getConnection();
                Statement session = superuser.createStatement();
                PreparedStatement backdate = superuser.prepareStatement("""
                        UPDATE support_ticket
                           SET status_deadline = now() - interval '3600 seconds',
                               status_since = now() - interval '3600 seconds' - interval '604800 seconds'
                         WHERE id = ? AND status = 'RESOLVED'""")) {
            session.execute("SET session_replication_role = replica");
            backdate.setLong(1, ticketId);
            if (backdate.executeUpdate() != 1) {
                throw new IllegalStateException("ticket " + ticketId + " is not RESOLVED");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not make ticket " + ticketId + " overdue", e);
        }
    }
}
