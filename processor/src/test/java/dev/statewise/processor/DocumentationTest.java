package dev.statewise.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.statewise.processor.diagnostics.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The DSL reference lists every message the processor can report, so the docs follow the code. */
class DocumentationTest {

    @Test
    void everyMessageIsDocumented() throws Exception {
        String reference = Files.readString(Path.of("..", "docs", "dsl.md"));
        for (Message message : Message.values()) {
            assertWithMessage("docs/dsl.md has no row for %s", message)
                    .that(reference).contains("| `" + message.name() + "`");
        }
    }
}
