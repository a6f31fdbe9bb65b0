package dev.statewise.processor.diagnostics;

/** A rule a declaration breaks, with the formatted message and where to report it. */
public record Problem(Message message, Location location, String text) {

    public static Problem of(Message message, Location location, Object... args) {
        return new Problem(message, location, message.format(args));
    }

    /**
     * An internal failure on a workflow: the message, then the failure's stack trace down to the
     * compiler, which is what a bug report needs.
     */
    public static Problem internalError(String workflow, Throwable failure) {
        return new Problem(Message.INTERNAL_ERROR, Location.of(workflow),
                Message.INTERNAL_ERROR.format(workflow, failure) + "\n" + StackTrace.of(failure));
    }

    public boolean isError() {
        return message.severity() == Message.Severity.ERROR;
    }
}
