/**
 * The metrics of domain.md §4, each defined exactly as a ratio of two sums of cells. Ratios are
 * always recomputed from summed numerators and denominators — never averaged — so the same
 * definition serves a report, an agency-year, a region and a ranking (where it becomes SQL).
 */
import { APPLICANT_COLUMNS, APPLICATION_ROWS, cellFor, Template } from "./cells";

export type Term = [path: string, coefficient: number];

export interface MetricDef {
  id: string;
  zh: string;
  en: string;
  numerator: Term[];
  denominator: Term[];
}

const T = (path: string, c = 1): Term => [path, c];
const outcomeRows = (group: string) => APPLICATION_ROWS.filter((r) => r.group === group).map((r) => `applications.${r.path}.total`);
const TOTAL = [T("applications.outcomes.total.total")];
/**
 * The read model counts ranked reports per denominator up to this value, and every larger denominator
 * as this value (store/metric-index.ts metric_count): a ranking's sample threshold up to it is
 * counted from at most this many rows per region key, kind and template.
 */
export const METRIC_COUNT_CAP = 100;

/**
 * The sample ladder of report_metric's `tier` column (migration 1796320000000 holds the same steps in
 * SQL): a row's tier is the largest step not above its denominator. A ranking with threshold k reads
 * the tiers from k's up, one index range each, so rows under k are skipped only within k's own tier.
 */
export const SAMPLE_TIERS = [1, 2, 3, 5, 10, 20, 50, 100];

/** The tier of a denominator (≥ 1). */
export function tierOf(denominator: number): number {
  let tier = SAMPLE_TIERS[0];
  for (const t of SAMPLE_TIERS) if (denominator >= t) tier = t;
  return tier;
}

/** The tiers a ranking with sample threshold `min` reads: min's own and every higher one. */
export function tiersFrom(min: number): number[] {
  const own = tierOf(Math.max(1, min));
  return SAMPLE_TIERS.filter((t) => t >= own);
}

/** tierOf as SQL over a denominator expression. */
export function tierSql(denominator: string): string {
  return `CASE ${[...SAMPLE_TIERS].reverse().filter((t) => t > 1).map((t) => `WHEN ${denominator} >= ${t} THEN ${t}`).join(" ")} ELSE 1 END`;
}

export const METRICS: MetricDef[] = [
  { id: "DISCLOSURE_RATE", zh: "公开率", en: "(予以公开 + 部分公开) / 办理结果总计",
    numerator: [T("applications.outcomes.granted.total"), T("applications.outcomes.partiallyGranted.total")], denominator: TOTAL },
  { id: "FULL_DISCLOSURE_RATE", zh: "全部公开率", en: "予以公开 / 办理结果总计", numerator: [T("applications.outcomes.granted.total")], denominator: TOTAL },
  { id: "DENIAL_RATE", zh: "不予公开率", en: "Σ（三）不予公开 / 办理结果总计", numerator: outcomeRows("denied").map((p) => T(p)), denominator: TOTAL },
  { id: "UNABLE_RATE", zh: "无法提供率", en: "Σ（四）无法提供 / 办理结果总计", numerator: outcomeRows("unableToProvide").map((p) => T(p)), denominator: TOTAL },
  { id: "NOT_PROCESSED_RATE", zh: "不予处理率", en: "Σ（五）不予处理 / 办理结果总计", numerator: outcomeRows("notProcessed").map((p) => T(p)), denominator: TOTAL },
  { id: "OTHER_RATE", zh: "其他处理率", en: "Σ（六）其他处理 / 办理结果总计 (a high share is a warning sign)", numerator: outcomeRows("other").map((p) => T(p)), denominator: TOTAL },
  { id: "BACKLOG_RATE", zh: "结转率", en: "结转下年度 / (本年新收 + 上年结转)",
    numerator: [T("applications.carriedForward.total")], denominator: [T("applications.newReceived.total"), T("applications.carriedOver.total")] },
  ...(["review", "litigationDirect", "litigationAfterReview"] as const).map((p) => ({
    id: `${p === "review" ? "REVIEW" : p === "litigationDirect" ? "LITIGATION_DIRECT" : "LITIGATION_AFTER_REVIEW"}_CORRECTION_RATE`,
    zh: `${p === "review" ? "行政复议" : p === "litigationDirect" ? "直接起诉" : "复议后起诉"}纠错率`,
    en: "结果纠正 / (总计 − 尚未审结)",
    numerator: [T(`reviewLitigation.${p}.corrected`)],
    denominator: [T(`reviewLitigation.${p}.total`), T(`reviewLitigation.${p}.pending`, -1)],
  })),
];

/** Reason mix: each reason row over its group total. Applicant mix: each applicant over 本年新收. */
export function shareMetrics(): MetricDef[] {
  const out: MetricDef[] = [];
  for (const group of ["denied", "unableToProvide", "notProcessed", "other"]) {
    const rows = outcomeRows(group);
    for (const row of APPLICATION_ROWS.filter((r) => r.group === group)) {
      out.push({ id: `SHARE:applications.${row.path}.total`, zh: `${row.zh}占比`, en: `${row.en} / its group`, numerator: [T(`applications.${row.path}.total`)], denominator: rows.map((p) => T(p)) });
    }
  }
  for (const col of APPLICANT_COLUMNS.filter((c) => c.key !== "total")) {
    out.push({ id: `SHARE:applications.newReceived.${col.key}`, zh: `${col.zh}申请占比`, en: `${col.en} / new applications`, numerator: [T(`applications.newReceived.${col.key}`)], denominator: [T("applications.newReceived.total")] });
  }
  return out;
}

export const METRIC_BY_ID = new Map([...METRICS, ...shareMetrics()].map((m) => [m.id, m]));

export interface Ratio {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** Sums the terms that exist in the template; null when a cell that exists is unreadable. */
function sumTerms(terms: Term[], format: Template, valueOf: (column: string) => number | null | undefined): number | null {
  let total = 0;
  for (const [path, coefficient] of terms) {
    const cell = cellFor(path, format);
    if (!cell) continue;
    const v = valueOf(cell.column);
    if (v == null) return null;
    total += coefficient * Number(v);
  }
  return total;
}

/** A metric of one report or of a set of summed figures (column → value), by template. */
export function evaluate(metric: MetricDef, parts: Array<{ format: Template; values: Record<string, unknown> }>): Ratio {
  let num = 0;
  let den = 0;
  for (const part of parts) {
    const value = (c: string) => part.values[c] as number | null | undefined;
    const n = sumTerms(metric.numerator, part.format, value);
    const d = sumTerms(metric.denominator, part.format, value);
    if (n == null || d == null) return { numerator: null, denominator: null, value: null };
    num += n;
    den += d;
  }
  return { numerator: num, denominator: den, value: den > 0 ? num / den : null };
}

/** SQL for a metric's numerator or denominator over report_figures alias `f` (both templates). */
export function termsSql(terms: Term[], alias = "f"): string {
  const parts: string[] = [];
  for (const [path, coefficient] of terms) {
    for (const format of ["2019", "2021"] as const) {
      const cell = cellFor(path, format);
      if (!cell) continue;
      const expr = `COALESCE(${alias}.${cell.column}, 0)`;
      const term = coefficient === 1 ? expr : `${coefficient} * ${expr}`;
      if (!parts.includes(term)) parts.push(term);
    }
  }
  return parts.length ? parts.join(" + ") : "0";
}
