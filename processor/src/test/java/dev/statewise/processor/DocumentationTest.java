package dev.statewise.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.statewise.processor.diagnostics.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The DSL reference lists every message the processor can report, so the docs follow the code. */
class DocumentationTest {

    // A row of the compile errors' table: its code, with the anchor a message's code is looked up by.
    private static final Pattern ROW = Pattern.compile("(?m)^\\| <a id=\"([A-Z_]+)\"></a>`([A-Z_]+)`");

    @Test
    void theTableOfCompileErrorsHasOneAnchoredRowPerMessageAndNoOther() throws Exception {
        String reference = Files.readString(Path.of("..", "docs", "dsl.md"));
        String errors = reference.substring(reference.indexOf("## Compile errors"));
        int nextSection = errors.indexOf("\n## ");
        errors = nextSection < 0 ? errors : errors.substring(0, nextSection);
        Set<String> documented = new TreeSet<>();
        Matcher row = ROW.matcher(errors);
        while (row.find()) {
            assertWithMessage("the anchor of row %s", row.group(2)).that(row.group(1)).isEqualTo(row.group(2));
            assertWithMessage("rows for %s", row.group(2)).that(documented.add(row.group(2))).isTrue();
        }
        Set<String> codes = new TreeSet<>(Arrays.stream(Message.values()).map(Message::name).toList());
        assertWithMessage("codes in docs/dsl.md's table of compile errors").that(documented).isEqualTo(codes);
        assertWithMessage("rows of the table without an anchored code")
                .that(errors.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| code"))
                        .filter(l -> !ROW.matcher(l).find()).toList())
                .isEmpty();
    }

    @Test
    void aMessageStartsWithItsCode() {
        assertWithMessage("a formatted message")
                .that(Message.UNKNOWN_STATE.format("@Transition(to) of approve", "DOEN", "did you mean DONE?"))
                .isEqualTo("[UNKNOWN_STATE] @Transition(to) of approve names unknown state \"DOEN\"; did you mean DONE?");
    }
}
