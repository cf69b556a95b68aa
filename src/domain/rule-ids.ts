/**
 * Rule ids, defined once. A rule id is a letter and a digit: R1–R6 (one report's arithmetic),
 * X1–X3 (against the previous year), T1 (narrative against table). PARSE and AMBIGUOUS notes are
 * reading notes, not findings, and are never stored as findings.
 */

/** The shape of any rule id a query may name (R1, X2, T1, …). */
export const RULE_ID = /^[A-Z]\d$/;

/** The rules whose diagnostics are stored as findings. */
export const FINDING_RULE = /^[RXT]\d$/;

export const isRuleId = (rule: string): boolean => RULE_ID.test(rule);
export const isFindingRule = (rule: string): boolean => FINDING_RULE.test(rule);

