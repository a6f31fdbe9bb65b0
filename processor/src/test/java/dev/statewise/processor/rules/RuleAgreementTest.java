package dev.statewise.processor.rules;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.model.ColumnSize;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import dev.statewise.processor.model.FieldType.Kind;
import dev.statewise.runtime.Rules;
import dev.statewise.test.PostgresTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Java and PostgreSQL agree on every rule: random rules over fields of every type a rule reads,
 * evaluated on random rows (NULLs, zeros, the limits of int and long, decimals equal by value
 * and not by scale, strings with quotes and dollar signs) once by the generated Java, compiled
 * here, and once by PostgreSQL over a table of those rows, must give the same true, false or NULL
 * on every row; and a CHECK of the rule refuses exactly the rows the Java refuses.
 *
 * <p>The seed is fixed, so that CI is deterministic, and printed with any disagreement;
 * {@code -Dstatewise.rules.seed=<seed>} tries another, or replays one.
 */
@PostgresTest
public class RuleAgreementTest {

    private static final int RULES = 600;
    private static final int ROWS = 64;
    private static final int CHECKED_AS_CONSTRAINTS = 25;

    /** An enum field's type. */
    public enum Color { RED, GREEN, BLUE }

    /** A row, whose accessors the generated Java reads as it reads a value class's. */
    public record Row(int id, Integer i1, Integer i2, int p1, Long l1, BigDecimal d1, BigDecimal d2, String s1,
            String s2, Boolean b1, Boolean b2, Color e1, Color e2, UUID u1, UUID u2, LocalDate t1, LocalDate t2) {}

    private static final FieldType COLOR = new FieldType(Kind.ENUM, Color.class.getCanonicalName(),
            Arrays.stream(Color.values()).map(Enum::name).toList());

    /** The fields, each with a column named apart from it, so that a renderer mixing them up fails. */
    private static final List<Field> FIELDS = List.of(
            field("i1", Kind.INTEGER, "java.lang.Integer"), field("i2", Kind.INTEGER, "java.lang.Integer"),
            field("p1", Kind.INTEGER, "int"), field("l1", Kind.LONG, "java.lang.Long"),
            field("d1", Kind.DECIMAL, "java.math.BigDecimal"), field("d2", Kind.DECIMAL, "java.math.BigDecimal"),
            field("s1", Kind.STRING, "java.lang.String"),
            TestFields.field("s2", "col_s2", FieldType.of(Kind.STRING, "java.lang.String"), new ColumnSize(20, 0, 0)),
            field("b1", Kind.BOOLEAN, "java.lang.Boolean"), field("b2", Kind.BOOLEAN, "java.lang.Boolean"),
            TestFields.field("e1", "col_e1", COLOR, ColumnSize.DEFAULT),
            TestFields.field("e2", "col_e2", COLOR, ColumnSize.DEFAULT),
            field("u1", Kind.UUID, "java.util.UUID"), field("u2", Kind.UUID, "java.util.UUID"),
            field("t1", Kind.LOCAL_DATE, "java.time.LocalDate"), field("t2", Kind.LOCAL_DATE, "java.time.LocalDate"));

    private static final String TABLE = """
            CREATE TABLE rule_rows (
                id integer PRIMARY KEY,
                col_i1 integer, col_i2 integer, col_p1 integer NOT NULL, col_l1 bigint,
                col_d1 numeric, col_d2 numeric, col_s1 text, col_s2 varchar(20), col_b1 boolean, col_b2 boolean,
                col_e1 text, col_e2 text, col_u1 uuid, col_u2 uuid, col_t1 date, col_t2 date
            )""";

