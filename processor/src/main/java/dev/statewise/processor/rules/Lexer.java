package dev.statewise.processor.rules;

import dev.statewise.processor.diagnostics.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Cuts a rule's text into tokens, each with its 1-based column. */
final class Lexer {

    enum Kind {
        NAME, NUMBER, STRING,
        AND, OR, NOT, IS, NULL, TRUE, FALSE,
        EQ, NE, LT, LE, GT, GE,
        PLUS, MINUS, TIMES,
        LEFT, RIGHT,
        END
    }

    /**
     * One token.
     *
     * @param text as written; for a string, its value without quotes
     * @param column where it starts in the rule, from 1
     */
    record Token(Kind kind, String text, int column) {

        /** How a message names it: {@code end of rule}, {@code 'a b'}, {@code ==}. */
        String describe() {
            return switch (kind) {
                case END -> "the end of the rule";
                case STRING -> "'" + text.replace("'", "''") + "'";
                default -> text;
            };
        }
    }

    static final Map<String, Kind> KEYWORDS = Map.of(
            "and", Kind.AND, "or", Kind.OR, "not", Kind.NOT, "is", Kind.IS,
            "null", Kind.NULL, "true", Kind.TRUE, "false", Kind.FALSE);

    /** Spellings from other languages, and the one rules use instead. */
    private static final Map<String, String> OTHER_SPELLINGS = Map.of(
            "&&", "and", "||", "or", "!", "not", "=", "==", "<>", "!=");

    private final String text;
    private int at;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        return new Lexer(text).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at == text.length()) {
                tokens.add(new Token(Kind.END, "", at + 1));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = at;
        char c = text.charAt(at);
        if (Character.isJavaIdentifierStart(c)) {
            while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
                at++;
            }
            String word = text.substring(start, at);
            String lower = word.toLowerCase(Locale.ROOT);
            if (!word.equals(lower) && KEYWORDS.containsKey(lower)) {
                throw error(Message.RULE_OTHER_SPELLING, start, word, lower);
            }
            return new Token(KEYWORDS.getOrDefault(word, Kind.NAME), word, start + 1);
        }
        if (isDigit(c)) {
            return number(start);
        }
        if (c == '\'') {
            return string(start);
        }
        if (c == '"') {
            int end = text.indexOf('"', start + 1);
            String content = end < 0 ? text.substring(start + 1) : text.substring(start + 1, end);
            throw error(Message.RULE_DOUBLE_QUOTES, start, "'" + content.replace("'", "''") + "'");
        }
        if (c == '.' && at + 1 < text.length() && isDigit(text.charAt(at + 1))) {
            String digits = number(start + 1).text();
            throw error(Message.RULE_MALFORMED_NUMBER, start, "." + digits, "0." + digits);
        }
        String two = text.substring(at, Math.min(at + 2, text.length()));
        for (String other : List.of("&&", "||", "<>")) {
            if (two.equals(other)) {
                throw error(Message.RULE_OTHER_SPELLING, start, other, OTHER_SPELLINGS.get(other));
            }
        }
        Kind pair = switch (two) {
            case "==" -> Kind.EQ;
            case "!=" -> Kind.NE;
            case "<=" -> Kind.LE;
            case ">=" -> Kind.GE;
            default -> null;
        };
        if (pair != null) {
            at += 2;
            return new Token(pair, two, start + 1);
        }
        Kind single = switch (c) {
            case '<' -> Kind.LT;
            case '>' -> Kind.GT;
            case '+' -> Kind.PLUS;
            case '-' -> Kind.MINUS;
            case '*' -> Kind.TIMES;
            case '(' -> Kind.LEFT;
            case ')' -> Kind.RIGHT;
            default -> null;
        };
        if (single != null) {
            at++;
            return new Token(single, String.valueOf(c), start + 1);
        }
        if (c == '!' || c == '=') {
            throw error(Message.RULE_OTHER_SPELLING, start, String.valueOf(c), OTHER_SPELLINGS.get(String.valueOf(c)));
        }
        if (c == '/' || c == '%') {
            throw error(Message.RULE_NO_DIVISION, start, String.valueOf(c));
        }
        throw error(Message.RULE_UNEXPECTED_CHARACTER, start, text.substring(start, text.offsetByCodePoints(start, 1)));
    }

    /**
     * Digits, with a fractional part after one point: no exponent, no underscores, no sign (a
     * minus is the unary operator), so every number is an exact decimal both languages read alike.
     */
    private Token number(int start) {
        at = start;
        while (at < text.length() && isDigit(text.charAt(at))) {
            at++;
        }
        if (at < text.length() && text.charAt(at) == '.') {
            if (at + 1 >= text.length() || !isDigit(text.charAt(at + 1))) {
                throw error(Message.RULE_MALFORMED_NUMBER, start, text.substring(start, at + 1), text.substring(start, at + 1) + "0");
            }
            at++;
            while (at < text.length() && isDigit(text.charAt(at))) {
                at++;
            }
        }
        if (at < text.length() && (Character.isJavaIdentifierPart(text.charAt(at)) || text.charAt(at) == '.')) {
            int end = at;
            while (end < text.length() && (Character.isJavaIdentifierPart(text.charAt(end)) || text.charAt(end) == '.')) {
                end++;
            }
            throw error(Message.RULE_MALFORMED_NUMBER, start, text.substring(start, end), "digits with at most one decimal point, such as 1500.25");
        }
        return new Token(Kind.NUMBER, text.substring(start, at), start + 1);
    }

    /** A string in single quotes, a quote inside it doubled, as in SQL. */
    private Token string(int start) {
        StringBuilder value = new StringBuilder();
        at = start + 1;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\'') {
                if (at + 1 < text.length() && text.charAt(at + 1) == '\'') {
                    value.append('\'');
                    at += 2;
                    continue;
                }
                at++;
                return new Token(Kind.STRING, value.toString(), start + 1);
            }
            if (c == '\0') {
                throw error(Message.RULE_NUL_IN_STRING, at);
            }
            value.append(c);
            at++;
        }
        throw error(Message.RULE_UNTERMINATED_STRING, start);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static RuleException error(Message message, int index, Object... args) {
        return new RuleException(RuleError.of(message, index + 1, args));
    }
}
