package dev.statewise.processor.diagnostics;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.statewise.processor.StatewiseProcessor;
import javax.tools.JavaFileObject;

/**
 * In-memory declarations compiled with the Statewise processor, as a user's build compiles them.
 * A source's first string is line 1, so a test can name the exact line of each diagnostic.
 */
final class Declarations {

    private Declarations() {}

    static JavaFileObject source(String qualifiedName, String... lines) {
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }

    static Compilation compile(JavaFileObject... sources) {
        return compiler().compile(sources);
    }

    static Compiler compiler() {
        return Compiler.javac().withProcessors(new StatewiseProcessor());
    }
}
