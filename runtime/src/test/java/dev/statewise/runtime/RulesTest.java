package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL's logic of three values, with null for unknown; the agreement with PostgreSQL is the processor's RuleAgreementTest. */
class RulesTest {

    private static final List<Boolean> VALUES = Arrays.asList(Boolean.TRUE, Boolean.FALSE, null);

    @Test
    void connectivesFollowSqlTruthTables() {
        for (Boolean a : VALUES) {
            for (Boolean b : VALUES) {
                Boolean and = Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b) ? Boolean.FALSE
                        : a == null || b == null ? null : Boolean.TRUE;
                Boolean or = Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b) ? Boolean.TRUE
                        : a == null || b == null ? null : Boolean.FALSE;
                assertEquals(and, Rules.and(a, b), a + " and " + b);
                assertEquals(or, Rules.or(a, b), a + " or " + b);
            }
        }
        assertNull(Rules.not(null));
        assertEquals(Boolean.FALSE, Rules.not(true));
        assertEquals(Boolean.FALSE, Rules.and(null, true, false));
        assertEquals(Boolean.TRUE, Rules.or(null, false, true));
    }

    @Test
    void aRulePassesUnlessFalse() {
        assertTrue(Rules.passes(true));
        assertTrue(Rules.passes(null));
        assertFalse(Rules.passes(false));
    }

    @Test
    void numbersCompareByValueWhateverTheirTypes() {
        assertEquals(Boolean.TRUE, Rules.eq(new BigDecimal("1.0"), new BigDecimal("1.00")));
        assertEquals(Boolean.TRUE, Rules.eq(5, new BigDecimal("5.000")));
        assertEquals(Boolean.TRUE, Rules.eq(5L, 5));
        assertEquals(Boolean.FALSE, Rules.ne(Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(Boolean.TRUE, Rules.lt(Long.MAX_VALUE, new BigDecimal("9223372036854775807.5")));
        assertEquals(Boolean.TRUE, Rules.ge(0, new BigDecimal("-0.00")));
        assertNull(Rules.le(null, 1));
        assertNull(Rules.eq(1, null));
    }

    @Test
    void arithmeticIsExact() {
        assertEquals(0, new BigDecimal("4294967294").compareTo(Rules.add(Integer.MAX_VALUE, Integer.MAX_VALUE)));
        assertEquals(0, new BigDecimal("2147483648").compareTo(Rules.negate(Integer.MIN_VALUE)));
        assertEquals(0, new BigDecimal("85070591730234615847396907784232501249")
                .compareTo(Rules.multiply(Long.MAX_VALUE, Long.MAX_VALUE)));
        assertEquals(0, new BigDecimal("0.3").compareTo(Rules.subtract(new BigDecimal("0.5"), new BigDecimal("0.2"))));
        assertNull(Rules.add(1, null));
        assertNull(Rules.negate(null));
    }

    @Test
    void otherValuesByEquals() {
        assertEquals(Boolean.TRUE, Rules.eq("a", "a"));
        assertEquals(Boolean.FALSE, Rules.eq("a", "a "));
        assertEquals(Boolean.TRUE, Rules.eq(true, Boolean.TRUE));
        assertEquals(Boolean.TRUE, Rules.lt(LocalDate.of(2024, 2, 28), LocalDate.of(2024, 2, 29)));
        assertEquals(Boolean.TRUE, Rules.ge(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 2, 29)));
        assertNull(Rules.gt((LocalDate) null, LocalDate.of(2024, 2, 29)));
        assertTrue(Rules.isNull(null));
        assertTrue(Rules.isNotNull(0));
    }

    @Test
    void inexactNumbersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Rules.eq(1.5d, 1.5d));
    }
}
