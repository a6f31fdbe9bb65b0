package dev.statewise.processor.diagnostics;

/** A rule a declaration breaks, with the formatted message and where to report it. */
public record Problem(Message message, Location location, String text) {

    public static Problem of(Message message, Location location, Object... args) {
        return new Problem(message, location, message.format(args));
    }

    public boolean isError() {
        return message.severity() == Message.Severity.ERROR;
    }
}
