package dev.statewise.conformance;

import static dev.statewise.conformance.Session.describe;
import static dev.statewise.conformance.Session.quote;

import dev.statewise.runtime.EdgeDescriptor;
import dev.statewise.runtime.SqlStates;
import dev.statewise.runtime.StateDescriptor;
import dev.statewise.runtime.WorkflowDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One run of the attacks on one workflow, as the role the data source logs in as. Each attack
 * gets a connection of its own, and a transaction that is rolled back: temporary tables, a schema
 * of the role's own, functions and triggers of its own all go with it, and PL/pgSQL has cached no
 * plan that would hide a shadowing table.
 */
final class Attacker {

    /** Names the attacks give what they make, so that a reader of the server's log knows them. */
    static final String PROBE = "statewise_probe";
    static final String ACTOR = "statewise-conformance";

    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    /** One attack: stages what it needs, strikes, and says what the database let through. */
    interface Probe {
        /**
         * @return what the database let through, as the finding says it, or null when the
         *     attack came to nothing
         * @throws SQLException when the database refused the attack, which is what the rule asks
         */
        String run(Stage stage) throws SQLException, Stage.Unstaged;
    }

    /** A family of attacks that break one rule. */
    interface Family {
        void tryOn(Attacker attacker) throws SQLException;
    }

    private static final List<Family> FAMILIES = List.of(
            new ShadowedTables(),
            new ForgedHistory(),
            new EdgeWrites(),
            new IdChanges(),
            new AuditColumns(),
            new ForeignTableTrigger(),
            new GeneratedFunctions());

    private final WorkflowDescriptor workflow;
    private final DataSource dataSource;
    private final Map<String, ?> givenSamples;
    private final List<Finding> findings = new ArrayList<>();
    private int checks;
    private int notRun;
    private Target target;

    Attacker(WorkflowDescriptor workflow, DataSource dataSource, Map<String, ?> givenSamples) {
        this.workflow = workflow;
        this.dataSource = dataSource;
        this.givenSamples = givenSamples;
    }

    ConformanceReport run() throws SQLException {
        target = inOneTransaction(c -> Target.find(c, workflow));
        checks++;
        if (target.missing() != null) {
            fail(Rule.SCHEMA_PRESENT, null, target.missing());
        } else if (target.privileged() != null) {
            fail(Rule.ATTACKER_OWNS_NOTHING, null, "cannot attack as role " + target.role() + ": "
                    + target.privileged());
        } else {
            Samples samples = new Samples(givenSamples, target.tableColumns());
            workflow.fields().forEach(field -> samples.require(workflow, field));
            for (Family family : FAMILIES) {
                family.tryOn(this);
            }
        }
        return new ConformanceReport(workflow.name(), checks, notRun, findings);
    }

    WorkflowDescriptor workflow() {
        return workflow;
    }

    Map<String, ?> givenSamples() {
        return givenSamples;
    }

    /** The role the attacks log in as. */
    String role() {
        return target.role();
    }

    /** The schema of the workflow's tables, quoted. */
    String schema() {
        return quote(target.schema());
    }

    /** The workflow's table, qualified: no table of the attacker's can stand in for it. */
    String table() {
        return schema() + "." + quote(workflow.table());
    }

    String history() {
        return schema() + "." + quote(workflow.historyTable());
    }

    String edges() {
        return schema() + "." + quote(workflow.transitionTable());
    }

    Map<String, String> tableColumns() {
        return target.tableColumns();
    }

    Map<String, String> historyColumns() {
        return target.historyColumns();
    }

    Map<String, String> edgesColumns() {
        return target.edgesColumns();
    }

    /** How many edges of the transition table are retired, as the attacker reads it. */
    long retiredEdges() {
        return target.retiredEdges();
    }

    /** The first edge that a new row can reach the source of: the one the attacks take. */
    Optional<EdgeDescriptor> reachableEdge(boolean changingState) {
        return workflow.edges().stream()
                .filter(edge -> !changingState || !edge.from().equals(edge.to()))
                .filter(edge -> reachable(edge.from()))
                .findFirst();
    }

    /** An edge the workflow does not declare, as an attack writes it in. */
    record ForgedEdge(String transition, String from, String to) {}

    /**
     * The first pair of different states, the first reachable, with no edge between them, under
     * a transition name the workflow does not declare.
     */
    Optional<ForgedEdge> undeclaredEdge() {
        for (StateDescriptor from : workflow.states()) {
            if (!reachable(from.name())) {
                continue;
            }
            for (StateDescriptor to : workflow.states()) {
                if (from != to && workflow.edgesFrom(from.name()).stream().noneMatch(e -> e.to().equals(to.name()))) {
                    return Optional.of(new ForgedEdge(forgedTransition(), from.name(), to.name()));
                }
            }
        }
        return Optional.empty();
    }

    /** A transition name the workflow does not declare. */
    String forgedTransition() {
        String name = "statewiseForged";
        while (!workflow.edgesNamed(name).isEmpty()) {
            name += "_";
        }
        return name;
    }

    /**
     * Tries one attack on a fresh connection, in a transaction that is rolled back; a finding if
     * the database let it through.
     *
     * @param state the state the attack starts from, for the finding; null if none
     */
    void probe(Rule rule, String state, Probe probe) throws SQLException {
        checks++;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                prepare(c);
                String broken = probe.run(new Stage(this, c));
                if (broken != null) {
                    fail(rule, state, broken);
                }
            } catch (Stage.Unstaged e) {
                // A role that may not even make the row an attack needs cannot make that attack.
                if (!SqlStates.INSUFFICIENT_PRIVILEGE.equals(e.sqlException().getSQLState())) {
                    notRun++;
                    Finding why = new Finding(workflow.name(), e.rule(), e.state(), null, "as role " + role()
                            + ", " + e.getMessage() + " could not be made or read: " + describe(e.sqlException()));
                    if (!findings.contains(why)) {
                        findings.add(why);
                    }
                }
            } catch (SQLException refusal) {
                String sqlState = String.valueOf(refusal.getSQLState());
                if (sqlState.startsWith(CONNECTION_EXCEPTION_CLASS)) {
                    throw refusal;
                }
                if (sqlState.equals(LOCK_NOT_AVAILABLE) || sqlState.equals(QUERY_CANCELED)) {
                    notRun++;
                    fail(rule, state, "an attack could not be tried: " + describe(refusal));
                }
                // Any other refusal is the database keeping the rule, by privilege or by trigger.
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Work on the connection of a check that reads the catalog. */
    interface Reading<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Reads on a connection of its own, in a transaction that is rolled back; one check. */
    void inspect(Reading<Void> reading) throws SQLException {
        checks++;
        inOneTransaction(reading);
    }

    void fail(Rule rule, String state, String message) {
        findings.add(new Finding(workflow.name(), rule, state, null, message));
    }

    private <T> T inOneTransaction(Reading<T> reading) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                prepare(c);
                return reading.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private boolean reachable(String state) {
        return workflow.state(state).orElseThrow().initial()
                || new Rows(workflow, table(), null).pathTo(state) != null;
    }

    private static void prepare(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("SET CONSTRAINTS ALL IMMEDIATE");
            statement.execute("SET LOCAL lock_timeout = '10s'");
        }
    }

    /** A literal for SQL written out in full, as a function body needs it. */
    static String literal(Object value) {
        return value instanceof Number ? value.toString() : "'" + String.valueOf(value).replace("'", "''") + "'";
    }
}
