package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Fields: their presence annotations, their types and their @Column sizes. */
class FieldDiagnosticsTest {

    @Test
    void nullableAndRequiredIn() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Nullable",
                "    @RequiredIn(\"DONE\")",
                "    String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(String resolution);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CONTRADICTORY_ANNOTATIONS] field resolution is both @Nullable and @RequiredIn; a field optional "
                        + "everywhere cannot also be required in some states; keep one")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void requiredInAndOnlyIn() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @RequiredIn(\"DONE\")",
                "    @OnlyIn(\"DONE\")",
                "    String resolution();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(String resolution);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[CONTRADICTORY_ANNOTATIONS] field resolution is both @RequiredIn and @OnlyIn; @RequiredIn leaves "
                        + "the field optional elsewhere while @OnlyIn makes it NULL elsewhere; keep one")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void primitiveFieldThatMayBeNull() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @RequiredIn(\"DONE\")",
                "    int points();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close(int points);",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[PRIMITIVE_MAY_BE_NULL] field points has primitive type int but is NULL in some states "
                        + "(@RequiredIn); declare it as Integer")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unsupportedType() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    java.util.Date dueDate();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNSUPPORTED_TYPE] field dueDate has unsupported type java.util.Date; use String, boolean, "
                        + "int, long (or their boxes), BigDecimal, UUID, LocalDate")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void enumWithoutConstants() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "    enum Kind {}",
                "",
                "    @Nullable Kind kind();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[EMPTY_ENUM] field kind has enum type test.Task.Kind, which has no constants, so no "
                        + "value could be stored; add its constants, or give the field another type")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unsupportedTypeIsReportedOnceWhenATransitionSetsTheField() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    java.util.Date dueDate();",
                "",
                "    @Transition(from = \"OPEN\", to = \"OPEN\")",
                "    Task reschedule(java.util.Date dueDate);",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNSUPPORTED_TYPE] field dueDate has unsupported type java.util.Date")
                .inFile(task).onLine(9);
        // The parameter has the field's very type: no "parameter dueDate is Date but field dueDate is Date".
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void lengthOnANonStringField() {
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
                "            length = 20)",
                "    int points();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[LENGTH_NOT_STRING] @Column(length = ...) sizes String fields, and points is int; "
                        + "remove length")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void precisionOnANonDecimalField() {
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
                "            precision = 10)",
                "    String title();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[PRECISION_NOT_DECIMAL] @Column(precision = ..., scale = ...) sizes BigDecimal fields, and "
                        + "title is String; remove precision and scale")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void lengthOverPostgresLimit() {
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
                "            length = 20000000)",
                "    String title();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[BAD_COLUMN_SIZE] @Column on title: length must be between 1 and 10485760")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void precisionOverPostgresLimit() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.math.BigDecimal;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Column(",
                "            precision = 2000)",
                "    BigDecimal estimate();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[BAD_COLUMN_SIZE] @Column on estimate: precision must be between 1 and 1000")
                .inFile(task).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void scaleLargerThanPrecision() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.math.BigDecimal;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    @Column(precision = 4,",
                "            scale = 6)",
                "    BigDecimal estimate();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[BAD_COLUMN_SIZE] @Column on estimate: scale must be between 0 and the precision")
                .inFile(task).onLine(11);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldMappingToASystemColumn() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    long version();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SYSTEM_COLUMN] field version maps to column version, which Statewise manages "
                        + "(for id, version, timestamps, who created the row and transition metadata); rename the field or set "
                        + "@Column(name = \"...\")")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldMappingToAColumnThatRecordsWhoCreatedTheRow() {
        JavaFileObject task = source("test.Task",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Task {",
                "    enum Status { @Initial OPEN, @Terminal DONE }",
                "",
                "    String createdBy();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SYSTEM_COLUMN] field createdBy maps to column created_by, which Statewise manages")
                .inFile(task).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void fieldMappingToTheStateColumn() {
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
                "            name = \"status\")",
                "    String label();",
                "",
                "    @Transition(from = \"OPEN\", to = \"DONE\")",
                "    Task close();",
                "}");

        Compilation compilation = compile(task);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[SYSTEM_COLUMN] field label maps to column status, which Statewise manages "
                        + "(the state column, named after enum Status)")
                .inFile(task).onLine(10);
        assertThat(compilation).hadErrorCount(1);
    }
}
