import type { SlaRule } from '@warmline/contracts';

export interface RuleCriteria {
  ticketType: string | null;
  urgency: string | null;
  source: string | null;
}

/** How many of type / urgency / source a rule names. */
export const ruleSpecificity = (r: RuleCriteria): number => [r.ticketType, r.urgency, r.source].filter((v) => v !== null).length;

/** Ties between rules naming as many fields: type outranks urgency, urgency outranks source. */
const tieWeight = (r: RuleCriteria) => (r.ticketType ? 4 : 0) + (r.urgency ? 2 : 0) + (r.source ? 1 : 0);

const matches = (rule: RuleCriteria, c: RuleCriteria) =>
  (rule.ticketType === null || rule.ticketType === c.ticketType) &&
  (rule.urgency === null || rule.urgency === c.urgency) &&
  (rule.source === null || rule.source === c.source);

/** The most specific enabled matching rule (pure; rules with null fields match anything). */
export function selectRule(rules: SlaRule[], criteria: RuleCriteria): SlaRule | undefined {
  return rules
    .filter((r) => r.enabled && matches(r, criteria))
    .sort((a, b) => b.specificity - a.specificity || tieWeight(b) - tieWeight(a) || a.id - b.id)[0];
}
