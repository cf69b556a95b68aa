/**
 * Every metric of domain.md §4 for one report or for summed figures, by the names the API gives them.
 * Each is computed on first read only, so a query that asks for one metric pays for one.
 */
import { evaluate, METRICS, Ratio, shareMetrics } from "./metrics";
import type { TemplateFigures } from "./summed-tree";

/** One part's share of its whole (a reason within its group, an applicant type within 本年新收). */
export interface Share {
  path: string;
  label: string;
  share: Ratio;
}

export interface MetricSet {
  disclosureRate: Ratio;
  fullDisclosureRate: Ratio;
  denialRate: Ratio;
  unableRate: Ratio;
  notProcessedRate: Ratio;
  otherRate: Ratio;
  backlogRate: Ratio;
  reviewCorrectionRate: Ratio;
  litigationDirectCorrectionRate: Ratio;
  litigationAfterReviewCorrectionRate: Ratio;
  /** Each reason row of （三）–（六） over its group total. */
  reasonMix: Share[];
  /** Each applicant type over 本年新收 总计. */
  applicantMix: Share[];
}

/** The field of MetricSet each metric id fills. */
export const METRIC_FIELDS: Record<string, keyof MetricSet> = {
  DISCLOSURE_RATE: "disclosureRate", FULL_DISCLOSURE_RATE: "fullDisclosureRate", DENIAL_RATE: "denialRate", UNABLE_RATE: "unableRate",
  NOT_PROCESSED_RATE: "notProcessedRate", OTHER_RATE: "otherRate", BACKLOG_RATE: "backlogRate", REVIEW_CORRECTION_RATE: "reviewCorrectionRate",
  LITIGATION_DIRECT_CORRECTION_RATE: "litigationDirectCorrectionRate", LITIGATION_AFTER_REVIEW_CORRECTION_RATE: "litigationAfterReviewCorrectionRate",
};

/** The metrics of a report (one part) or of summed figures (one part per template). */
export function metricsOf(parts: TemplateFigures[]): MetricSet {
  const out = {} as MetricSet;
  const lazy = (name: keyof MetricSet, compute: () => unknown) => {
    let value: unknown;
    let done = false;
    Object.defineProperty(out, name, { enumerable: true, get: () => (done ? value : ((done = true), (value = compute()))) });
  };
  for (const m of METRICS) lazy(METRIC_FIELDS[m.id], () => evaluate(m, parts));
  const shares = () => shareMetrics().map((m) => ({ path: m.numerator[0][0], label: m.zh, share: evaluate(m, parts) }));
  lazy("reasonMix", () => shares().filter((s) => s.path.startsWith("applications.outcomes.")));
  lazy("applicantMix", () => shares().filter((s) => s.path.startsWith("applications.newReceived.")));
  return out;
}
