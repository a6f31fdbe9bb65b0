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
 * @param untried what could not be tried and why, such as a rule between fields without values
 *     that break it; the database may well enforce it, so this is no failure, but nothing showed it
 */
public record ConformanceReport(String workflow, int checks, int notRun, List<Finding> findings,
        List<String> untried) {

    /** Checks the name and copies the lists. */
    public ConformanceReport {
        Objects.requireNonNull(workflow, "workflow");
        findings = List.copyOf(findings);
        untried = List.copyOf(untried);
    }

    /** A report with nothing left untried. */
    public ConformanceReport(String workflow, int checks, int notRun, List<Finding> findings) {
        this(workflow, checks, notRun, findings, List.of());
    }

    /** Whether the database enforced every rule tried, and every check could run. */
    public boolean conforms() {
        return findings.isEmpty() && notRun == 0;
    }

    /** A summary line, then one line per finding, then one per thing left untried. */
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
        if (!untried.isEmpty()) {
            text.append("; ").append(untried.size()).append(" left untried");
        }
        for (Finding finding : findings) {
            text.append("\n  ").append(finding);
        }
        for (String reason : untried) {
            text.append("\n  untried: ").append(reason);
        }
        return text.toString();
    }
}
