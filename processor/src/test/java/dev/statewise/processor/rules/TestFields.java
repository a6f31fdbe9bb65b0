package dev.statewise.processor.rules;

import dev.statewise.processor.model.ColumnSize;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.FieldType.Kind;
import java.util.List;
import java.util.Optional;

/** Fields as the reader would give them, for the rules' tests. */
final class TestFields {

    private TestFields() {}

    static Field field(String name, String column, Kind kind, String javaName) {
        return field(name, column, new FieldType(kind, javaName, List.of()), ColumnSize.DEFAULT);
    }

    static Field field(String name, String column, FieldType type, ColumnSize size) {
        return new Field(name, column, type, Field.Presence.OPTIONAL, List.of(), List.of(), size, "", "", "",
                Optional.empty(), Optional.empty());
    }

    static FieldType enumType(String javaName, String... constants) {
        return new FieldType(Kind.ENUM, javaName, List.of(constants));
    }

    /** A loan application's fields: one of each type a rule reads, and some it does not. */
    static final List<Field> LOAN = List.of(
            field("amount", "amount", FieldType.of(Kind.DECIMAL, "java.math.BigDecimal"), new ColumnSize(0, 12, 2)),
            field("fundedAmount", "funded_amount", Kind.DECIMAL, "java.math.BigDecimal"),
            field("approvedAmount", "approved_amount", Kind.DECIMAL, "java.math.BigDecimal"),
            field("applicant", "applicant", Kind.STRING, "java.lang.String"),
            field("underwriter", "underwriter", Kind.STRING, "java.lang.String"),
            field("code", "code", FieldType.of(Kind.STRING, "java.lang.String"), new ColumnSize(3, 0, 0)),
            field("term", "term", Kind.INTEGER, "int"),
            field("big", "big", Kind.LONG, "java.lang.Long"),
            field("approved", "approved", Kind.BOOLEAN, "boolean"),
            field("priority", "priority", enumType("com.example.Loan.Priority", "LOW", "NORMAL", "HIGH"), ColumnSize.DEFAULT),
            field("channel", "channel", enumType("com.example.Channel", "WEB", "BRANCH"), ColumnSize.DEFAULT),
            field("customer", "customer", Kind.UUID, "java.util.UUID"),
            field("startDate", "start_date", Kind.LOCAL_DATE, "java.time.LocalDate"),
            field("endDate", "end_date", Kind.LOCAL_DATE, "java.time.LocalDate"),
            field("fundedAt", "funded_at", Kind.OFFSET_DATE_TIME, "java.time.OffsetDateTime"),
            field("document", "document", Kind.BYTES, "byte[]"));

    static RuleCheck check(String text) {
        return RuleExpression.check(text, "Loan", LOAN);
    }

    /** The rule, which must check. */
    static RuleExpression rule(String text) {
        RuleCheck check = check(text);
        return check.rule().orElseThrow(() -> new AssertionError(text + ": " + check.errors()));
    }

    /** The messages of a rule that must not check, each without the code that starts it. */
    static List<String> errors(String text) {
        return check(text).errors().stream().map(TestFields::withoutCode).toList();
    }

    /**
     * An error's message after its code, which must be the code of its entry in the catalogue:
     * {@code [RULE_UNKNOWN_FIELD] unknown field ...} gives {@code unknown field ...}.
     */
    static String withoutCode(RuleError error) {
        String code = "[" + error.message().name() + "] ";
        if (!error.text().startsWith(code) || !error.message().name().startsWith("RULE_")) {
            throw new AssertionError("a rule's error starts with its code, [RULE_...]: " + error.text());
        }
        return error.text().substring(code.length());
    }
}
