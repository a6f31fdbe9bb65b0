package dev.statewise.processor.testing;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares generated text with a golden file under {@code src/test/resources/golden}. Run the
 * tests with {@code -Dstatewise.golden.update=true} to rewrite the goldens from the current output,
 * then review the diff before committing it.
 */
public final class Golden {

    private static final Path ROOT = Path.of("src", "test", "resources", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("statewise.golden.update");

    private Golden() {}

    public static void assertMatches(String name, String actual) {
        Path file = ROOT.resolve(name);
        try {
            if (UPDATE) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertWithMessage("golden file %s is missing; run with -Dstatewise.golden.update=true", file)
                    .that(Files.exists(file)).isTrue();
            assertWithMessage("%s differs from its golden file; if the change is intended, run with "
                    + "-Dstatewise.golden.update=true and review the diff", name)
                    .that(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
