package dev.statewise.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.statewise.processor.diagnostics.Declarations.compile;
import static dev.statewise.processor.diagnostics.Declarations.source;

import com.google.common.truth.StringSubject;
import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The other side of the diagnostics: a declaration using every supported type draws none. */
class SupportedTypesTest {

    @Test
    void workflowWithEverySupportedFieldTypeCompilesWithoutWarningsAndGetsItsMigration() {
        JavaFileObject shipment = source("test.Shipment",
                "package test;",
                "",
                "import dev.statewise.dsl.*;",
                "import java.math.BigDecimal;",
                "import java.time.Instant;",
                "import java.time.LocalDate;",
                "import java.time.LocalDateTime;",
                "import java.time.OffsetDateTime;",
                "import java.util.UUID;",
                "",
                "@Workflow",
                "public interface Shipment {",
                "    enum Status { @Initial PACKED, @Terminal DELIVERED }",
                "",
                "    enum Priority { STANDARD, EXPRESS }",
                "",
                "    @Column(length = 200) String address();",
                "    boolean fragile();",
                "    int parcels();",
                "    long weightGrams();",
                "    @Nullable Boolean signed();",
                "    @Nullable Integer floor();",
                "    @Nullable Long trackingNumber();",
                "    @Column(precision = 10, scale = 2) BigDecimal price();",
                "    UUID reference();",
                "    LocalDate shipDate();",
                "    @Nullable LocalDateTime pickupSlot();",
                "    @RequiredIn(\"DELIVERED\") OffsetDateTime deliveredAt();",
                "    @Nullable Instant lastScan();",
                "    Priority priority();",
                "    @Nullable byte[] label();",
                "",
                "    @Transition(from = \"PACKED\", to = \"DELIVERED\")",
                "    Shipment deliver(OffsetDateTime deliveredAt);",
                "}");

        Compilation compilation = compile(shipment);

        assertThat(compilation).succeededWithoutWarnings();
        // Each column with its type; the optional ones without NOT NULL.
        StringSubject sql = assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "db/migration/V1__create_shipment.sql")
                .contentsAsUtf8String();
        sql.containsMatch("\\baddress\\s+varchar\\(200\\)\\s+NOT NULL");
        sql.containsMatch("\\bfragile\\s+boolean\\s+NOT NULL");
        sql.containsMatch("\\bparcels\\s+integer\\s+NOT NULL");
        sql.containsMatch("\\bweight_grams\\s+bigint\\s+NOT NULL");
        sql.containsMatch("\\bsigned\\s+boolean,");
        sql.containsMatch("\\bfloor\\s+integer,");
        sql.containsMatch("\\btracking_number\\s+bigint,");
        sql.containsMatch("\\bprice\\s+numeric\\(10, 2\\)\\s+NOT NULL");
        sql.containsMatch("\\breference\\s+uuid\\s+NOT NULL");
        sql.containsMatch("\\bship_date\\s+date\\s+NOT NULL");
        sql.containsMatch("\\bpickup_slot\\s+timestamp,");
        sql.containsMatch("\\bdelivered_at\\s+timestamptz,");
        sql.containsMatch("\\blast_scan\\s+timestamptz,");
        sql.containsMatch("\\bpriority\\s+text\\s+NOT NULL");
        sql.containsMatch("\\blabel\\s+bytea,");
    }
}
