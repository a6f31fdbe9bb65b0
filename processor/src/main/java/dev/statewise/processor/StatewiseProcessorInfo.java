package dev.statewise.processor;

/** What generated code says about its generator. */
public final class StatewiseProcessorInfo {

    /** The processor's name, as {@code @Generated} records it. */
    public static final String NAME = "dev.statewise.processor.StatewiseProcessor";

    private StatewiseProcessorInfo() {}
}
