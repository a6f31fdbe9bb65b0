package dev.statewise.samples.taskboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statewise.conformance.Conformance;
import dev.statewise.conformance.ConformanceReport;
import dev.statewise.test.PostgresTest;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The conformance check tried every rule of the task board, counted by hand from the declaration. */
@PostgresTest(migrations = "classpath:db/migration")
class TaskConformanceCountTest {

    @Test
    void everyRuleWasTried(DataSource dataSource) {
        ConformanceReport report = Conformance.check(TaskWorkflow.DESCRIPTOR, dataSource);

        assertEquals(List.of(), report.findings());
        // 1 schema, 1 create, 4 creates outside BACKLOG, 1 + 5 undeclared states,
        // 8 edges x (accepted, history, version), 5 x 4 - 8 = 12 pairs of states along no edge,
        // 1 + 3 + 4 + 5 + 2 = 15 required fields, 2 + 2 + 2 + 1 + 1 = 8 @OnlyIn fields,
        // 4 + 2 + 1 + 1 + 4 = 12 fields optional in a state, 3 + 2 on history, 2 removing a row
        // with history, 2 x 2 infinities in the start date and the completion time, and the moment
        // each row entered its state: 1 new row, 8 edges and 5 edits giving it.
        assertEquals(1 + 1 + 4 + 6 + 24 + 12 + 15 + 8 + 12 + 3 + 2 + 2 + 4 + 1 + 8 + 5, report.checks());
        assertEquals(0, report.notRun());
    }
}
