package dev.statewise.processor.rules;

import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A rule between fields, its names resolved and its types checked: what the renderers turn into
 * SQL and Java. Built only by {@link RuleExpression#check}, so every node is well typed: the
 * operands of a comparison have one type, arithmetic applies to numbers, connectives to conditions.
 */
public sealed interface Expression {

    Type type();

    /** What a rule's values can be. */
    enum Type {
        BOOLEAN("a boolean"), NUMBER("a number"), STRING("a string"), ENUM("an enum"), UUID("a UUID"),
        DATE("a date");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        /** How a message names it: {@code a number}. */
        public String description() {
            return description;
        }

        /** The type of a field of this kind, if rules read it. */
        static Optional<Type> of(FieldType.Kind kind) {
            return Optional.ofNullable(switch (kind) {
                case BOOLEAN -> BOOLEAN;
                case INTEGER, LONG, DECIMAL -> NUMBER;
                case STRING -> STRING;
                case ENUM -> ENUM;
                case UUID -> UUID;
                case LOCAL_DATE -> DATE;
                default -> null;
            });
        }
    }

    /** A comparison as rules write it, and as PostgreSQL does. */
    enum Comparator {
        EQ("==", "="), NE("!=", "<>"), LT("<", "<"), LE("<=", "<="), GT(">", ">"), GE(">=", ">=");

        private final String rule;
        private final String sql;

        Comparator(String rule, String sql) {
            this.rule = rule;
            this.sql = sql;
        }

        public String rule() {
            return rule;
        }

        public String sql() {
            return sql;
        }

        /** Whether it orders its operands, rather than testing them for equality. */
        public boolean orders() {
            return this != EQ && this != NE;
        }
    }

    enum Operator {
        PLUS("+"), MINUS("-"), TIMES("*");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    enum Connective {
        AND("and", "AND"), OR("or", "OR");

        private final String rule;
        private final String sql;

        Connective(String rule, String sql) {
            this.rule = rule;
            this.sql = sql;
        }

        public String rule() {
            return rule;
        }

        public String sql() {
            return sql;
        }
    }

    /** The value of a field in the row. */
    record Read(Field field) implements Expression {
        @Override
        public Type type() {
            return Type.of(field.type().kind()).orElseThrow();
        }
    }

    /**
     * A number, exact. A minus before a number is folded into it, so {@code -5} is one literal.
     * Its scale is as written: {@code 5} is an integer, {@code 5.0} a decimal.
     */
    record NumberLiteral(BigDecimal value) implements Expression {
        @Override
        public Type type() {
            return Type.NUMBER;
        }

        /** Whether it was written without a decimal point, which PostgreSQL reads as an integer. */
        public boolean integral() {
            return value.scale() <= 0;
        }
    }

    record TextLiteral(String value) implements Expression {
        @Override
        public Type type() {
            return Type.STRING;
        }
    }

    record BooleanLiteral(boolean value) implements Expression {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** A constant of the enum on the other side of its comparison, by name. */
    record EnumConstant(FieldType enumType, String name) implements Expression {
        @Override
        public Type type() {
            return Type.ENUM;
        }
    }

    record Negation(Expression operand) implements Expression {
        @Override
        public Type type() {
            return Type.NUMBER;
        }
    }

    record Arithmetic(Operator operator, Expression left, Expression right) implements Expression {
        @Override
        public Type type() {
            return Type.NUMBER;
        }
    }

    record Comparison(Comparator comparator, Expression left, Expression right) implements Expression {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** {@code operand is null}, or with {@code negated}, {@code operand is not null}: never unknown. */
    record NullTest(Expression operand, boolean negated) implements Expression {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    record Not(Expression operand) implements Expression {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }

    /** A chain of one connective, {@code a and b and c}, as one node of two or more operands. */
    record Logical(Connective connective, List<Expression> operands) implements Expression {
        public Logical {
            operands = List.copyOf(operands);
        }

        @Override
        public Type type() {
            return Type.BOOLEAN;
        }
    }
}
