package dev.statewise.samples.taskboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statewise.test.AsApplication;
import dev.statewise.test.AsOwner;
import dev.statewise.test.PostgresTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The demo that the README runs: the committed migration applies and the database refuses. */
@PostgresTest
class TaskBoardDemoTest {

    @Test
    void walksTheBoardAndShowsEveryRefusal(@AsOwner DataSource owner, @AsApplication DataSource application)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TaskBoardDemo(owner, application, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertContains(output, "approve  -> DONE         version 3");
        assertContains(output, "approve  IN_REVIEW -> DONE by grace (looks good)");
        assertContains(output, "ERROR 23SW1: Task 2: no transition from BACKLOG to DONE; "
                + "allowed from BACKLOG: BLOCKED (block), IN_PROGRESS (start)");
        assertContains(output, "ERROR 23514: new row for relation \"task\" violates check constraint "
                + "\"task_in_progress_check\"");
        assertContains(output, "ERROR 23SW2: Task: a new row starts in BACKLOG, not in IN_REVIEW");
        assertContains(output, "ERROR 42501: permission denied for table task_history");
        assertContains(output, "DELETE refused, since task_history holds its history");
        assertContains(output, "its id never changes, since task_history names the row by it");
        assertContains(output, "ERROR 42501: permission denied for table task_transition");
        assertContains(output, "is IN_REVIEW at version 2, reviewer ada");
        assertContains(output, "approve refused before any write: Task 5: approve refused (reviewerIsNotAssignee)");
    }

    private static void assertContains(String output, String expected) {
        assertTrue(output.contains(expected), () -> "missing \"" + expected + "\" in:\n" + output);
    }
}
