/**
 * The language of rules between fields ({@code @Invariant}, issue #17): a small typed expression
 * language over a workflow's fields, parsed and checked here, and rendered as the condition of a
 * CHECK and as the Java that checks a value before any write, both in SQL's logic of three values.
 * {@link dev.statewise.processor.rules.RuleExpression#check} is the way in; decision 0027 says
 * what the language allows and why.
 */
package dev.statewise.processor.rules;