    private static final String[] INTEGERS = {"0", "1", "2", "7", "2147483647", "2147483648", "4294967296",
            "9223372036854775807", "9223372036854775808"};
    private static final String[] DECIMALS = {"0.0", "0.5", "1.0", "1.00", "1.5", "2.25", "0.000000000000000001",
            "100000000000000000000.5", "2147483647.0000"};
    private static final String[] STRINGS = {"", "a", "A", "a ", " a", "it's", "O''Brien", "${x}", "$", "\\",
            "a\\$b", "ä", "a\u0308", "\uD83D\uDE00", "RED", "NULL"};
    private static final UUID[] UUIDS = {UUID.fromString("00000000-0000-0000-0000-000000000001"),
            UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), UUID.fromString("7fffffff-0000-4000-8000-000000000000")};
    private static final LocalDate[] DATES = {LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1),
            LocalDate.of(1999, 12, 31), LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)};

    private final long seed = Long.getLong("statewise.rules.seed", 20261206L);
    private final Random random = new Random(seed);

    @Test
    void javaAndPostgresAgreeOnEveryRuleAndRow(DataSource database) throws Exception {
        List<RuleExpression> rules = new ArrayList<>();
        while (rules.size() < RULES) {
            String text = condition(4);
            RuleCheck check = RuleExpression.check(text, "Generated", FIELDS);
            // A literal the field cannot hold, or no field at all, is refused on purpose: try another.
            boolean refusedOnPurpose = check.errors().stream().allMatch(e ->
                    e.message() == Message.RULE_LITERAL_DOES_NOT_FIT || e.message() == Message.RULE_READS_NO_FIELD);
            assertWithMessage("seed %s: %s", seed, text).that(refusedOnPurpose).isTrue();
            check.rule().ifPresent(rules::add);
        }
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < ROWS; id++) {
            rows.add(row(id));
        }
        Class<?> evaluations = compile(rules);

        List<String> disagreements = new ArrayList<>();
        Map<String, Integer> outcomes = new HashMap<>();
        try (Connection connection = database.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(TABLE);
            }
            insert(connection, "rule_rows", rows);
            for (int i = 0; i < rules.size(); i++) {
                RuleExpression rule = rules.get(i);
                Method method = evaluations.getMethod("rule" + i, Row.class);
                Map<Integer, Boolean> postgres = new HashMap<>();
                String query = "SELECT id, (" + rule.sql() + ") FROM rule_rows";
                try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
                    while (result.next()) {
                        postgres.put(result.getInt(1), (Boolean) result.getObject(2));
                    }
                } catch (SQLException e) {
                    disagreements.add(describe(rule, null) + "\n  PostgreSQL failed: " + e.getMessage());
                    continue;
                }
                for (Row row : rows) {
                    Object java = evaluate(method, row);
                    outcomes.merge(String.valueOf(java), 1, Integer::sum);
                    if (!java.equals(String.valueOf(postgres.get(row.id())))) {
                        disagreements.add(describe(rule, row) + "\n  Java: " + java + ", PostgreSQL: " + postgres.get(row.id()));
                    }
                }
            }
            for (int i = 0; i < Math.min(CHECKED_AS_CONSTRAINTS, rules.size()) && disagreements.isEmpty(); i++) {
                checkAsConstraint(connection, rules.get(i), evaluations.getMethod("rule" + i, Row.class), rows, disagreements);
            }
        }
        assertWithMessage("seed %s (replay with -Dstatewise.rules.seed=%s): %s disagreements, the first:\n%s",
                seed, seed, disagreements.size(), String.join("\n", disagreements.subList(0, Math.min(10, disagreements.size()))))
                .that(disagreements).isEmpty();
        // Rules that are mostly unknown, or never so, would test little: each outcome is common.
        for (String outcome : List.of("true", "false", "null")) {
            assertWithMessage("seed %s: %s in %s", seed, outcome, outcomes)
                    .that(outcomes.getOrDefault(outcome, 0)).isAtLeast(RULES * ROWS / 20);
        }
    }

    /**
     * The rule as the CHECK it will be: PostgreSQL refuses a row exactly when the Java's verdict
     * is false, and lets NULL pass as {@link Rules#passes} does.
     */
    private void checkAsConstraint(Connection connection, RuleExpression rule, Method method, List<Row> rows,
            List<String> disagreements) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS rule_checked");
            statement.execute("CREATE TABLE rule_checked (LIKE rule_rows, CONSTRAINT rule_checked_rule CHECK (" + rule.sql() + "))");
        }
        for (Row row : rows) {
            boolean stored;
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO rule_checked SELECT * FROM rule_rows WHERE id = " + row.id());
                stored = true;
            } catch (SQLException e) {
                assertWithMessage("seed %s: %s", seed, e.getMessage()).that(e.getSQLState()).isEqualTo("23514");
                stored = false;
            }
            Boolean verdict = (Boolean) method.invoke(null, row);
            if (stored != Rules.passes(verdict)) {
                disagreements.add(describe(rule, row) + "\n  Java's verdict " + verdict + ", but the CHECK "
                        + (stored ? "stored" : "refused") + " the row");
            }
        }
    }

    private static Object evaluate(Method method, Row row) {
        try {
            return String.valueOf(method.invoke(null, row));
        } catch (InvocationTargetException e) {
            return "thrown " + e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private String describe(RuleExpression rule, Row row) {
        return "rule " + rule.text() + "\n  SQL:  " + rule.sql() + "\n  Java: " + rule.java(CodeBlock.of("value"))
                + (row == null ? "" : "\n  row:  " + row);
    }

    // Random rules, as a user writes them: every operand that is an operation in parentheses.

    private String condition(int depth) {
        int choices = depth <= 0 ? 8 : 12;
        return switch (random.nextInt(choices)) {
            case 0 -> number(depth - 1) + " " + pick("==", "!=", "<", "<=", ">", ">=") + " " + number(depth - 1);
            case 1 -> pick("i1", "i2", "p1", "l1", "d1", "d2") + " " + pick("==", "!=", "<", "<=", ">", ">=") + " "
                    + (random.nextBoolean() ? "-" : "") + pick(random.nextBoolean() ? INTEGERS : DECIMALS);
            case 2 -> text() + " " + pick("==", "!=") + " " + text();
            case 3 -> pick("e1", "e2") + " " + pick("==", "!=") + " " + pick("e1", "e2", "RED", "GREEN", "BLUE");
            case 4 -> pick("u1", "u2") + " " + pick("==", "!=") + " " + pick("u1", "u2");
            case 5 -> pick("t1", "t2") + " " + pick("==", "!=", "<", "<=", ">", ">=") + " " + pick("t1", "t2");
            case 6 -> anyOperand(depth - 1) + pick(" is null", " is not null");
            case 7 -> pick("b1", "b2", "b1 == true", "b2 != false", "b1 == b2");
            case 8 -> "not " + group(condition(depth - 1));
            case 9 -> group(condition(depth - 1)) + " " + pick("==", "!=") + " " + group(condition(depth - 1));
            default -> group(condition(depth - 1)) + pick(" and ", " or ") + group(condition(depth - 1));
        };
    }

    private String number(int depth) {
        int choices = depth <= 0 ? 2 : 5;
        return switch (random.nextInt(choices)) {
            case 0 -> pick("i1", "i2", "p1", "l1", "d1", "d2");
            case 1 -> pick(random.nextBoolean() ? INTEGERS : DECIMALS);
            case 2 -> "-" + group(number(depth - 1));
            default -> group(number(depth - 1) + " " + pick("+", "-", "*") + " " + number(depth - 1));
        };
    }

    private String text() {
        return random.nextInt(3) == 0 ? "'" + pick(STRINGS).replace("'", "''") + "'" : pick("s1", "s2");
    }

    private String anyOperand(int depth) {
        return switch (random.nextInt(4)) {
            case 0 -> group(number(depth));
            case 1 -> group(condition(Math.max(depth, 0)));
            case 2 -> text();
            default -> pick("e1", "u1", "t1", "b1");
        };
    }

    private static String group(String text) {
        return "(" + text + ")";
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    // Random rows: NULL often, and the values where Java and PostgreSQL could part ways.

    private Row row(int id) {
        return new Row(id, orNull(this::anInt), orNull(this::anInt), anInt(), orNull(this::aLong),
                orNull(this::aDecimal), orNull(this::aDecimal), orNull(() -> pick(STRINGS)), orNull(() -> pick(STRINGS)),
                orNull(random::nextBoolean), orNull(random::nextBoolean), orNull(() -> pick(Color.values())),
                orNull(() -> pick(Color.values())), orNull(() -> pick(UUIDS)), orNull(() -> pick(UUIDS)),
                orNull(() -> pick(DATES)), orNull(() -> pick(DATES)));
    }

    private <T> T orNull(Supplier<T> value) {
        return random.nextInt(4) == 0 ? null : value.get();
    }

    private int anInt() {
        return switch (random.nextInt(4)) {
            case 0 -> pick(0, 1, -1, 2, 7, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1);
            case 1 -> random.nextInt();
            default -> random.nextInt(11) - 5;
        };
    }

    private long aLong() {
        return switch (random.nextInt(4)) {
            case 0 -> pick(0L, 1L, -1L, 2147483648L, 4294967296L, Long.MAX_VALUE, Long.MIN_VALUE);
            case 1 -> random.nextLong();
            default -> random.nextInt(11) - 5;
        };
    }

    private BigDecimal aDecimal() {
        return switch (random.nextInt(4)) {
            case 0 -> new BigDecimal(pick("0", "0.0", "0.00", "1", "1.0", "1.00", "-1.5", "2.25", "7", "7.000",
                    "2147483647", "2147483648.000", "9223372036854775808", "100000000000000000000.5",
                    "0.000000000000000001", "-0.000000000000000001", "-9223372036854775808.5"));
            case 1 -> BigDecimal.valueOf(random.nextLong(), random.nextInt(30) - 5);
            default -> BigDecimal.valueOf(random.nextInt(2001) - 1000, random.nextInt(4));
        };
    }

    // The Java side: the rules' code compiled into one class, loaded beside this test's classes.

    private static Class<?> compile(List<RuleExpression> rules) throws ClassNotFoundException {
        TypeSpec.Builder type = TypeSpec.classBuilder("Evaluations").addModifiers(javax.lang.model.element.Modifier.PUBLIC,
                javax.lang.model.element.Modifier.FINAL);
        for (int i = 0; i < rules.size(); i++) {
            type.addMethod(MethodSpec.methodBuilder("rule" + i)
                    .addModifiers(javax.lang.model.element.Modifier.PUBLIC, javax.lang.model.element.Modifier.STATIC)
                    .returns(Boolean.class)
                    .addParameter(ClassName.get(Row.class), "value")
                    .addJavadoc("$L\n", rules.get(i).text().replace("*", "&#42;"))
                    .addStatement("return $L", rules.get(i).java(CodeBlock.of("value")))
                    .build());
        }
        String source = JavaFile.builder("rulesagreement", type.build()).build().toString();
        Compilation compilation = Compiler.javac().compile(JavaFileObjects.forSourceString("rulesagreement.Evaluations", source));
        assertWithMessage("%s", compilation.diagnostics()).that(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
        ClassLoader loader = new ClassLoader(RuleAgreementTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, name.replace('.', '/') + ".class")
                        .orElseThrow(() -> new ClassNotFoundException(name));
                try (InputStream in = file.openInputStream()) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return Class.forName("rulesagreement.Evaluations", true, loader);
    }

    // The PostgreSQL side: the rows, bound as values of their types.

    private static void insert(Connection connection, String table, List<Row> rows) throws Exception {
        RecordComponent[] components = Row.class.getRecordComponents();
        String placeholders = String.join(", ", java.util.Collections.nCopies(components.length, "?"));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (" + placeholders + ")")) {
            for (Row row : rows) {
                for (int c = 0; c < components.length; c++) {
                    Object value = components[c].getAccessor().invoke(row);
                    insert.setObject(c + 1, value instanceof Color color ? color.name() : value);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Field field(String name, Kind kind, String javaName) {
        return TestFields.field(name, "col_" + name, kind, javaName);
    }
}
