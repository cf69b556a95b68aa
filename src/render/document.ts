/**
 * A document to render: a title, metadata, the official tables (layout.ts), narrative sections and
 * annex tables (coverage, X4 differences, findings, comparisons). Every output format draws this one
 * model, so an HTML page, a workbook and a CSV of the same thing hold the same cells.
 */
import { cellsOf } from "../domain/cells";
import { CanonicalReport, getPath, NarrativeSection } from "../domain/report-json";
import { FigureSource, reportTables, TableLayout, TemplateYear } from "./layout";

/** A plain table: a heading, column labels and rows of text (or numbers). */
export interface SimpleTable {
  heading: string;
  note?: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

export interface RenderDoc {
  /** e.g. 聊城市应急管理局2020年政府信息公开工作年度报告 */
  title: string;
  /** Label → value, in order: agency, region, year, template, revision, source, coverage … */
  meta: Array<[string, string]>;
  /** Narrative printed before table 二 (一、总体情况 …) and after table 四 (五、六 …). */
  before: NarrativeSection[];
  tables: TableLayout[];
  after: NarrativeSection[];
  annexes: SimpleTable[];
  /** File name without extension (Chinese allowed; Content-Disposition encodes it). */
  fileStem: string;
}

export const TEMPLATE_NAME: Record<TemplateYear, string> = {
  "2019": "2019年试行模板（国办公开办函〔2019〕60号）",
  "2021": "2021年模板（国办公开办函〔2021〕30号）",
};

/** A FigureSource over a canonical report (values in its JSON units; blank cells from blankCells). */
export function canonicalSource(report: CanonicalReport): FigureSource {
  if (report.format === "legacy") throw new RangeError("a legacy (pre-2019) report has no template tables to render");
  const blank = new Set(report.blankCells ?? []);
  return {
    format: report.format,
    get: (path) => {
      const v = getPath(report, path);
      return typeof v === "number" && Number.isFinite(v) ? v : v == null ? null : Number(v);
    },
    blank: (path) => blank.has(path),
  };
}

const TABLE_HEADING = /^[二三四]\s*[、.．]/;

/** Splits a report's narrative around the tables: what precedes 二 and what follows 四. */
export function splitNarrative(sections: NarrativeSection[] | undefined): { before: NarrativeSection[]; after: NarrativeSection[] } {
  const before: NarrativeSection[] = [];
  const after: NarrativeSection[] = [];
  let seenTables = false;
  for (const s of sections ?? []) {
    if (TABLE_HEADING.test(s.heading)) {
      seenTables = true;
      continue;
    }
    (seenTables ? after : before).push(s);
  }
  if (!before.some((s) => /^一\s*[、.．]/.test(s.heading))) before.push({ heading: "一、总体情况", text: "" });
  // The template's last two sections; a table never ends the document (its blank last cells would
  // be trimmed away with the page's trailing whitespace by text extractors).
  if (!after.length) after.push({ heading: "五、存在的主要问题及改进情况", text: "" }, { heading: "六、其他需要报告的事项", text: "" });
  return { before, after };
}

export interface ReportInfo {
  agency: string | null;
  year: number | null;
  regionCode?: string | null;
  regionName?: string | null;
  revision?: number | null;
  source?: string | null;
  isAggregate?: boolean;
  id?: number | null;
}

/** The document of one report: its title, metadata, narrative and the three tables. */
export function reportDocument(report: CanonicalReport, info: ReportInfo = { agency: report.agency, year: report.year }): RenderDoc {
  const src = canonicalSource(report);
  const agency = info.agency ?? report.agency ?? "（机关名称）";
  const year = info.year ?? report.year;
  const title = `${agency}${year ?? ""}年政府信息公开工作年度报告${info.isAggregate ?? report.isAggregate ? "（汇总）" : ""}`;
  const { before, after } = splitNarrative(report.sections);
  const nulls = cellsOf(report.format).filter((c) => src.get(c.path) == null).length;
  const meta: Array<[string, string]> = [
    ["机关", agency],
    ["区划", [info.regionCode ?? report.regionCode, info.regionName].filter(Boolean).join(" ") || "—"],
    ["年度", year == null ? "—" : String(year)],
    ["模板", TEMPLATE_NAME[src.format]],
    ["修订", info.revision == null ? "—" : `第${info.revision}版`],
    ["来源", info.source ?? report.source ?? "—"],
    ["覆盖", `单份报告${info.isAggregate ?? report.isAggregate ? "（汇总报告）" : ""}；空白单元格 ${report.blankCells?.length ?? 0} 个${nulls ? `；无法识别 ${nulls} 个（印为“？”）` : ""}`],
  ];
  const fileStem = `${year ?? ""}-${agency}`;
  return { title, meta, before, tables: reportTables(src), after, annexes: [], fileStem };
}
