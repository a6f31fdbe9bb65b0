package dev.statewise.processor.testing;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.JavaFileObjects;
import dev.statewise.processor.StatewiseProcessor;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles declarations from {@code src/test/resources} with the processor. */
public final class Compilations {

    private Compilations() {}

    /** Compiles resources such as {@code workflows/Task.java}, with extra javac options. */
    public static Compiled compile(List<String> options, String... resources) {
        ModelCapture capture = new ModelCapture();
        var compilation = javac()
                .withProcessors(new StatewiseProcessor(), capture)
                .withOptions(options)
                .compile(Arrays.stream(resources).map(JavaFileObjects::forResource).toList());
        return new Compiled(compilation, List.copyOf(capture.workflows()));
    }

    public static Compiled compile(String... resources) {
        return compile(List.of(), resources);
    }

    /** Compiles in-memory sources, such as those of {@link JavaFileObjects#forSourceLines}. */
    public static Compiled compile(JavaFileObject... sources) {
        ModelCapture capture = new ModelCapture();
        var compilation = javac().withProcessors(new StatewiseProcessor(), capture).compile(sources);
        return new Compiled(compilation, List.copyOf(capture.workflows()));
    }
}
