package dev.statewise.processor.schema;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statewise.processor.schema.Sql.Dialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fragments of SQL: what goes in through a placeholder is escaped by construction. */
class SqlTest {

    @Test
    void literalsAreQuotedAndDollarSignsEscaped() {
        assertThat(Sql.of("$L", "it's").toString()).isEqualTo("'it''s'");
        // A $ could end a function's dollar quotes, and Flyway reads ${...} as a placeholder.
        assertThat(Sql.of("$L", "see ${x} and HELD$$").toString()).isEqualTo("E'see \\x24{x} and HELD\\x24\\x24'");
        assertThat(Sql.of("$L", "a\\b$").toString()).isEqualTo("E'a\\\\b\\x24'");
        assertThat(Sql.of("$L", (Object) null).toString()).isEqualTo("NULL");
    }

    @Test
    void aListOfLiteralsIsJoinedByCommas() {
        assertThat(Sql.of("status IN ($L)", List.of("A", "B'C")).toString()).isEqualTo("status IN ('A', 'B''C')");
    }

    @Test
    void columnsAreQuotedForJooqOnly() {
        Sql condition = Sql.of("$C IS NOT NULL", "level");
        assertThat(condition.render(Dialect.POSTGRES)).isEqualTo("level IS NOT NULL");
        assertThat(condition.render(Dialect.JOOQ)).isEqualTo("\"level\" IS NOT NULL");
    }

    @Test
    void aNestedFragmentIsIndentedAsTheLineItStandsOn() {
        Sql raise = Sql.of("RAISE EXCEPTION USING\n    MESSAGE = $L;", "no");
        Sql body = Sql.named("""
                BEGIN
                    IF x THEN
                        $raise:S
                    END IF;
                END""", Map.of("raise", raise));
        assertThat(body.toString()).isEqualTo("""
                BEGIN
                    IF x THEN
                        RAISE EXCEPTION USING
                            MESSAGE = 'no';
                    END IF;
                END""");
    }

    @Test
    void namedPlaceholdersMayRepeat() {
        assertThat(Sql.named("NEW.$state:C := OLD.$state:C; $$1", Map.of("state", "status")).toString())
                .isEqualTo("NEW.status := OLD.status; $1");
    }

    @Test
    void aMissingOrSurplusArgumentIsAMistake() {
        assertThrows(IllegalArgumentException.class, () -> Sql.of("$L $L", "one"));
        assertThrows(IllegalArgumentException.class, () -> Sql.of("$L", "one", "two"));
        assertThrows(IllegalArgumentException.class, () -> Sql.named("$state:C", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Sql.of("$N", 42));
    }

    @Test
    void typesReadBackAsWritten() {
        for (String type : List.of("text", "varchar(200)", "numeric(12, 2)", "timestamptz", "bigint")) {
            assertThat(SqlType.parse(type).toString()).isEqualTo(type);
        }
        assertThat(SqlType.parse("timestamptz").withExplicitPrecision().toString()).isEqualTo("timestamptz(6)");
    }

    @Test
    void aTypeCastsOnlyWherePostgresConvertsEveryValue() {
        assertThat(SqlType.parse("integer").castsTo(SqlType.parse("bigint"))).isTrue();
        assertThat(SqlType.parse("varchar(200)").castsTo(SqlType.parse("text"))).isTrue();
        assertThat(SqlType.parse("numeric(10, 2)").castsTo(SqlType.parse("numeric(12, 4)"))).isTrue();
        assertThat(SqlType.parse("date").castsTo(SqlType.parse("timestamptz"))).isTrue();
        assertThat(SqlType.parse("bigint").castsTo(SqlType.parse("integer"))).isFalse();
        assertThat(SqlType.parse("text").castsTo(SqlType.parse("uuid"))).isFalse();
        assertThat(SqlType.parse("timestamptz").castsTo(SqlType.parse("date"))).isFalse();
    }
}
