package dev.statewise.processor.reading;

import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The top-level types declared by the sources of this compile, round after round, whose names a
 * class Statewise generates may not take: javac's Filer refuses to create a type that a source of
 * the compile declares.
 *
 * <p>A type known only from a class file is no obstacle: a generated source replaces it. That is
 * how an incremental build presents the previous compile's output, which could not be told apart
 * otherwise, since {@code @Generated} is not kept in class files.
 */
public final class SourceTypes {

    /** By name: javac may replace elements between rounds. */
    private final Set<String> declared = new HashSet<>();
    private final Set<String> generated = new HashSet<>();

    /** Records the types of a round's sources: the user's in the first round, generated ones later. */
    public void add(RoundEnvironment round) {
        for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
            declared.add(type.getQualifiedName().toString());
        }
    }

    /** Records a source Statewise itself created in this compile, which later rounds declare. */
    public void generated(String qualifiedName) {
        generated.add(qualifiedName);
    }

    /** Whether a source of this compile declares the type, other than one Statewise generated. */
    public boolean taken(String qualifiedName) {
        return declared.contains(qualifiedName) && !generated.contains(qualifiedName);
    }
}
