package dev.statewise.processor.reading;

import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Prints problems through javac on the element, annotation and value they are about. */
public final class Reporter {

    private final Messager messager;

    public Reporter(Messager messager) {
        this.messager = messager;
    }

    /** An error about the compilation as a whole, such as a bad option: no element is at fault. */
    public void report(String error) {
        messager.printMessage(Diagnostic.Kind.ERROR, error);
    }

    public void report(Problem problem, Sources sources, Element fallback) {
        Diagnostic.Kind kind = problem.message().severity() == Message.Severity.ERROR
                ? Diagnostic.Kind.ERROR
                : Diagnostic.Kind.WARNING;
        Site site = sources == null ? null : sources.find(problem.location());
        if (site == null) {
            messager.printMessage(kind, problem.text(), fallback);
        } else if (site.annotation() == null) {
            messager.printMessage(kind, problem.text(), site.element());
        } else if (site.value() == null) {
            messager.printMessage(kind, problem.text(), site.element(), site.annotation());
        } else {
            messager.printMessage(kind, problem.text(), site.element(), site.annotation(), site.value());
        }
    }
}
