package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The SQL names derived from a declaration: PostgreSQL's identifier rules and clashes between names. */
class SqlNameDiagnosticsTest {

    /** 64 bytes: one over PostgreSQL's limit, beyond which it silently truncates. */
    private static final String NAME_OF_64_BYTES =
            "a_name_that_postgresql_would_silently_truncate_to_63_bytes_xxxxx";

    @Test
    void tableNameOver63Bytes() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow(",
                "        table = \"" + NAME_OF_64_BYTES + "\")",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[IDENTIFIER_TOO_LONG] table name \"" + NAME_OF_64_BYTES + "\" is 64 bytes, over PostgreSQL's "
                        + "limit of 63; choose a shorter one with @Workflow(table = \"...\")")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void columnNameOver63Bytes() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Column(",
                "            name = \"" + NAME_OF_64_BYTES + "\")",
                "    String title();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[IDENTIFIER_TOO_LONG] column name \"" + NAME_OF_64_BYTES + "\" is 64 bytes, over PostgreSQL's "
                        + "limit of 63; choose a shorter one with @Column(name = \"...\")")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void tableNameThatIsNotAPlainIdentifier() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow(",
                "        table = \"task-board\")",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[INVALID_IDENTIFIER] table name \"task-board\" is not a plain SQL identifier; use letters, "
                        + "digits and underscores, starting with a letter or underscore")
                .inFile(task).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void tableNamedWithAReservedWord() {
        JavaFileObject order = source("test.Order",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow(",
                "        table = \"order\")",
                "public interface Order {",
                "    enum Status { @Initial PLACED, @Terminal SHIPPED }",
                "",
                "    @Transition(from = \"PLACED\", to = \"SHIPPED\")",
                "    Order ship();",
                "}");

        Compilation compilation = compile(order);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[RESERVED_WORD] table name \"order\" is a reserved word in PostgreSQL and would need "
                        + "quotes in every query; choose another with @Workflow(table = \"...\")")
                .inFile(order).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void columnNamedWithAReservedWord() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    String user();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[RESERVED_WORD] column name \"user\" is a reserved word in PostgreSQL and would need "
                        + "quotes in every query; choose another with @Column(name = \"...\")")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void columnsClashingAfterCaseFolding() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.time.LocalDate;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    LocalDate startDate();",
                "",
                "    LocalDate start_date();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[COLUMN_CLASH] fields startDate and start_date both map to column start_date once "
                        + "PostgreSQL folds names to lower case; rename one or set @Column(name = \"...\")")
                .inFile(task).onLine(12);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void constraintNamesClashing() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status {",
                "        @Initial OPEN,",
                "        URGENT,",
                "        @Terminal DONE",
                "    }",
                "",
                "    enum Level { LOW, HIGH }",
                "",
                "    Level urgent();",
                "",
                "    @Transition(from = \"OPEN\", to = \"URGENT\")",
                "    Task escalate();",
                "",
                "    @Transition(from = {\"OPEN\", \"URGENT\"}, to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CONSTRAINT_CLASH] state URGENT needs the constraint name task_urgent_check, which field "
                        + "urgent already uses; rename one of them")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void anIndexNameTheWorkflowAlreadyUses() {
        JavaFileObject owner = source("test.Owner",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Owner {",
                "    enum Status { @Initial ACTIVE, @Terminal GONE }",
                "",
                "    @Transition(from = \"ACTIVE\", to = \"GONE\")",
                "    Owner leave();",
                "}");
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow(table = \"task\")",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @References(Owner.class) long active();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(owner, task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[INDEX_CLASH] field active needs the index name task_active_idx, which the active state "
                        + "index already uses; rename the field, or its column with @Column(name)")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void relationNamesClashingAcrossWorkflowsCompiledTogether() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow(table = \"task\")",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");
        JavaFileObject todo = source("test.Todo",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow(",
                "        table = \"task\")",
                "public interface Todo {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Todo close();",
                "}");

        Compilation compilation = compile(task, todo);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[RELATION_CLASH] workflow Todo needs the name task for its table, which workflow Task "
                        + "already uses for its table; choose another table name")
                .inFile(todo).onLine(6);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void stateEnumNamedWithAReservedWord() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Order { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[RESERVED_WORD] state column (from enum Order) \"order\" is a reserved word in PostgreSQL "
                        + "and would need quotes in every query; choose another name for the state enum")
                .inFile(task).onLine(7);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void stateEnumNamedAfterASystemColumn() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Version { @Initial DRAFT, @Terminal PUBLISHED }",
                "",
                "    @Transition(from = \"DRAFT\", to = \"PUBLISHED\")",
                "    Task publish();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SYSTEM_COLUMN] state enum Version maps to column version, which Statewise manages "
                        + "(for id, version, timestamps, who created the row and transition metadata); rename the enum")
                .inFile(task).onLine(7);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void sameNamedWorkflowsInTwoPackagesClashOnTheirDefaultTable() {
        JavaFileObject billingTask = source("billing.Task",
                "package billing;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");
        JavaFileObject supportTask = source("support.Task",
                "package support;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(billingTask, supportTask);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[RELATION_CLASH] workflow support.Task needs the name task for its table, which workflow "
                        + "billing.Task already uses for its table; choose another table name")
                .inFile(supportTask).onLine(5);
        assertThat(compilation).hadErrorCount(1);
    }
}
