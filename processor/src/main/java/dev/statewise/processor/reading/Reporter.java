package dev.statewise.processor.reading;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.statewise.processor.diagnostics.Message;
import dev.statewise.processor.diagnostics.Problem;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Prints problems through javac on the element, annotation and value they are about. */
public final class Reporter {

    private final Messager messager;
    /** javac's trees, to find a repeated annotation in source; {@code null} under another compiler. */
    private final Trees trees;

    public Reporter(Messager messager) {
        this(messager, null);
    }

    private Reporter(Messager messager, Trees trees) {
        this.messager = messager;
        this.trees = trees;
    }

    /**
     * A reporter that finds repeated annotations ({@code @Invariant} twice) in javac's trees, where
     * its {@code Messager} finds none: javac gathers them into a container the source does not have.
     * Under another compiler, or a wrapped environment, such problems go on the element.
     */
    public static Reporter of(ProcessingEnvironment environment) {
        Trees trees;
        try {
            trees = Trees.instance(environment);
        } catch (IllegalArgumentException | LinkageError e) {
            trees = null;
        }
        return new Reporter(environment.getMessager(), trees);
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
        if (site != null && site.repetition() != null && printedInSource(kind, problem.text(), site)) {
            return;
        }
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

    /** Prints the message on the repeated annotation's tree, or its value's; false when there is none. */
    private boolean printedInSource(Diagnostic.Kind kind, String text, Site site) {
        if (trees == null) {
            return false;
        }
        try {
            TreePath path = trees.getPath(site.element());
            ModifiersTree modifiers = path == null ? null : modifiers(path.getLeaf());
            if (modifiers == null) {
                return false;
            }
            Site.Repetition repetition = site.repetition();
            List<? extends AnnotationTree> written = modifiers.getAnnotations().stream()
                    .filter(a -> repetition.annotation().equals(simpleName(a.getAnnotationType())))
                    .toList();
            if (repetition.occurrence() >= written.size()) {
                return false;
            }
            Tree at = valueTree(written.get(repetition.occurrence()), repetition);
            trees.printMessage(kind, text, at, path.getCompilationUnit());
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static ModifiersTree modifiers(Tree declaration) {
        if (declaration instanceof ClassTree type) {
            return type.getModifiers();
        } else if (declaration instanceof MethodTree method) {
            return method.getModifiers();
        } else if (declaration instanceof VariableTree variable) {
            return variable.getModifiers();
        }
        return null;
    }

    /** The attribute's value in the annotation, the element of an array at its index; else the annotation. */
    private static Tree valueTree(AnnotationTree annotation, Site.Repetition repetition) {
        if (repetition.attribute().isEmpty()) {
            return annotation;
        }
        for (ExpressionTree argument : annotation.getArguments()) {
            ExpressionTree value = null;
            if (argument instanceof AssignmentTree assignment && assignment.getVariable() instanceof IdentifierTree name
                    && name.getName().contentEquals(repetition.attribute())) {
                value = assignment.getExpression();
            } else if (!(argument instanceof AssignmentTree) && repetition.attribute().equals("value")) {
                value = argument;
            }
            if (value != null) {
                if (repetition.index() >= 0 && value instanceof NewArrayTree array
                        && repetition.index() < array.getInitializers().size()) {
                    return array.getInitializers().get(repetition.index());
                }
                return value;
            }
        }
        return annotation;
    }

    private static String simpleName(Tree type) {
        if (type instanceof IdentifierTree identifier) {
            return identifier.getName().toString();
        } else if (type instanceof MemberSelectTree select) {
            return select.getIdentifier().toString();
        }
        return "";
    }
}
