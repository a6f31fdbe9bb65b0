package dev.statewise.processor.diagnostics;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The part of a failure's stack trace that a bug report needs: each exception of the chain with
 * its frames, down to where the compiler called the processor. The compiler's own frames, dozens
 * of them and the same for every failure, are left out.
 */
public final class StackTrace {

    /** Frames of the compilers that run processors: javac's, and Eclipse's. */
    private static final List<String> COMPILERS = List.of("com.sun.tools.javac.", "org.eclipse.jdt.");

    /** Enough for any path through the processor; a longer one is cut. */
    static final int MAX_FRAMES = 40;

    private StackTrace() {}

    /**
     * The chain as {@link Throwable#printStackTrace()} writes it, each exception's frames cut at
     * the first of the compiler's, one frame a line.
     */
    public static String of(Throwable failure) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t != failure) {
                out.append("\nCaused by: ");
            }
            out.append(t);
            StackTraceElement[] frames = t.getStackTrace();
            int shown = 0;
            while (shown < frames.length && shown < MAX_FRAMES && !byCompiler(frames[shown])) {
                out.append("\n\tat ").append(frames[shown++]);
            }
            if (shown < frames.length) {
                out.append("\n\t... ").append(frames.length - shown).append(" more");
            }
        }
        return out.toString();
    }

    private static boolean byCompiler(StackTraceElement frame) {
        return COMPILERS.stream().anyMatch(frame.getClassName()::startsWith);
    }
}
