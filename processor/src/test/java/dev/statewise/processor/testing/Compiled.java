package dev.statewise.processor.testing;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.naming.Naming;
import dev.statewise.runtime.WorkflowDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * A class loader of every class the compilation wrote, generated repositories and jOOQ classes
     * included, with the test's own classes (the runtime, jOOQ) as its parent: a generated
     * repository loaded from it implements the runtime's interfaces the test sees.
     */
    public ClassLoader classLoader() {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
                        path.length() - ".class".length()).replace('/', '.');
                try (InputStream in = file.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new ClassLoader(Compiled.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }

    /**
     * The generated descriptor of a workflow ({@code TaskWorkflow.DESCRIPTOR}), loaded from the
     * classes this compilation wrote, for the conformance check.
     */
    public WorkflowDescriptor descriptor(String simpleName) {
        Workflow workflow = workflow(simpleName);
        ClassLoader loader = classLoader();
        String descriptorClass = Naming.packageOf(workflow) + "." + Naming.descriptorClass(workflow);
        try {
            return (WorkflowDescriptor) Class.forName(descriptorClass, true, loader).getField("DESCRIPTOR").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no descriptor " + descriptorClass, e);
        }
    }

    public Compiled assertSucceededWithoutWarnings() {
        assertWithMessage("diagnostics: %s", compilation.diagnostics())
                .that(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertWithMessage("warnings").that(compilation.warnings()).isEmpty();
        return this;
    }
}
