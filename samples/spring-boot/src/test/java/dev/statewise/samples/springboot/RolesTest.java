package dev.statewise.samples.springboot;

import static dev.statewise.samples.springboot.TestDatabaseConfiguration.APPLICATION_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statewise.samples.springboot.SupportTicket.Priority;
import dev.statewise.samples.springboot.SupportTicket.Status;
import dev.statewise.samples.springboot.jooq.tables.records.SupportTicketRecord;
import dev.statewise.test.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Who does what: Flyway applied the migrations as the schema's owner, and the application's pool
 * logs in as a role that joins {@value TestDatabaseConfiguration#APPLICATION_GROUP} and owns
 * nothing. Every other test of this module runs the desk on that pool, so everything the desk does
 * works with what the migrations granted; this one shows who the two logins are, and what the
 * application's cannot do.
 */
@SpringBootTest
@Import(TestDatabaseConfiguration.class)
class RolesTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final SupportDesk desk;
    private final DataSource dataSource;
    private final Flyway flyway;
    private final TestSchema schema;
    private final CommittedRows rows;

    @Autowired
    RolesTest(SupportDesk desk, DataSource dataSource, Flyway flyway, TestSchema schema) {
        this.desk = desk;
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.schema = schema;
        this.rows = new CommittedRows(dataSource);
    }

    @Test
    void flywayAppliedEveryMigrationAsTheOwnerWhoOwnsWhatTheyMade() throws SQLException {
        assertThat(flyway.info().applied()).extracting(MigrationInfo::getInstalledBy)
                .containsOnly(schema.ownerRole());
        assertThat(strings("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = current_schema()"))
                .containsExactly(schema.ownerRole());
        assertThat(strings("SELECT DISTINCT pg_get_userbyid(p.proowner) FROM pg_proc p"
                + " WHERE p.pronamespace = current_schema()::text::regnamespace"))
                .containsExactly(schema.ownerRole());
        assertThat(strings("SELECT rolsuper::text FROM pg_roles WHERE rolname = '" + schema.ownerRole() + "'"))
                .containsExactly("false");
    }

    @Test
    void theApplicationLogsInAsAMemberOfTheGroupRoleThatOwnsNothing() throws SQLException {
        assertThat(strings("SELECT session_user")).containsExactly(schema.applicationRole());
        assertThat(strings("SELECT rolsuper || ' ' || rolcanlogin FROM pg_roles WHERE rolname = session_user"))
                .containsExactly("false true");
        assertThat(strings("SELECT pg_has_role(session_user, '" + APPLICATION_GROUP + "', 'MEMBER')::text"))
                .containsExactly("true");
        assertThat(strings("SELECT relname FROM pg_class WHERE relowner = session_user::text::regrole"
                + " UNION ALL SELECT proname FROM pg_proc WHERE proowner = session_user::text::regrole"
                + " UNION ALL SELECT nspname FROM pg_namespace WHERE nspowner = session_user::text::regrole"))
                .isEmpty();
    }

    @Test
    void whatTheDeskDoesIsDoneAsTheApplication() throws SQLException {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        desk.take(id, "margaret");
        desk.resolve(id, "Cleared a stale session cookie.");

        SupportTicketRecord row = rows.ticket(id);
        assertThat(row.getStatus()).isEqualTo(Status.RESOLVED);
        assertThat(row.getCreatedLoginRole()).isEqualTo(schema.applicationRole());
        assertThat(strings("SELECT transition || ' by ' || login_role FROM support_ticket_history"
                + " WHERE support_ticket_id = " + id + " ORDER BY id"))
                .containsExactly("take by " + schema.applicationRole(), "resolve by " + schema.applicationRole());
    }

    /**
     * The event feed's consumers keep their positions in {@code support_ticket_feed_position}: the
     * application creates and moves them (V14 grants {@code SELECT, INSERT}, and {@code UPDATE} of
     * every column but the consumer's name), and only the owner removes one: a row renamed or
     * deleted would send a running consumer back to its start.
     */
    @Test
    void theApplicationCreatesAndMovesAFeedPositionAndDeletesNone() throws SQLException {
        assertThat(strings("SELECT privilege_type FROM information_schema.role_table_grants"
                + " WHERE table_schema = current_schema() AND table_name = 'support_ticket_feed_position'"
                + " AND grantee = '" + APPLICATION_GROUP + "' ORDER BY privilege_type"))
                .containsExactly("INSERT", "SELECT");
        assertThat(strings("SELECT column_name::text FROM information_schema.column_privileges"
                + " WHERE table_schema = current_schema() AND table_name = 'support_ticket_feed_position'"
                + " AND grantee = '" + APPLICATION_GROUP + "' AND privilege_type = 'UPDATE' ORDER BY column_name"))
                .containsExactly("attempts", "delivered", "failing_since", "feed_xid", "history_id", "last_error",
                        "moved_at", "retry_at");
        assertRefused("UPDATE support_ticket_feed_position SET consumer = 'renamed' WHERE consumer = 'roles-test'");

        assertThat(update("INSERT INTO support_ticket_feed_position (consumer, feed_xid, history_id)"
                + " VALUES ('roles-test', '0', 0)")).isOne();
        assertThat(update("UPDATE support_ticket_feed_position SET history_id = 7 WHERE consumer = 'roles-test'"))
                .isOne();
        assertRefused("DELETE FROM support_ticket_feed_position WHERE consumer = 'roles-test'");
        assertThat(strings("SELECT history_id::text FROM support_ticket_feed_position WHERE consumer = 'roles-test'"))
                .containsExactly("7");
    }

    /**
     * A ticket's feed key, {@code status_feed_xid}, is the triggers' alone: a key forged far ahead
     * would hold the ticket's later events back for good. The application may write the row, but
     * not that column's value.
     */
    @Test
    void theApplicationCannotForgeATicketsFeedKey() throws SQLException {
        String farAhead = "'18446744073709551615'";
        long id = Long.parseLong(strings("INSERT INTO support_ticket (customer, subject, priority, status_feed_xid)"
                + " VALUES ('kim@example.com', 'Forged key', 'LOW', " + farAhead + ") RETURNING id").get(0));
        assertThat(strings("SELECT coalesce(status_feed_xid::text, 'none') FROM support_ticket WHERE id = " + id))
                .containsExactly("none");

        desk.take(id, "agent " + id);
        assertThat(update("UPDATE support_ticket SET status_feed_xid = " + farAhead + " WHERE id = " + id)).isOne();

        // The key is still the take's: that of the transaction that wrote its history row.
        assertThat(strings("SELECT (t.status_feed_xid = h.feed_xid AND h.feed_xid < " + farAhead + ")::text"
                + " FROM support_ticket t JOIN support_ticket_history h ON h.support_ticket_id = t.id"
                + " WHERE t.id = " + id))
                .containsExactly("true");
    }

    /**
     * What the owner alone may do, refused to the application with {@code insufficient_privilege}
     * and leaving the ticket and its history as they were. {@code :id} is a ticket that an agent
     * took.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "DELETE FROM support_ticket WHERE id = :id",
        "INSERT INTO support_ticket_history (support_ticket_id, transition, from_state, to_state, actor)"
                + " VALUES (:id, 'resolve', 'IN_PROGRESS', 'RESOLVED', 'mallory')",
        "UPDATE support_ticket_history SET actor = 'mallory' WHERE support_ticket_id = :id",
        "DELETE FROM support_ticket_history WHERE support_ticket_id = :id",
        "INSERT INTO support_ticket_transition (transition, from_state, to_state) VALUES ('skip', 'OPEN', 'CLOSED')",
        "UPDATE support_ticket_history SET feed_xid = '0' WHERE support_ticket_id = :id",
        "DELETE FROM support_ticket_feed_position",
        "ALTER TABLE support_ticket DISABLE TRIGGER USER",
        "ALTER TABLE support_ticket DROP CONSTRAINT support_ticket_subject_check",
        "ALTER TABLE support_ticket_history DROP CONSTRAINT support_ticket_history_feed_xid_check",
        "DROP TABLE support_ticket_feed_position",
        "TRUNCATE support_ticket_history",
        "TRUNCATE support_ticket_feed_position",
        "CREATE TABLE support_ticket_archive (id bigint)",
    })
    void theApplicationCannot(String statement) throws SQLException {
        long id = desk.open("kim@example.com", "Cannot log in", Priority.NORMAL).id();
        // An agent of its own: the desk limits how many tickets one agent holds.
        String agent = "agent " + id;
        desk.take(id, agent);

        assertRefused(statement.replace(":id", Long.toString(id)));

        assertThat(rows.ticket(id).getStatus()).isEqualTo(Status.IN_PROGRESS);
        assertThat(rows.history(id)).containsExactly("take OPEN -> IN_PROGRESS by " + agent);
        assertThat(strings("SELECT count(*)::text FROM support_ticket_transition")).containsExactly("7");
    }

    private void assertRefused(String sql) {
        assertThatThrownBy(() -> update(sql))
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    /** Runs a statement on a connection of the application's pool, committed on its own. */
    private int update(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            return statement.executeUpdate();
        }
    }

    /** The first column of every row, as text, on a connection of the application's pool. */
    private List<String> strings(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
