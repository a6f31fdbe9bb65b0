package dev.statewise.processor.testing;

import dev.statewise.processor.model.Workflow;
import dev.statewise.processor.reading.WorkflowReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Runs beside the real processor in a test compilation and keeps the model the reader built, so
 * that tests can derive their cases from the declaration instead of repeating it by hand.
 */
final class ModelCapture extends AbstractProcessor {

    private final List<Workflow> workflows = new ArrayList<>();

    List<Workflow> workflows() {
        return workflows;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("dev.statewise.dsl.Workflow");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        WorkflowReader reader = new WorkflowReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        for (TypeElement annotation : annotations) {
            for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation))) {
                reader.read(type).workflow().ifPresent(workflows::add);
            }
        }
        return false;
    }
}
