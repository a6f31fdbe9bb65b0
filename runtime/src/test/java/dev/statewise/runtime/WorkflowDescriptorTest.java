package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowDescriptorTest {

    private static final WorkflowDescriptor TICKET = Ticket.WORKFLOW;

    @Test
    void findsStatesByName() {
        assertEquals(Optional.of("ASSIGNED"), TICKET.state("ASSIGNED").map(StateDescriptor::name));
        assertEquals(Optional.empty(), TICKET.state("assigned"));
    }

    @Test
    void listsTheEdgesFromAState() {
        assertEquals(List.of("close ASSIGNED -> CLOSED", "withdraw ASSIGNED -> CLOSED"),
                labels(TICKET.edgesFrom("ASSIGNED")));
        assertEquals(List.of(), TICKET.edgesFrom("CLOSED"));
    }

    @Test
    void listsTheEdgesOfATransition() {
        assertEquals(List.of("withdraw OPEN -> CLOSED", "withdraw ASSIGNED -> CLOSED"),
                labels(TICKET.edgesNamed("withdraw")));
        assertEquals(List.of(), TICKET.edgesNamed("escalate"));
    }

    @Test
    void findsTheEdgeATransitionTakesFromAState() {
        assertEquals(Optional.of("CLOSED"), TICKET.edge("withdraw", "ASSIGNED").map(EdgeDescriptor::to));
        assertEquals(List.of("closedAt"), TICKET.edge("close", "ASSIGNED").orElseThrow().sets());
        assertEquals(Optional.empty(), TICKET.edge("close", "OPEN"));
    }

    @Test
    void listsTheInitialStates() {
        assertEquals(List.of("OPEN"), TICKET.initialStates().stream().map(StateDescriptor::name).toList());
    }

    @Test
    void findsTheStateOfAConstraint() {
        assertEquals(Optional.of("ASSIGNED"),
                TICKET.stateOfConstraint("ticket_assigned_check").map(StateDescriptor::name));
        assertEquals(Optional.empty(), TICKET.stateOfConstraint("ticket_status_check"));
        assertEquals(Optional.empty(), TICKET.stateOfConstraint(null));
    }

    @Test
    void findsFieldsByColumnAndByName() {
        assertEquals(Optional.of("closedAt"), TICKET.fieldOfColumn("closed_at").map(FieldDescriptor::name));
        assertEquals(Optional.empty(), TICKET.fieldOfColumn("status"));
        assertEquals(Optional.of("closed_at"), TICKET.field("closedAt").map(FieldDescriptor::column));
        assertEquals(Optional.empty(), TICKET.field("closed_at"));
    }

    @Test
    void stateSkipsNoConstraintLookupWithoutAName() {
        StateDescriptor draft = new StateDescriptor("DRAFT", true, false, List.of(), List.of(), null);
        WorkflowDescriptor workflow =
                new WorkflowDescriptor("Memo", "memo", "status", List.of(draft), List.of(), List.of());

        assertEquals(Optional.empty(), workflow.stateOfConstraint("memo_draft_check"));
    }

    @Test
    void aHandWrittenDescriptorTakesStatewisesTableNames() {
        assertEquals("ticket_status_check", TICKET.stateColumnCheck());
        assertEquals("ticket_transition", TICKET.transitionTable());
        assertEquals("ticket_history", TICKET.historyTable());
        assertEquals("ticket_id", TICKET.historyEntityColumn());
    }

    @Test
    void aGeneratedDescriptorNamesItsTablesAndConstraints() {
        WorkflowDescriptor workflow = new WorkflowDescriptor("Memo", "memo", "status", "memo_states",
                "memo_edges", "memo_log", "memo_ref", List.of(), List.of(),
                List.of(new FieldDescriptor("kind", "kind", Thread.State.class, "text", "memo_kinds", null, null)));

        assertEquals("memo_states", workflow.stateColumnCheck());
        assertEquals(Optional.of("kind"), workflow.fieldOfConstraint("memo_kinds").map(FieldDescriptor::name));
        assertEquals(Optional.empty(), workflow.fieldOfConstraint("memo_kind_check"));
        assertEquals(Optional.empty(), workflow.fieldOfConstraint(null));
        assertEquals("memo_edges", workflow.transitionTable());
        assertEquals("memo_log", workflow.historyTable());
        assertEquals("memo_ref", workflow.historyEntityColumn());
    }

    @Test
    void copiesItsLists() {
        List<String> sets = new ArrayList<>(List.of("assignee"));
        List<StateDescriptor> states = new ArrayList<>(TICKET.states());
        EdgeDescriptor edge = new EdgeDescriptor("assign", "OPEN", "ASSIGNED", sets);
        WorkflowDescriptor workflow = new WorkflowDescriptor("Ticket", "ticket", "status", states,
                List.of(edge), TICKET.fields());

        sets.add("title");
        states.clear();

        assertEquals(List.of("assignee"), edge.sets());
        assertEquals(3, workflow.states().size());
        assertThrows(UnsupportedOperationException.class, () -> workflow.edges().clear());
    }

    @Test
    void ruleFieldsAreTheRequiredThenTheNullOnes() {
        StateDescriptor assigned = TICKET.state("ASSIGNED").orElseThrow();

        assertEquals(List.of("title", "assignee", "closedAt"), assigned.ruleFields());
    }

    @Test
    void refusesAFieldBothRequiredAndNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StateDescriptor("DONE", false, true,
                        List.of("closedAt"), List.of("closedAt"), "ticket_done_check"));

        assertEquals("State DONE both requires closedAt and needs it NULL", e.getMessage());
    }

    @Test
    void refusesTheSameStateTwice() {
        assertRefused("Workflow Ticket declares state OPEN twice", with(
                List.of(state("OPEN"), state("OPEN")), List.of(), List.of()));
    }

    @Test
    void refusesAnEdgeToAnUndeclaredState() {
        assertRefused("Workflow Ticket edge assign OPEN -> ASSIGNED leads to undeclared state ASSIGNED",
                with(List.of(state("OPEN")), List.of(edge("assign", "OPEN", "ASSIGNED")), List.of()));
    }

    @Test
    void refusesAnEdgeFromAnUndeclaredState() {
        assertRefused("Workflow Ticket edge assign NEW -> OPEN starts in undeclared state NEW",
                with(List.of(state("OPEN")), List.of(edge("assign", "NEW", "OPEN")), List.of()));
    }

    @Test
    void refusesTwoEdgesOfATransitionFromOneState() {
        assertRefused("Workflow Ticket transition close has two edges from OPEN",
                with(List.of(state("OPEN"), state("CLOSED")),
                        List.of(edge("close", "OPEN", "CLOSED"), edge("close", "OPEN", "OPEN")),
                        List.of()));
    }

    @Test
    void refusesARuleOnAnUndeclaredField() {
        StateDescriptor open =
                new StateDescriptor("OPEN", true, false, List.of("title"), List.of(), "t_open_check");

        assertRefused("Workflow Ticket state OPEN names undeclared field title",
                with(List.of(open), List.of(), List.of()));
    }

    @Test
    void refusesAnEdgeSettingAnUndeclaredField() {
        EdgeDescriptor assign = new EdgeDescriptor("assign", "OPEN", "OPEN", List.of("assignee"));

        assertRefused("Workflow Ticket edge assign OPEN -> OPEN sets undeclared field assignee",
                with(List.of(state("OPEN")), List.of(assign), List.of()));
    }

    @Test
    void refusesTwoFieldsInOneColumn() {
        assertRefused("Workflow Ticket stores two fields in column title",
                with(List.of(), List.of(), List.of(
                        new FieldDescriptor("title", "title", String.class),
                        new FieldDescriptor("heading", "title", String.class))));
    }

    @Test
    void refusesTheSameFieldTwice() {
        assertRefused("Workflow Ticket declares field title twice",
                with(List.of(), List.of(), List.of(
                        new FieldDescriptor("title", "title", String.class),
                        new FieldDescriptor("title", "heading", String.class))));
    }

    @Test
    void refusesAFieldConstraintThatAnotherHas() {
        assertRefused("Workflow Ticket gives field priority constraint ticket_status_check, which is taken",
                with(List.of(), List.of(), List.of(
                        new FieldDescriptor("priority", "priority", String.class, "text", "ticket_status_check", null, null))));
    }

    @Test
    void refusesOneConstraintForTwoStates() {
        assertRefused("Workflow Ticket gives two states constraint t_check", with(
                List.of(new StateDescriptor("OPEN", true, false, List.of(), List.of(), "t_check"),
                        new StateDescriptor("SHUT", false, true, List.of(), List.of(), "t_check")),
                List.of(), List.of()));
    }

    @Test
    void refusesNullNames() {
        assertThrows(NullPointerException.class, () -> new FieldDescriptor(null, "title", String.class));
        assertThrows(NullPointerException.class, () -> new EdgeDescriptor("assign", null, "OPEN", List.of()));
        assertThrows(NullPointerException.class,
                () -> new WorkflowDescriptor("Ticket", null, "status", List.of(), List.of(), List.of()));
        assertThrows(NullPointerException.class, () -> new WorkflowDescriptor("Ticket", "ticket",
                "status", "ticket_status_check", "ticket_transition", null, "ticket_id", List.of(), List.of(),
                List.of()));
        assertThrows(NullPointerException.class, () -> new WorkflowDescriptor("Ticket", "ticket",
                "status", null, "ticket_transition", "ticket_history", "ticket_id", List.of(), List.of(),
                List.of()));
    }

    private static Runnable with(List<StateDescriptor> states, List<EdgeDescriptor> edges,
            List<FieldDescriptor> fields) {
        return () -> new WorkflowDescriptor("Ticket", "ticket", "status", states, edges, fields);
    }

    private static void assertRefused(String message, Runnable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::run);
        assertEquals(message, e.getMessage());
    }

    private static StateDescriptor state(String name) {
        return new StateDescriptor(name, false, false, List.of(), List.of(), null);
    }

    private static EdgeDescriptor edge(String transition, String from, String to) {
        return new EdgeDescriptor(transition, from, to, List.of());
    }

    private static List<String> labels(List<EdgeDescriptor> edges) {
        return edges.stream().map(e -> e.transition() + " " + e.from() + " -> " + e.to()).toList();
    }
}
