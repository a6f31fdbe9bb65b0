package dev.statewise.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a field optional in every state. Statewise accepts any annotation whose simple name is
 * {@code Nullable} (JSpecify's, JetBrains', Jakarta's...); this one is for projects that use none.
 *
 * <pre>{@code
 * @Nullable String notes();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE_USE})
public @interface Nullable {}
