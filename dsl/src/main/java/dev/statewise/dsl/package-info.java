/**
 * The annotations that declare a workflow: {@link dev.statewise.dsl.Workflow} on an interface,
 * {@link dev.statewise.dsl.Initial} and {@link dev.statewise.dsl.Terminal} on its states,
 * {@link dev.statewise.dsl.RequiredIn}, {@link dev.statewise.dsl.OnlyIn},
 * {@link dev.statewise.dsl.AllowedIn} and {@link dev.statewise.dsl.Column} on its fields, {@link dev.statewise.dsl.Transition} on its edges
 * and {@link dev.statewise.dsl.Guard} on the predicates that protect them, {@link dev.statewise.dsl.Invariant}
 * on the interface for the rules between fields that hold in some states. Optional fields use any
 * annotation named {@code Nullable}, for example JSpecify's.
 */
package dev.statewise.dsl;
