package dev.statewise.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.processor.testing.Compilations;
import dev.statewise.processor.testing.Compiled;
import dev.statewise.processor.testing.Golden;
import dev.statewise.runtime.SqlStates;
import dev.statewise.test.TestDatabase;
import dev.statewise.test.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.StandardLocation;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema of {@code @Workflow(events = Events.FEED)} against real PostgreSQL, as the roles the
 * options name (decision 0028): every change of state keyed in its row's version order whatever
 * the order its transaction took its id in, the key the database's alone, the positions the
 * application's to move and not to delete, and the feed turned on and off on a table with rows
 * and history, rewriting neither.
 */
class EventFeedSchemaTest {

    @TempDir
    Path folder;

    private final List<String> createdRoles = new ArrayList<>();
    private TestSchema schema;
    private DSLContext admin;
    private DSLContext owner;
    private DSLContext app;
    private String writers;
    private String readers;

    @BeforeEach
    void createSchema() {
        schema = TestDatabase.shared().createSchema("EventFeedSchemaTest");
        admin = DSL.using(schema.dataSource(), SQLDialect.POSTGRES);
        owner = DSL.using(schema.ownerDataSource(), SQLDialect.POSTGRES);
        app = DSL.using(schema.applicationDataSource(), SQLDialect.POSTGRES);
        writers = role("writers");
        readers = role("readers");
        admin.execute("GRANT " + writers + " TO " + schema.applicationRole());
    }

    @AfterEach
    void dropSchemaAndRoles() {
        schema.drop();
        for (String role : createdRoles) {
            admin.execute("DROP OWNED BY " + role);
            admin.execute("DROP ROLE " + role);
        }
    }

    /**
     * Experiment E1 of decision 0028: transaction A takes its id first, by a write elsewhere; B, younger,
     * then changes the parcel and commits; A changes it after. Keyed by transaction id alone, A's
     * version 2 would come before B's version 1.
     */
    @Test
    void aRowsEventsAreKeyedInVersionOrderWhateverOrderTheirTransactionsTookTheirIds() throws Exception {
        compile("workflows/Parcel.java");
        migrate();
        long parcel = insert("ada");
        try (Connection a = schema.applicationDataSource().getConnection();
                Connection b = schema.applicationDataSource().getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            DSLContext first = DSL.using(a, SQLDialect.POSTGRES);
            DSLContext second = DSL.using(b, SQLDialect.POSTGRES);
            first.execute("INSERT INTO parcel (recipient) VALUES ('elsewhere')");
            long older = xid(first);
            second.execute("UPDATE parcel SET status = 'SHIPPED' WHERE id = ?", parcel);
            long younger = xid(second);
            b.commit();
            first.execute("UPDATE parcel SET transition = 'track', location = 'Lyon' WHERE id = ?", parcel);
            a.commit();
            assertThat(older).isLessThan(younger);
        }

        Result<Record> events = owner.fetch("SELECT version, feed_xid::text::bigint AS key FROM parcel_history"
                + " WHERE parcel_id = ? ORDER BY feed_xid, id", parcel);
        assertEquals(List.of(1L, 2L), events.getValues("version", Long.class));
        List<Long> keys = events.getValues("key", Long.class);
        assertEquals(keys.get(0), keys.get(1), "raised to the key of the row's previous event");
        assertEquals(keys.get(1), owner.fetchValue("SELECT status_feed_xid::text::bigint FROM parcel WHERE id = ?",
                parcel));
    }

