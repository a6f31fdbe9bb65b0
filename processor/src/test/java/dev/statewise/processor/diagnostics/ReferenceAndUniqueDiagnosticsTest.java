package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @References} and {@code @Unique}: what they may name, on what fields, and in what order. */
class ReferenceAndUniqueDiagnosticsTest {

    private static final JavaFileObject ORDER = source("test.Order",
            "package test;",
            "",
            "import dev.statewise.dsl.*;",
            "",
            "@Workflow(table = \"orders\")",
            "public interface Order {",
            "    enum Status { @Initial OPEN, @Terminal CLOSED }",
            "",
            "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
            "    Order close();",
            "}");

    @Test
    void referenceToATypeThatIsNoWorkflow() {
        JavaFileObject payment = source("test.Payment",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Payment {",
                "    enum Status { @Initial AUTHORIZED, @Terminal CAPTURED }",
                "",
                "    @References(String.class)",
                "    long orderId();",
                "",
                "    @Transition(from = \"AUTHORIZED\", to = \"CAPTURED\")",
                "    Payment capture();",
                "}");

        Compilation compilation = compile(payment);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[REFERENCE_NOT_A_WORKFLOW] @References on orderId names String, which is not a @Workflow interface; "
                        + "a reference holds the id of another workflow's row, name a @Workflow interface")
                .inFile(payment).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void referenceOnAFieldThatIsNoLong() {
        JavaFileObject payment = source("test.Payment",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Payment {",
                "    enum Status { @Initial AUTHORIZED, @Terminal CAPTURED }",
                "",
                "    @References(Order.class)",
                "    String orderId();",
                "",
                "    @Transition(from = \"AUTHORIZED\", to = \"CAPTURED\")",
                "    Payment capture();",
                "}");

        Compilation compilation = compile(ORDER, payment);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[REFERENCE_TYPE] field orderId is String, but @References(Order.class) stores the id of a "
                        + "Order row, a bigint; declare it as long, or Long where it may be NULL")
                .inFile(payment).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void referencesInACycle() {
        JavaFileObject invoice = source("test.Invoice",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Invoice {",
                "    enum Status { @Initial OPEN, @Terminal PAID }",
                "",
                "    @References(Receipt.class)",
                "    long receiptId();",
                "",
                "    @Transition(from = \"OPEN\", to = \"PAID\")",
                "    Invoice pay();",
                "}");
        JavaFileObject receipt = source("test.Receipt",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Receipt {",
                "    enum Status { @Initial ISSUED, @Terminal FILED }",
                "",
                "    @Nullable",
                "    @References(Invoice.class)",
                "    Long invoiceId();",
                "",
                "    @Transition(from = \"ISSUED\", to = \"FILED\")",
                "    Receipt file();",
                "}");

        Compilation compilation = compile(invoice, receipt);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[REFERENCE_CYCLE] field receiptId of Invoice references Receipt, which closes a cycle of "
                        + "references (Invoice -> Receipt -> Invoice): no table of the cycle could be created "
                        + "before the others; remove @References from one field of the cycle")
                .inFile(invoice).onLine(9);
        assertThat(compilation)
                .hadErrorContaining("[REFERENCE_CYCLE] field invoiceId of Receipt references Invoice, which closes a cycle of "
                        + "references (Receipt -> Invoice -> Receipt)")
                .inFile(receipt).onLine(10);
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void referenceToAWorkflowWhoseTableNoMigrationCreates() {
        JavaFileObject brokenOrder = source("test.Order",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow(table = \"orders\")",
                "public interface Order {",
                "    enum Status { OPEN, CLOSED }",
                "",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Order close();",
                "}");
        JavaFileObject payment = source("test.Payment",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Payment {",
                "    enum Status { @Initial AUTHORIZED, @Terminal CAPTURED }",
                "",
                "    @References(Order.class)",
                "    long orderId();",
                "",
                "    @Transition(from = \"AUTHORIZED\", to = \"CAPTURED\")",
                "    Payment capture();",
                "}");

        Compilation compilation = compile(brokenOrder, payment);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[NO_INITIAL_STATE] workflow Order has no initial state").inFile(brokenOrder);
        assertThat(compilation)
                .hadErrorContaining("[REFERENCE_TARGET_MISSING] field orderId of Payment references Order, whose table orders is created "
                        + "by no migration before this one (the migrations of this compile), so its foreign key "
                        + "would fail at deploy; compile Order into the same migrations folder")
                .inFile(payment).onLine(9);
    }

    @Test
    void uniqueAmongAnUnknownState() {
        JavaFileObject shipment = source("test.Shipment",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Shipment {",
                "    enum Status { @Initial PACKED, SHIPPED, @Terminal DELIVERED }",
                "",
                "    @Unique({\"SHIPPED\", \"DELIVERD\"})",
                "    @RequiredIn({\"SHIPPED\", \"DELIVERED\"})",
                "    String trackingNumber();",
                "",
                "    @Transition(from = \"PACKED\", to = \"SHIPPED\")",
                "    Shipment ship(String trackingNumber);",
                "    @Transition(from = \"SHIPPED\", to = \"DELIVERED\")",
                "    Shipment deliver();",
                "}");

        Compilation compilation = compile(shipment);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[UNKNOWN_STATE] @Unique on trackingNumber names unknown state \"DELIVERD\"; did you mean "
                        + "DELIVERED?")
                .inFile(shipment).onLine(9).atColumn(25);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void uniqueNamingAStateTwice() {
        JavaFileObject shipment = source("test.Shipment",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Shipment {",
                "    enum Status { @Initial PACKED, @Terminal SHIPPED }",
                "",
                "    @Unique({\"SHIPPED\", \"SHIPPED\"})",
                "    @OnlyIn(\"SHIPPED\")",
                "    String trackingNumber();",
                "",
                "    @Transition(from = \"PACKED\", to = \"SHIPPED\")",
                "    Shipment ship(String trackingNumber);",
                "}");

        Compilation compilation = compile(shipment);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[DUPLICATE_STATE] @Unique on trackingNumber names state SHIPPED twice; remove one")
                .inFile(shipment).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void uniqueOnATransition() {
        JavaFileObject shipment = source("test.Shipment",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Shipment {",
                "    enum Status { @Initial PACKED, @Terminal SHIPPED }",
                "",
                "    @Unique",
                "    @Transition(from = \"PACKED\", to = \"SHIPPED\")",
                "    Shipment ship();",
                "}");

        Compilation compilation = compile(shipment);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("[FIELD_ANNOTATION_ON_NON_FIELD] @Unique describes a field, an abstract method without parameters, and ship is "
                        + "a transition; remove the annotation")
                .inFile(shipment).onLine(9);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void referencedWorkflowsAreNumberedFirst() {
        JavaFileObject account = source("test.Account",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "",
                "@Workflow",
                "public interface Account {",
                "    enum Status { @Initial OPEN, @Terminal CLOSED }",
                "",
                "    @References(Order.class)",
                "    long firstOrderId();",
                "",
                "    @Transition(from = \"OPEN\", to = \"CLOSED\")",
                "    Account close();",
                "}");

        Compilation compilation = compile(account, ORDER);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT,
                "db/migration/V1__create_orders.sql");
        assertThat(compilation).generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT,
                "db/migration/V2__create_account.sql");
    }
}
