/**
 * Chinese labels and number formats. Cell and metric names come from the project's own catalogue
 * (src/domain), so the dashboard never spells a template row differently from the API.
 */
import { APPLICATION_ROWS, APPLICANT_COLUMNS, CELLS, PROACTIVE_ROWS, REVIEW_ROWS, RESULT_COLUMNS } from "../../src/domain/cells";
import { METRICS, METRIC_BY_ID } from "../../src/domain/metrics";

export { APPLICATION_ROWS, APPLICANT_COLUMNS, PROACTIVE_ROWS, REVIEW_ROWS, RESULT_COLUMNS, METRICS, METRIC_BY_ID };

export const KIND_LABELS: Record<string, string> = {
  GOVERNMENT: "人民政府",
  GENERAL_OFFICE: "办公厅（室）",
  DEPARTMENT: "政府部门",
  TOWNSHIP: "乡镇、街道",
  OTHER: "其他机关",
};

export const LEVEL_LABELS: Record<string, string> = { PROVINCE: "省级", PREFECTURE: "地级", COUNTY: "县级", TOWNSHIP: "乡级" };

/** Rule titles and findings in Chinese: i18n/findings.ts. */
import { findingMessage as zhFinding, type FindingLike } from "./i18n/findings";
export { RULE_LABELS, RULE_TITLES } from "./i18n/findings";

export const SEVERITY_LABELS: Record<string, string> = { error: "错误", warning: "警告", info: "提示" };

export const TEMPLATE_LABELS: Record<string, string> = { T2019: "2019 模板", T2021: "2021 模板", LEGACY: "旧式" };

/** Metric id (DISCLOSURE_RATE) → GraphQL field of `Metrics` (disclosureRate). */
export function metricField(id: string): string {
  return id.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Measures offered by the trend, ranking and comparison pickers: key cells, then every metric. */
export const MEASURES: Array<{ id: string; zh: string; ratio: boolean }> = [
  { id: "applications.newReceived.total", zh: "本年新收申请", ratio: false },
  { id: "applications.carriedOver.total", zh: "上年结转申请", ratio: false },
  { id: "applications.outcomes.granted.total", zh: "予以公开", ratio: false },
  { id: "applications.outcomes.partiallyGranted.total", zh: "部分公开", ratio: false },
  { id: "applications.outcomes.total.total", zh: "办理结果总计", ratio: false },
  { id: "applications.carriedForward.total", zh: "结转下年度", ratio: false },
  { id: "reviewLitigation.review.total", zh: "行政复议总计", ratio: false },
  { id: "reviewLitigation.litigationDirect.total", zh: "直接起诉总计", ratio: false },
  { id: "reviewLitigation.litigationAfterReview.total", zh: "复议后起诉总计", ratio: false },
  ...METRICS.map((m) => ({ id: m.id, zh: m.zh, ratio: true })),
];

const CELL_LABELS = new Map(CELLS.map((c) => [c.path, c.zh]));

export function measureLabel(id: string): string {
  return MEASURES.find((m) => m.id === id)?.zh ?? METRIC_BY_ID.get(id)?.zh ?? CELL_LABELS.get(id) ?? id;
}

export function isRatio(id: string): boolean {
  return METRIC_BY_ID.has(id);
}

/** A cell path's printed name (行·列), or the path itself. */
export function pathLabel(path: string | null | undefined): string {
  if (!path) return "";
  return CELL_LABELS.get(path) ?? path;
}

const INT = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });
const PP = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PCT = new Intl.NumberFormat("zh-CN", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function fmtNum(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : INT.format(v);
}

export function fmtPct(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : PCT.format(v);
}

export function fmtValue(v: number | null | undefined, ratio: boolean): string {
  return ratio ? fmtPct(v) : fmtNum(v);
}

/** Signed change: +12 / −3 / 0, or percentage points for ratios. */
export function fmtDelta(v: number | null | undefined, ratio = false): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  const s = ratio ? `${PP.format(Math.abs(v * 100))} 个百分点` : INT.format(Math.abs(v));
  if (ratio && Math.abs(v) < 0.0005) return "持平";
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : "0";
}

export function thisYear(): number {
  return new Date().getFullYear();
}

/** Signed relative change: +12.5% / −3.0%. */
export function fmtRel(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const s = PCT.format(Math.abs(v));
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
}

/** A metric's definition without the English notes the catalogue adds for developers. */
export function definition(en: string): string {
  return en.replace(/\s*\((?=[a-z])[^)]*\)/g, "");
}

/** Picker options: the usual measures, plus the current one when a link names another cell. */
export function measureOptions(current: string): Array<[string, string]> {
  const out: Array<[string, string]> = MEASURES.map((m) => [m.id, m.zh]);
  if (!MEASURES.some((m) => m.id === current)) out.push([current, measureLabel(current)]);
  return out;
}

/** A finding's explanation in Chinese (i18n/findings.ts), cells named as the template prints them. */
export function findingMessage(f: FindingLike): string {
  return zhFinding(f, pathLabel);
}
