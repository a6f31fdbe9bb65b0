package dev.statewise.processor.checks;

import dev.statewise.processor.diagnostics.Location;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The classes generated for a workflow take top-level names in its package and in the jOOQ package.
 * A type the sources being compiled already declare under one of them cannot be generated: javac's
 * Filer refuses to create a type twice, and would fail the compile with a message about files.
 */
public final class ClassNameChecks {

    private ClassNameChecks() {}

    /**
     * Problems for the generated classes of a workflow whose names are taken.
     *
     * @param taken whether a qualified class name is declared by a type that Statewise did not generate
     */
    public static List<Problem> check(Workflow workflow, String jooqPackage, Predicate<String> taken) {
        String rename = "rename the workflow";
        String retable = "choose another table name with @Workflow(table = \"...\")";
        String repackage = "give the jOOQ classes another package with -Astatewise.jooq.package";
        String javaPackage = Naming.packageOf(workflow);
        List<Claim> claims = new ArrayList<>();
        claims.add(new Claim(javaPackage + "." + Naming.valueClass(workflow), "its value class", rename));
        claims.add(new Claim(javaPackage + "." + Naming.repositoryClass(workflow), "its repository", rename));
        claims.add(new Claim(javaPackage + "." + Naming.descriptorClass(workflow), "its descriptor", rename));
        for (String table : Naming.tables(workflow)) {
            claims.add(new Claim(Naming.jooqTableClass(jooqPackage, table), "the jOOQ class of table " + table,
                    retable));
            claims.add(new Claim(Naming.jooqRecordClass(jooqPackage, table), "the jOOQ record of table " + table,
                    retable));
        }
        for (String name : Naming.JOOQ_PACKAGE_CLASSES) {
            claims.add(new Claim(jooqPackage + "." + name, "jOOQ's " + name + " class", repackage));
        }
        List<Problem> problems = new ArrayList<>();
        for (Claim claim : claims) {
            if (taken.test(claim.className())) {
                problems.add(Problem.of(Message.CLASS_CLASH, Location.of(workflow.qualifiedName()),
                        workflow.simpleName(), claim.className(), claim.role(), claim.className(), claim.fix()));
            }
        }
        return problems;
    }

    /** A class name a workflow needs, what for, and how else the user can free it. */
    private record Claim(String className, String role, String fix) {}
}
