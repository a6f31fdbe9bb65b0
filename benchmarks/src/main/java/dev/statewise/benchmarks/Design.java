package dev.statewise.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The three ways of recording a transition that the benchmark compares. Each moves a row along
 * the loop IN_PROGRESS -submit-> IN_REVIEW -requestChanges-> IN_PROGRESS with one statement text
 * for both edges, setting the state and the reviewer that IN_REVIEW requires.
 */
enum Design {

    /** A single UPDATE of a plain table: no CHECKs, trigger, version or history. */
    BARE(false,
            "UPDATE %1$s SET status = 'IN_PROGRESS', assignee = 'ada', start_date = DATE '2026-01-05'",
            """
            UPDATE task SET status = v_to, reviewer = v_reviewer
             WHERE id = v_id;
            GET DIAGNOSTICS changed = ROW_COUNT;
            IF changed <> 1 THEN RAISE EXCEPTION 'task % not updated', v_id; END IF;
            """),

    /**
     * The generated schema: one compare-and-set UPDATE; the trigger checks the edge, bumps the
     * version and writes the history row.
     */
    STATEWISE(true,
            "UPDATE %1$s SET status = 'IN_PROGRESS', assignee = 'ada', start_date = DATE '2026-01-05', "
                    + "transition_actor = 'loader'",
            """
            UPDATE task SET status = v_to, reviewer = v_reviewer, transition = v_edge, transition_actor = v_actor
             WHERE id = v_id AND status = v_from AND version = v_version;
            GET DIAGNOSTICS changed = ROW_COUNT;
            IF changed <> 1 THEN RAISE EXCEPTION 'task % not updated', v_id; END IF;
            """),

    /**
     * What a team writes by hand on the same tables and CHECKs without the trigger: an UPDATE that
     * keeps the version, then an INSERT into the history, in one transaction.
     */
    NAIVE(true,
            """
            UPDATE %1$s SET status = 'IN_PROGRESS', assignee = 'ada', start_date = DATE '2026-01-05',
                   updated_at = now(), version = version + 1;
            INSERT INTO %1$s_history (%1$s_id, transition, from_state, to_state, actor)
            SELECT id, 'start', 'BACKLOG', 'IN_PROGRESS', 'loader' FROM %1$s ORDER BY id""",
            """
            UPDATE task SET status = v_to, reviewer = v_reviewer, updated_at = now(), version = version + 1
             WHERE id = v_id AND version = v_version;
            GET DIAGNOSTICS changed = ROW_COUNT;
            IF changed <> 1 THEN RAISE EXCEPTION 'task % not updated', v_id; END IF;
            INSERT INTO task_history (task_id, transition, from_state, to_state, actor)
            VALUES (v_id, v_edge, v_from, v_to, v_actor);
            """);

    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String IN_REVIEW = "IN_REVIEW";
    static final String SUBMIT = "submit";
    static final String REQUEST_CHANGES = "requestChanges";
    static final String REVIEWER = "grace";
    static final String ACTOR = "bench";

    private final boolean keepsHistory;
    private final String startAll;
    private final String serverSideStep;

    Design(boolean keepsHistory, String startAll, String serverSideStep) {
        this.keepsHistory = keepsHistory;
        this.startAll = startAll;
        this.serverSideStep = serverSideStep;
    }

    /** Whether the design keeps a version and a history row per transition, which the run verifies. */
    boolean keepsHistory() {
        return keepsHistory;
    }

    /** Moves every row of {@code table} from BACKLOG to IN_PROGRESS the way this design records it. */
    String startAll(String table) {
        return String.format(startAll, table);
    }

    /** One transition in PL/pgSQL, over the loop variables of {@link ServerSideCost}. */
    String serverSideStep() {
        return serverSideStep;
    }

    /** The schema the throughput runs in; the server-side variants have schemas of their own. */
    String schema() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A client thread's view of this design: its own connection, statements and rows. */
    Worker worker(Connection connection, Rows rows, int from, int to) throws SQLException {
        return switch (this) {
            case BARE -> new Worker.Bare(connection, rows, from, to);
            case STATEWISE -> new Worker.Statewise(connection, rows, from, to, schema() + "." + Schema.TASK);
            case NAIVE -> new Worker.Naive(connection, rows, from, to);
        };
    }
}