    @Test
    void theKeyIsTheDatabasesAloneAndEveryHistoryRowHasOne() {
        compile("workflows/Parcel.java");
        migrate();
        long parcel = app.fetchSingle("INSERT INTO parcel (recipient, status_feed_xid) VALUES ('ada', '999999999')"
                + " RETURNING id").get(0, Long.class);
        assertEquals(null, app.fetchValue("SELECT status_feed_xid FROM parcel WHERE id = ?", parcel));
        long key = app.transactionResult(tx -> {
            tx.dsl().execute("UPDATE parcel SET status = 'SHIPPED' WHERE id = ?", parcel);
            return xid(tx.dsl());
        });
        app.execute("UPDATE parcel SET location = 'Lyon', status_feed_xid = '999999999' WHERE id = ?", parcel);
        assertEquals(key, app.fetchValue("SELECT status_feed_xid::text::bigint FROM parcel WHERE id = ?", parcel));
        assertEquals(key, app.fetchValue("SELECT feed_xid::text::bigint FROM parcel_history WHERE parcel_id = ?",
                parcel));

        // Not even the owner, importing with the triggers off, writes history from before the feed.
        DataAccessException e = assertThrows(DataAccessException.class, () -> admin.execute(
                "SET session_replication_role = replica; INSERT INTO parcel_history (parcel_id, transition, from_state,"
                        + " to_state, feed_xid) VALUES (?, 'ship', 'PACKED', 'SHIPPED', '0')", parcel));
        assertEquals(SqlStates.CHECK_VIOLATION, e.sqlState());
    }

    @Test
    void theApplicationMovesItsPositionsAndDeletesNoneTheReadOnlyRoleReadsThem() {
        compile("workflows/Parcel.java");
        migrate();
        app.execute("INSERT INTO parcel_feed_position (consumer, feed_xid, history_id) VALUES ('mailer', '0', 0)");
        app.execute("UPDATE parcel_feed_position SET history_id = 1 WHERE consumer = 'mailer'");
        // A row deleted, or renamed, would send a running consumer back to its start.
        for (String sql : List.of("DELETE FROM parcel_feed_position",
                "UPDATE parcel_feed_position SET consumer = 'gone' WHERE consumer = 'mailer'")) {
            DataAccessException refused = assertThrows(DataAccessException.class, () -> app.execute(sql), sql);
            assertEquals(SqlStates.INSUFFICIENT_PRIVILEGE, refused.sqlState(), sql);
        }
        DataAccessException name = assertThrows(DataAccessException.class, () -> app.execute(
                "INSERT INTO parcel_feed_position (consumer, feed_xid, history_id) VALUES ('Mailer!', '0', 0)"));
        assertEquals(SqlStates.CHECK_VIOLATION, name.sqlState());
        assertEquals(true, privilege(readers, "parcel_feed_position", "SELECT"));
        assertEquals(false, privilege(readers, "parcel_feed_position", "UPDATE"));
    }

    @Test
    void theFeedIsTurnedOnAndOffOnATableWithRowsAndHistoryWithoutRewritingEither() throws Exception {
        compile("feed/v1/Parcel.java");
        migrate();
        long parcel = insert("ada");
        app.execute("UPDATE parcel SET status = 'SHIPPED' WHERE id = ?", parcel);
        Map<String, Long> files = relfilenodes();

        compile("workflows/Parcel.java");
        String added = EvolutionTest.files(folder).get("V2__parcel_add_event_feed.sql");
        Golden.assertMatches("feed/V2__parcel_add_event_feed.sql", added.replace(writers, "app_service")
                .replace(readers, "reporting"));
        migrate();
        assertEquals(files, relfilenodes());
        assertEquals(List.of("0"), owner.fetchValues("SELECT feed_xid::text FROM parcel_history"));
        app.execute("UPDATE parcel SET status = 'DELIVERED' WHERE id = ?", parcel);
        Result<Record> history = owner.fetch("SELECT version, feed_xid::text AS key FROM parcel_history ORDER BY id");
        assertEquals(java.util.Arrays.asList(null, 2L), history.getValues("version", Long.class));
        assertThat(history.get(1).get("key", String.class)).isNotEqualTo("0");
        app.execute("INSERT INTO parcel_feed_position (consumer, feed_xid, history_id) VALUES ('mailer', '0', 0)");
        assertEquals(true, privilege(readers, "parcel_feed_position", "SELECT"));

        compile("feed/v1/Parcel.java");
        assertThat(EvolutionTest.files(folder).keySet()).contains("V3__parcel_remove_event_feed.sql");
        migrate();
        assertEquals(List.of("SHIPPED", "DELIVERED"), owner.fetchValues("SELECT to_state FROM parcel_history ORDER BY id"));
        assertEquals(0, owner.fetchCount(owner.selectFrom("information_schema.columns")
                .where("table_schema = ? AND column_name IN ('feed_xid', 'status_feed_xid')", schema.name())));
        assertEquals(null, owner.fetchValue("SELECT to_regclass('parcel_feed_position')"));
    }

