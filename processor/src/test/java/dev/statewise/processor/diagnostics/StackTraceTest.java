package dev.statewise.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class StackTraceTest {

    @Test
    void eachExceptionOfTheChainKeepsItsFramesDownToTheCompiler() {
        IllegalStateException cause = failure(new IllegalStateException("no table"),
                frame("org.jooq.codegen.JavaGenerator", "generate"),
                frame("dev.statewise.processor.jooq.JooqClasses", "generate"),
                frame("com.sun.tools.javac.processing.JavacProcessingEnvironment", "callProcessor"));
        RuntimeException failure = failure(new RuntimeException("codegen failed", cause),
                frame("dev.statewise.processor.jooq.JooqClasses", "generate"),
                frame("dev.statewise.processor.StatewiseProcessor", "process"),
                frame("com.sun.tools.javac.processing.JavacProcessingEnvironment", "callProcessor"),
                frame("com.sun.tools.javac.main.JavaCompiler", "compile"));

        assertThat(StackTrace.of(failure)).isEqualTo("java.lang.RuntimeException: codegen failed\n"
                + "\tat dev.statewise.processor.jooq.JooqClasses.generate(Source.java:1)\n"
                + "\tat dev.statewise.processor.StatewiseProcessor.process(Source.java:1)\n"
                + "\t... 2 more\n"
                + "Caused by: java.lang.IllegalStateException: no table\n"
                + "\tat org.jooq.codegen.JavaGenerator.generate(Source.java:1)\n"
                + "\tat dev.statewise.processor.jooq.JooqClasses.generate(Source.java:1)\n"
                + "\t... 1 more");
    }

    @Test
    void aVeryLongTraceIsCut() {
        StackTraceElement[] frames = new StackTraceElement[StackTrace.MAX_FRAMES + 5];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame("dev.statewise.processor.Deep", "call" + i);
        }
        IllegalStateException failure = failure(new IllegalStateException("deep"), frames);

        String trace = StackTrace.of(failure);

        assertThat(trace.lines().filter(line -> line.startsWith("\tat ")).count()).isEqualTo(StackTrace.MAX_FRAMES);
        assertThat(trace).endsWith("\n\t... 5 more");
    }

    private static <T extends Throwable> T failure(T throwable, StackTraceElement... frames) {
        throwable.setStackTrace(frames);
        return throwable;
    }

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, "Source.java", 1);
    }
}
