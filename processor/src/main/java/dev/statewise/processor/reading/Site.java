package dev.statewise.processor.reading;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * The javac coordinates of a {@link dev.statewise.processor.diagnostics.Location}.
 *
 * @param repetition where the annotation stands among those of its kind on the element, when it is
 *     one of several that javac gathered into a container the source does not have; {@code null}
 *     otherwise
 */
record Site(Element element, AnnotationMirror annotation, AnnotationValue value, Repetition repetition) {

    Site(Element element, AnnotationMirror annotation, AnnotationValue value) {
        this(element, annotation, value, null);
    }

    /**
     * A repeated annotation as the source has it, which javac's {@code Messager} cannot find: its
     * mirror is a value of the container javac made.
     *
     * @param annotation its simple name, e.g. {@code Invariant}
     * @param occurrence its position among the annotations of that name on the element, from 0
     * @param attribute the attribute at fault, or empty
     * @param index the position in an array-valued attribute, or -1
     */
    record Repetition(String annotation, int occurrence, String attribute, int index) {}
}
