package dev.statewise.processor.reading;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** The javac coordinates of a {@link dev.statewise.processor.diagnostics.Location}. */
record Site(Element element, AnnotationMirror annotation, AnnotationValue value) {}
