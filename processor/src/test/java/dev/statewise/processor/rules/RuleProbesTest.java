package dev.statewise.processor.rules;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.statewise.processor.rules.TestFields.rule;

import dev.statewise.processor.model.Field;
import dev.statewise.test.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The values the conformance check writes for a workflow's rules, tried on PostgreSQL against the
 * rules' own CHECKs: a row with the satisfying values passes them all, and each rule's breaking
 * values, written over them, are refused by that rule's CHECK and no other.
 */
@PostgresTest
class RuleProbesTest {

    /** Every operator and type a rule reads, and literals a search must step past. */
    private static final List<String> RULES = List.of(
            "fundedAmount <= amount",
            "underwriter != applicant",
            "amount > 0 and term * 2 < 100",
            "priority == HIGH or approved",
            "startDate <= endDate",
            "-big < term + 1",
            "code == 'ab' or code is null",
            "channel != BRANCH and customer == customer",
            "not (approvedAmount >= 1000.50)",
            "approvedAmount - amount * 2 != -1");

    /** The LOAN fields' columns, as the migrations would declare them. */
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("amount", "numeric(12, 2)"), Map.entry("funded_amount", "numeric"),
            Map.entry("approved_amount", "numeric"), Map.entry("applicant", "text"),
            Map.entry("underwriter", "text"), Map.entry("code", "varchar(3)"), Map.entry("term", "integer"),
            Map.entry("big", "bigint"), Map.entry("approved", "boolean"), Map.entry("priority", "text"),
            Map.entry("channel", "text"), Map.entry("customer", "uuid"), Map.entry("start_date", "date"),
            Map.entry("end_date", "date"));

    @Test
    void theSatisfyingValuesPassEveryCheckAndEachRulesBreakingValuesItsOwnAlone(DataSource database)
            throws SQLException {
        List<RuleExpression> rules = RULES.stream().map(TestFields::rule).toList();
        RuleProbes probes = RuleProbes.of(rules);
        assertThat(probes.satisfying().keySet()).containsExactlyElementsIn(
                rules.stream().flatMap(r -> r.reads().stream()).distinct().toList());

        try (Connection connection = database.getConnection()) {
            StringBuilder table = new StringBuilder("CREATE TABLE probed (" + COLUMNS.entrySet().stream()
                    .map(c -> c.getKey() + " " + c.getValue()).collect(Collectors.joining(", ")));
            for (int i = 0; i < rules.size(); i++) {
                table.append(", CONSTRAINT rule_").append(i).append(" CHECK (").append(rules.get(i).sql()).append(")");
            }
            execute(connection, table.append(")").toString());

            insert(connection, probes.satisfying());
            for (int i = 0; i < rules.size(); i++) {
                Map<Field, Object> breaking = probes.breaking(rules.get(i));
                assertWithMessage("breaking values of %s", RULES.get(i)).that(breaking.keySet())
                        .containsExactlyElementsIn(rules.get(i).reads());
                Map<Field, Object> row = new LinkedHashMap<>(probes.satisfying());
                row.putAll(breaking);
                PSQLException refused = null;
                try {
                    insert(connection, row);
                } catch (PSQLException e) {
                    refused = e;
                }
                assertWithMessage("%s with %s", RULES.get(i), breaking).that((Throwable) refused).isNotNull();
                assertWithMessage("%s with %s", RULES.get(i), breaking)
                        .that(refused.getServerErrorMessage().getConstraint()).isEqualTo("rule_" + i);
            }
        }
    }

    @Test
    void aRuleThatOnlyNullBreaksIsLeftWithoutBreakingValues() {
        RuleExpression present = rule("approvedAmount is not null");
        RuleProbes probes = RuleProbes.of(List.of(present, rule("fundedAmount <= amount")));

        assertThat(probes.breaking(present)).isEmpty();
        assertThat(probes.satisfying()).isNotEmpty();
    }

    @Test
    void aRuleNoRowKeepsLeavesNoSatisfyingValuesButCanStillBeBroken() {
        RuleExpression never = rule("term < term");
        RuleProbes probes = RuleProbes.of(List.of(never));

        assertThat(probes.satisfying()).isEmpty();
        assertThat(probes.breaking(never)).isNotEmpty();
    }

    @Test
    void valuesAreWrittenAsSqlReadsThemFromText() {
        RuleProbes probes = RuleProbes.of(List.of(rule("amount >= 0.01 and code != 'abc'")));

        Map<String, String> texts = new LinkedHashMap<>();
        probes.satisfying().forEach((field, value) -> texts.put(field.name(), RuleProbes.text(value)));
        assertThat(texts).containsExactly("amount", "1", "code", "a").inOrder();
    }

    private static void insert(Connection connection, Map<Field, Object> row) throws SQLException {
        List<Field> fields = new ArrayList<>(row.keySet());
        String sql = "INSERT INTO probed (" + fields.stream().map(Field::column).collect(Collectors.joining(", "))
                + ") VALUES (" + fields.stream().map(f -> "CAST(? AS " + COLUMNS.get(f.column()) + ")")
                        .collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < fields.size(); i++) {
                statement.setString(i + 1, RuleProbes.text(row.get(fields.get(i))));
            }
            statement.executeUpdate();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
