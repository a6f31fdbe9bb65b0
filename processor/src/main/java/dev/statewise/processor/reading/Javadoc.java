package dev.statewise.processor.reading;

import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;

/** Turns a doc comment into the one plain paragraph that a SQL comment or a table cell can hold. */
final class Javadoc {

    private static final Pattern INLINE_TAG = Pattern.compile("\\{@\\w+\\s+([^}]*)}");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
    private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@\\w+.*", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Javadoc() {}

    static String of(Elements elements, Element element) {
        String comment = elements.getDocComment(element);
        if (comment == null) {
            return "";
        }
        String text = BLOCK_TAG.matcher(comment).replaceFirst("");
        text = INLINE_TAG.matcher(text).replaceAll("$1");
        text = HTML_TAG.matcher(text).replaceAll(" ");
        return WHITESPACE.matcher(text).replaceAll(" ").trim();
    }
}
