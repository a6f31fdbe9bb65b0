package dev.statewise.processor.reading;

import dev.statewise.processor.diagnostics.Location;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * Where each part of one workflow's declaration sits in source: the map from model locations back
 * to elements, annotations and annotation values, filled by the reader.
 */
public final class Sources {

    private final Map<Location, Site> sites = new HashMap<>();

    /** Records an element and, for each of its annotations that Statewise reads, its values. */
    void put(Location location, Element element) {
        sites.put(location, new Site(element, null, null));
    }

    void put(Location location, Element element, AnnotationMirror annotation) {
        String name = annotation.getAnnotationType().asElement().getSimpleName().toString();
        int occurrence = occurrence(element, annotation);
        Location onAnnotation = location.at(name, "");
        sites.put(onAnnotation, new Site(element, annotation, null, repetition(name, occurrence, "", -1)));
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
                annotation.getElementValues().entrySet()) {
            String attribute = entry.getKey().getSimpleName().toString();
            AnnotationValue value = entry.getValue();
            sites.put(location.at(name, attribute),
                    new Site(element, annotation, value, repetition(name, occurrence, attribute, -1)));
            if (value.getValue() instanceof List<?> values) {
                for (int i = 0; i < values.size(); i++) {
                    sites.put(location.at(name, attribute, i), new Site(element, annotation,
                            (AnnotationValue) values.get(i), repetition(name, occurrence, attribute, i)));
                }
            }
        }
    }

    private static Site.Repetition repetition(String name, int occurrence, String attribute, int index) {
        return occurrence < 0 ? null : new Site.Repetition(name, occurrence, attribute, index);
    }

    /**
     * The annotation's position among the values of a container on the element, where a repeated
     * annotation is; -1 for one present on the element itself.
     */
    private static int occurrence(Element element, AnnotationMirror annotation) {
        for (AnnotationMirror present : element.getAnnotationMirrors()) {
            if (present.equals(annotation)) {
                return -1;
            }
            for (AnnotationValue value : present.getElementValues().values()) {
                if (value.getValue() instanceof List<?> values) {
                    for (int i = 0; i < values.size(); i++) {
                        if (((AnnotationValue) values.get(i)).getValue().equals(annotation)) {
                            return i;
                        }
                    }
                }
            }
        }
        return -1;
    }

    /** The most precise recorded site for a location, widening it until one is found. */
    Site find(Location location) {
        for (Location at = location; ; at = at.widen()) {
            Site site = sites.get(at);
            if (site != null || at.kind() == Location.Kind.WORKFLOW && at.annotation().isEmpty()) {
                return site;
            }
        }
    }
}