    /**
     * {@code FEED_WITH_NOTIFY}, turned on for a feed that was only polled: each transaction that
     * changes states notifies the channel once, at commit, and one rolled back not at all.
     */
    @Test
    void aNotifyingFeedNotifiesOnceAtEachCommitAndNeverOnRollback() throws Exception {
        compile("workflows/Parcel.java");
        migrate();
        compile("feed/notify/Parcel.java");
        String notify = EvolutionTest.files(folder).get("V2__parcel_notify_event_feed.sql");
        assertThat(notify).contains("PERFORM pg_notify('parcel_feed', '');");
        migrate();
        long first = insert("ada");
        long second = insert("grace");
        try (Connection listening = schema.applicationDataSource().getConnection();
                java.sql.Statement statement = listening.createStatement()) {
            statement.execute("LISTEN parcel_feed");
            PGConnection notifications = listening.unwrap(PGConnection.class);
            app.transaction(tx -> {
                tx.dsl().execute("UPDATE parcel SET status = 'SHIPPED' WHERE id IN (?, ?)", first, second);
                tx.dsl().execute("UPDATE parcel SET transition = 'track', location = 'Lyon' WHERE id = ?", first);
                assertThat(notifications.getNotifications(200)).isEmpty();
            });
            assertThat(received(notifications)).isEqualTo(1);
            assertThrows(IllegalStateException.class, () -> app.transaction(tx -> {
                tx.dsl().execute("UPDATE parcel SET status = 'DELIVERED' WHERE id = ?", first);
                throw new IllegalStateException("rolled back");
            }));
            app.execute("UPDATE parcel SET location = 'Paris' WHERE id = ?", first);
            assertThat(received(notifications)).isEqualTo(0);
        }
    }

    /** The notifications that arrive within a second. */
    private static int received(PGConnection notifications) throws SQLException {
        int count = 0;
        long until = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < until) {
            PGNotification[] got = notifications.getNotifications(100);
            count += got == null ? 0 : got.length;
        }
        return count;
    }

    /** jOOQ knows xid8 only as OTHER: the generated classes read the keys as numbers. */
    @Test
    void jooqReadsTheKeysAsNumbers() {
        Compiled compiled = Compilations.compile("workflows/Parcel.java").assertSucceededWithoutWarnings();
        for (String table : List.of("Parcel", "ParcelHistory", "ParcelFeedPosition")) {
            String source = compiled.text(StandardLocation.SOURCE_OUTPUT, "workflows/jooq/tables/" + table + ".java");
            assertThat(source).containsMatch("TableField<" + table + "Record, Long> (STATUS_)?FEED_XID");
        }
    }

    private Map<String, Long> relfilenodes() {
        return Map.of("parcel", relfilenode("parcel"), "parcel_history", relfilenode("parcel_history"));
    }

    private long relfilenode(String table) {
        return owner.fetchSingle("SELECT pg_relation_filenode(?::regclass)::bigint", table).get(0, Long.class);
    }

    private long insert(String recipient) {
        return app.fetchSingle("INSERT INTO parcel (recipient) VALUES (?) RETURNING id", recipient).get(0, Long.class);
    }

    private static long xid(DSLContext dsl) {
        return ((Number) dsl.fetchValue("SELECT pg_current_xact_id()::text::bigint")).longValue();
    }

    private boolean privilege(String role, String table, String privilege) {
        return admin.fetchSingle("SELECT has_table_privilege(?, ?::regclass, ?)", role, schema.name() + "." + table,
                privilege).get(0, Boolean.class);
    }

    private String role(String what) {
        String role = schema.name() + "_" + what;
        admin.execute("CREATE ROLE " + role + " NOLOGIN");
        createdRoles.add(0, role);
        return role;
    }

    private void compile(String resource) {
        Compilations.compile(List.of("-Astatewise.migrations=" + folder, "-Astatewise.applicationRole=" + writers,
                "-Astatewise.readOnlyRole=" + readers), resource).assertSucceededWithoutWarnings();
    }

    private void migrate() {
        Flyway.configure().dataSource(schema.ownerDataSource()).schemas(schema.name())
                .locations("filesystem:" + folder).load().migrate();
    }
}
