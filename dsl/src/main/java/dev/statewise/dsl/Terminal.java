package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a state the process never leaves. A terminal state may have no outgoing transition; every
 * state that is not terminal should have a way out (the compiler warns otherwise).
 *
 * <pre>{@code
 * enum Status { @Initial OPEN, @Terminal CLOSED }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Terminal {}
