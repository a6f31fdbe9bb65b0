package dev.statewise.processor.testing;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import dev.statewise.processor.model.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** A finished test compilation with the processor, and the models of its workflows. */
public record Compiled(Compilation compilation, List<Workflow> workflows) {

    public Workflow workflow(String simpleName) {
        return workflows.stream().filter(w -> w.simpleName().equals(simpleName)).findFirst()
                .orElseThrow(() -> new AssertionError("no workflow " + simpleName + " in " + workflows));
    }

    /** The migration the processor put on the class output, as Flyway would find it. */
    public String migration(String fileName) {
        return text(StandardLocation.CLASS_OUTPUT, "db/migration/" + fileName);
    }

    public String text(StandardLocation location, String path) {
        JavaFileObject file = compilation.generatedFile(location, path)
                .orElseThrow(() -> new AssertionError("nothing generated at " + location + " " + path
                        + "; diagnostics: " + compilation.diagnostics()));
        try {
            return file.getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A class the compilation wrote, such as a generated descriptor, loaded with the test's own
     * classes (the runtime, jOOQ) beside it.
     */
    public Class<?> load(String qualifiedName) throws ClassNotFoundException {
        return Class.forName(qualifiedName, true, new ClassLoader(Compiled.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT,
                                name.replace('.', '/') + ".class")
                        .orElseThrow(() -> new ClassNotFoundException(name));
                try (InputStream in = file.openInputStream()) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    public Compiled assertSucceededWithoutWarnings() {
        assertWithMessage("diagnostics: %s", compilation.diagnostics())
                .that(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertWithMessage("warnings").that(compilation.warnings()).isEmpty();
        return this;
    }
}
