package dev.statewise.conformance;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Conformance#check} found: every rule the database failed, out of how many it tried.
 *
 * <pre>{@code
 * ConformanceReport report = Conformance.check(TaskWorkflow.DESCRIPTOR, dataSource);
 * if (!report.conforms()) {
 *     report.findings().forEach(System.out::println);
 * }
 * }</pre>
 *
 * @param workflow the workflow's name
 * @param checks how many checks ran, each one statement tried against the database
 * @param notRun how many checks could not run because no row could be brought into the state
 *     they start from; the findings say why (a refused create or edge)
 * @param findings the rules the database failed, in the order they were tried
 */
public record ConformanceReport(String workflow, int checks, int notRun, List<Finding> findings) {

    /** Checks the name and copies the findings. */
    public ConformanceReport {
        Objects.requireNonNull(workflow, "workflow");
        findings = List.copyOf(findings);
    }

    /** Whether the database enforced every rule tried, and every check could run. */
    public boolean conforms() {
        return findings.isEmpty() && notRun == 0;
    }

    /** A summary line, then one line per finding. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Workflow ").append(workflow).append(": ");
        if (findings.isEmpty()) {
            text.append("the database enforced all ").append(checks).append(" checks");
        } else {
            text.append(findings.size()).append(" of ").append(checks).append(" checks failed");
        }
        if (notRun > 0) {
            text.append("; ").append(notRun).append(" more could not run");
        }
        for (Finding finding : findings) {
            text.append("\n  ").append(finding);
        }
        return text.toString();
    }
}
