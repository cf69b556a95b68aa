/**
 * What can be rendered, as documents: a report file, a stored report, a region-year's 汇总 draft and a
 * comparison of agencies × years. Stored data is read through the same services and resolvers the
 * GraphQL API answers with, so a rendered region total is `regionStatistics`, cell for cell.
 */
import { internalContext } from "../graphql/security/internal-context";
import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { GraphQLError } from "graphql";
import { CELLS } from "../domain/cells";
import { figuresToTree } from "../domain/figures";
import { CanonicalReport, getPath } from "../domain/report-json";
import { isRegionCode, regionPrefix } from "../domain/regions";
import type { Config } from "../config";
import type { Context } from "../graphql/context";
import { parseInput, ParseError } from "../ingestion/parse";
import { canonicalFromJson } from "../ingestion/import.service";
import { ComparisonService } from "../modules/statistics/comparison.service";
import { CoverageResolver, RegionStatisticsResolver } from "../modules/statistics/region-statistics.resolver";
import { MAX_PAGE } from "../modules/common/args";
import { ReportInfo, reportDocument, RenderDoc, SimpleTable, TEMPLATE_NAME } from "./document";
import { applicationsTable, FigureSource, proactiveTable, reviewTable, TableLayout, TemplateYear } from "./layout";

/** A request that cannot be rendered as asked: the message names the argument. */
export class RenderInputError extends Error {
  constructor(readonly argument: string, message: string) {
    super(`${argument}: ${message}`);
  }
}

/** Re-throws the API's BAD_USER_INPUT errors as input errors (the HTTP layer answers 400). */
function asInputError(e: unknown): never {
  if (e instanceof GraphQLError && e.extensions?.code === "BAD_USER_INPUT") throw new RenderInputError(String(e.extensions.argumentName ?? "argument"), e.message);
  throw e;
}

function contextFor(ds: DataSource, config?: Config): Context {
  return internalContext(ds, config);
}

/** A report file: anything `parse` reads (HTML, text, .docx, PDF, .xlsx, .csv) or a canonical `*.json`. */
export async function fileReport(file: string, content?: Buffer): Promise<CanonicalReport> {
  const bytes = content ?? fs.readFileSync(file);
  if (/\.json$/i.test(file)) {
    try {
      return canonicalFromJson(bytes.toString("utf8").replace(/^\ufeff/, ""), path.basename(file));
    } catch (e) {
      if (e instanceof ParseError) throw new RenderInputError(file, e.problem);
      throw e;
    }
  }
  try {
    return (await parseInput(bytes, { fileName: path.basename(file) })).report;
  } catch (e) {
    if (e instanceof ParseError) throw new RenderInputError(file, e.problem);
    throw e;
  }
}

export function fileDocument(report: CanonicalReport): RenderDoc {
  if (report.format === "legacy") throw new RenderInputError("report", "a pre-2019 (legacy) report has no template tables to render");
  return reportDocument(report);
}

/** A stored report (any revision) by id, as the canonical JSON its figures and metadata give. */
export async function storedReport(ds: DataSource, id: number): Promise<{ report: CanonicalReport; info: ReportInfo }> {
  const rows = await ds.query(
    `SELECT r.id AS id, r.year AS year, r.format AS format, r.isAggregate AS isAggregate, r.revision AS revision, r.regionCode AS regionCode,
       r.printedAgencyName AS printedAgencyName, r.sourceUrl AS sourceUrl, r.sections AS sections, r.blankCells AS blankCells,
       r.ambiguousCells AS ambiguousCells, r.extra AS extra, a.name AS agencyName, g.name AS regionName
     FROM report r JOIN agency a ON a.id = r.agencyId LEFT JOIN region g ON g.code = r.regionCode WHERE r.id = ?`, [id]);
  const r = rows[0];
  if (!r) throw new RenderInputError("id", `no report ${id}`);
  if (r.format === "legacy") throw new RenderInputError("id", `report ${id} is a pre-2019 (legacy) report: no template tables to render`);
  const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
  const figures = (await ds.query(`SELECT * FROM report_figures WHERE reportId = ?`, [id]))[0];
  const tree = figuresToTree(r.format, figures, json(r.extra) ?? {}, true);
  const report: CanonicalReport = {
    agency: r.printedAgencyName, year: Number(r.year), format: r.format, isAggregate: Number(r.isAggregate) === 1, source: r.sourceUrl,
    proactive: tree.proactive, applications: tree.applications, reviewLitigation: tree.reviewLitigation,
    sections: json(r.sections) ?? [], blankCells: json(r.blankCells) ?? [], ambiguousCells: json(r.ambiguousCells) ?? {}, diagnostics: [], regionCode: r.regionCode,
  };
  return { report, info: { agency: r.printedAgencyName, year: Number(r.year), regionCode: r.regionCode, regionName: r.regionName, revision: Number(r.revision), source: r.sourceUrl, isAggregate: report.isAggregate, id } };
}

export async function storedReportDocument(ds: DataSource, id: number): Promise<RenderDoc> {
  const { report, info } = await storedReport(ds, id);
  return reportDocument(report, info);
}

export interface RegionRequest {
  regionCode: string;
  year: number;
  includeSubregions?: boolean;
  agencyKinds?: string[] | null;
  /**
   * false: the three tables only, drawn from the regionStatistics result alone (no coverage, X4 or
   * findings annexes, no further query). Default true.
   */
  annexes?: boolean;
}

/** A FigureSource over summed trees (nothing printed blank: a sum is a figure). */
function treeSource(format: TemplateYear, tree: unknown): FigureSource {
  return {
    format,
    get: (p) => {
      const v = getPath(tree, p);
      return v == null ? null : Number(v);
    },
    blank: () => false,
  };
}

const KIND_ZH: Record<string, string> = { GOVERNMENT: "人民政府", GENERAL_OFFICE: "政府办公室", DEPARTMENT: "部门", TOWNSHIP: "乡镇（街道）", OTHER: "其他" };
const FINDINGS_CAP = 500;
const REPORTERS_CAP = 5000;

/** The reports a region sum covers (current, non-aggregate, template, in the region), as regionSums selects them. */
function coveredWhere(req: RegionRequest): { sql: string; params: unknown[] } {
  const region = req.includeSubregions === false ? { sql: "r.regionCode = ?", param: req.regionCode } : { sql: "r.regionCode LIKE ?", param: `${regionPrefix(req.regionCode)}%` };
  const kinds = req.agencyKinds?.length ? ` AND a.kind IN (${req.agencyKinds.map(() => "?").join(", ")})` : "";
  return {
    sql: `r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0 AND r.format <> 'legacy' AND ${region.sql}${kinds}`,
    params: [req.year, region.param, ...(req.agencyKinds ?? [])],
  };
}

/**
 * Tables 二 (once per template present), 三 and 四 of a region's sums. `reporters` names the
 * agencies of each template in a mixed region's caption; null leaves the names out.
 */
function regionTables(stats: any, scope: any, formats: TemplateYear[], reportCount: number, incomplete: number, year: number, reporters: Array<{ name: string; format: string }> | null): TableLayout[] {
  const mixed = formats.length > 1;
  const tables: TableLayout[] = [];
  for (const p of new RegionStatisticsResolver().proactive({ scope })) {
    const t = p.template as TemplateYear;
    const names = (reporters ?? []).filter((r) => r.format === t).map((r) => r.name);
    const caption = `第二部分按模板分别汇总（两种模板的第二部分口径不同，不可相加）：本表为按${TEMPLATE_NAME[t]}填报的 ${p.reportCount} 份报告之和` +
      (mixed && reporters ? `，涉及：${names.slice(0, 40).join("、")}${names.length > 40 ? `等 ${names.length} 个机关` : ""}。` : "。");
    tables.push(proactiveTable(treeSource(t, { proactive: p.proactive2019 ?? p.proactive2021 }), caption));
  }
  // Section 三 in the 2019 layout when any summed report used it: its single （六）其他处理 row holds
  // the 2019 row plus the three 2021 rows, exactly as regionStatistics' outcomes.other sums them.
  const layout: TemplateYear = formats.includes("2019") ? "2019" : formats.includes("2021") || year >= 2021 ? "2021" : "2019";
  const sums = treeSource(layout, { applications: stats.applications, reviewLitigation: stats.reviewLitigation });
  const sumCaption = `${reportCount} 份报告之和（不含汇总报告）${incomplete ? `；其中 ${incomplete} 份有无法识读的单元格，按0计入，合计偏小` : ""}` +
    (mixed && layout === "2019" ? "；两种模板并存，（六）其他处理为2019年模板该行与2021年模板三个细项之和" : "");
  tables.push(applicationsTable(sums, sumCaption), reviewTable(sums, sumCaption));
  return tables;
}

/**
 * The region's 汇总 draft: tables 三 and 四 summed as `regionStatistics` sums them (aggregate reports
 * left out), table 二 once per template present (their figures are not comparable), then the
 * coverage annex, the X4 differences with the region's own aggregate report and the findings on
 * the summed reports' sections 三 and 四.
 */
export async function regionDocument(ds: DataSource, req: RegionRequest, config?: Config): Promise<RenderDoc> {
  if (!isRegionCode(req.regionCode)) throw new RenderInputError("region", `"${req.regionCode}" is not a GB/T 2260 code (6 or 12 digits)`);
  if (!Number.isInteger(req.year) || req.year < 2019 || req.year > 2100) throw new RenderInputError("year", `must be a report year from 2019 (the first national template), got ${req.year}`);
  const ctx = contextFor(ds, config);
  const includeSubregions = req.includeSubregions ?? true;
  const stats = await new RegionStatisticsResolver()
    .regionStatistics(ctx, req.regionCode, req.year, includeSubregions, (req.agencyKinds ?? undefined) as any)
    .catch(asInputError);
  const { scope } = stats;
  const parts = scope.parts.filter((p) => p.format !== "legacy");
  const formats = parts.map((p) => p.format as TemplateYear);
  const reportCount = parts.reduce((s, p) => s + p.reportCount, 0);
  const incomplete = parts.reduce((s, p) => s + p.incompleteCount, 0);
  const regionName = stats.region.name;
  const title = `${regionName}${req.year}年政府信息公开工作年度报告（汇总稿）`;
  const baseMeta: Array<[string, string]> = [
    ["区划", `${req.regionCode} ${regionName}${includeSubregions ? "（含下级区划）" : "（仅本级）"}`],
    ["年度", String(req.year)],
    ["模板", formats.length ? formats.map((f) => TEMPLATE_NAME[f]).join("；") : "—"],
    ["机关类型", req.agencyKinds?.length ? req.agencyKinds.map((k) => KIND_ZH[k] ?? k).join("、") : "全部"],
    ["来源", "各机关当年现行版本报告（gongkai 数据库），与 regionStatistics 同一口径"],
  ];
  const fileStem = `${req.year}-${regionName}-汇总稿`;
  const before = [{ heading: "一、总体情况", text: `（文字描述）本区划${req.year}年共收到政府信息公开申请${(stats.applications as any).newReceived.total}件。` }];
  const after = [{ heading: "五、存在的主要问题及改进情况", text: "（文字描述）" }, { heading: "六、其他需要报告的事项", text: "（文字描述，收取信息处理费情况在此处报告。）" }];
  if (req.annexes === false) {
    return {
      title, meta: [...baseMeta, ["覆盖", `已报告 ${reportCount} 个机关（名单、未报告机关、X4 与问题附表见完整汇总稿）`]],
      before, tables: regionTables(stats, scope, formats, reportCount, incomplete, req.year, null), after, annexes: [], fileStem,
    };
  }
  const where = coveredWhere({ ...req, includeSubregions });
  // Everything else the draft holds depends only on the scope: asked for at once (on MariaDB/MySQL
  // the queries run side by side on the pool instead of one round trip after another).
  const coverage = new CoverageResolver();
  const [reporters, missing, missingCount, excluded, excludedCount, x4, findings]: [any[], any[], number, any[], number, any, any[]] = await Promise.all([
    ds.query(
      `SELECT a.id AS id, a.name AS name, a.kind AS kind, r.regionCode AS regionCode, g.name AS regionName, r.format AS format, r.id AS reportId, r.revision AS revision, r.hasUnreadableCells AS incomplete
       FROM report r JOIN agency a ON a.id = r.agencyId LEFT JOIN region g ON g.code = r.regionCode WHERE ${where.sql} ORDER BY r.regionCode, a.kind, a.name LIMIT ${REPORTERS_CAP + 1}`,
      where.params,
    ),
    coverage.missing({ scope }, ctx, MAX_PAGE),
    coverage.missingCount({ scope }, ctx),
    coverage.excludedAggregates({ scope }, ctx, MAX_PAGE),
    coverage.excludedAggregateCount({ scope }, ctx),
    new RegionStatisticsResolver().aggregateComparison({ scope }, ctx),
    ds.query(
      `SELECT a.name AS name, f.rule AS rule, f.severity AS severity, f.path AS path, f.printed AS printed, f.computed AS computed, f.message AS message
       FROM finding f JOIN report r ON r.id = f.reportId JOIN agency a ON a.id = r.agencyId
       WHERE ${where.sql} AND (f.path LIKE 'applications.%' OR f.path LIKE 'reviewLitigation.%') ORDER BY a.name, f.rule, f.id LIMIT ${FINDINGS_CAP + 1}`,
      where.params,
    ),
  ]);
  const tables = regionTables(stats, scope, formats, reportCount, incomplete, req.year, reporters);
  const annexes: SimpleTable[] = [];
  annexes.push({
    heading: "附表一：报送情况（已报告机关）",
    note: `${reporters.length > REPORTERS_CAP ? `前 ${REPORTERS_CAP} 个，共 ${reportCount}` : reportCount} 个机关的当年现行报告计入合计；未计入的汇总报告 ${excludedCount} 份${excluded.length ? `（${excludedCount > excluded.length ? `前 ${excluded.length} 份：` : ""}${excluded.map((r: any) => r.printedAgencyName).join("、")}）` : ""}。`,
    columns: ["机关", "类型", "区划代码", "区划", "模板", "版本", "报告编号", "无法识读单元格"],
    rows: reporters.slice(0, REPORTERS_CAP).map((r) => [r.name, KIND_ZH[r.kind] ?? r.kind, r.regionCode, r.regionName, r.format, Number(r.revision), Number(r.reportId), Number(r.incomplete) === 1 ? "有" : ""]),
  });
  annexes.push({
    heading: "附表二：未报告机关",
    note: `共 ${missingCount} 个已登记机关当年无报告${missingCount > missing.length ? `，列出 ${missing.length} 个（上年已报告的在前）` : ""}。`,
    columns: ["机关", "类型", "区划代码", "上年是否报告"],
    rows: missing.map((m: any) => [m.agency.name, KIND_ZH[m.agency.kind] ?? m.agency.kind, m.agency.regionCode, m.reportedPreviousYear ? "是" : "否"]),
  });
  annexes.push({
    heading: "附表三：上年报告、本年未报告的机关",
    columns: ["机关", "类型", "区划代码"],
    rows: missing.filter((m: any) => m.reportedPreviousYear).map((m: any) => [m.agency.name, KIND_ZH[m.agency.kind] ?? m.agency.kind, m.agency.regionCode]),
  });
  const label = new Map(CELLS.map((c) => [c.path, c.zh]));
  annexes.push({
    heading: "附表四：与本级汇总报告的差异（X4）",
    note: x4 ? `本级汇总报告：${x4.report?.printedAgencyName ?? ""}（编号 ${x4.report?.id ?? ""}）；${x4.matches ? "第三、四部分与各机关报告之和完全一致。" : `${x4.differences.length} 个单元格不一致。`}` : "本区划当年没有本级汇总报告。",
    columns: ["单元格", "路径", "汇总报告所填", "各机关之和", "差额"],
    rows: (x4?.differences ?? []).map((d: any) => [label.get(d.path) ?? d.path, d.path, d.reported, d.computed, d.difference]),
  });
  annexes.push({
    heading: "附表五：影响合计的问题（各机关报告第三、四部分的勾稽问题）",
    note: findings.length > FINDINGS_CAP ? `列出前 ${FINDINGS_CAP} 条。` : `${findings.length} 条。`,
    columns: ["机关", "规则", "级别", "单元格", "所填", "计算", "说明"],
    rows: findings.slice(0, FINDINGS_CAP).map((f) => [f.name, f.rule, f.severity, label.get(f.path) ?? f.path, f.printed == null ? null : Number(f.printed), f.computed == null ? null : Number(f.computed), f.message]),
  });

  return {
    title, meta: [...baseMeta, ["覆盖", `已报告 ${reportCount} 个机关，未报告 ${missingCount} 个，汇总报告 ${excludedCount} 份未计入`]],
    before, tables, after, annexes, fileStem,
  };
}

/**
 * Agencies × years: the official cells as rows (sections 三 and 四, then 二 per template), one
 * column per agency-year, then the change between consecutive years of each agency, or why it is
 * not comparable (no report; a section 二 cell across templates).
 */
export async function compareDocument(ds: DataSource, agencyIds: number[], years: number[]): Promise<RenderDoc> {
  if (!agencyIds.length || agencyIds.length > 20) throw new RenderInputError("agencies", "give 1 to 20 agency ids");
  if (!years.length || years.length > 15) throw new RenderInputError("years", "give 1 to 15 years");
  const sortedYears = [...new Set(years)].sort((a, b) => a - b);
  const agencies: any[] = await ds.query(`SELECT id, name FROM agency WHERE id IN (${agencyIds.map(() => "?").join(", ")})`, agencyIds);
  const byId = new Map(agencies.map((a) => [Number(a.id), a.name as string]));
  const unknown = agencyIds.filter((id) => !byId.has(id));
  if (unknown.length) throw new RenderInputError("agencies", `no agency ${unknown.join(", ")}`);
  const rows = await new ComparisonService(ds).agencyYearValues(agencyIds, sortedYears);
  const at = new Map(rows.map((r) => [`${r.agencyId}:${r.year}`, r]));
  const columns = ["单元格", "路径", "模板"];
  const keys: Array<{ id: number; year: number }> = [];
  for (const id of agencyIds) for (const year of sortedYears) {
    keys.push({ id, year });
    columns.push(`${byId.get(id)} ${year}`);
  }
  const changes: Array<{ id: number; from: number; to: number }> = [];
  for (const id of agencyIds) for (let i = 1; i < sortedYears.length; i++) {
    changes.push({ id, from: sortedYears[i - 1], to: sortedYears[i] });
    columns.push(`${byId.get(id)} ${sortedYears[i - 1]}→${sortedYears[i]} 变化`);
  }
  const valueOf = (id: number, year: number, cell: (typeof CELLS)[number]): number | null | undefined => {
    const r = at.get(`${id}:${year}`);
    if (!r || (cell.scope !== "both" && cell.scope !== r.format)) return undefined;
    const v = r.values[cell.column];
    return v == null ? null : cell.kind === "money" ? v / cell.scale : v;
  };
  const ordered = [...CELLS.filter((c) => c.section !== "proactive" && c.scope === "both"), ...CELLS.filter((c) => c.section === "proactive" || c.scope !== "both")];
  const table: SimpleTable = {
    heading: "年度对比",
    note: "“—”：该年无报告或该模板无此单元格；“？”：原报告无法识读；“不可比”：缺报告、无法识读或跨模板的第二部分单元格。",
    columns,
    rows: ordered.map((cell) => [
      cell.zh, cell.path, cell.scope === "both" ? "两种模板" : `${cell.scope}年模板`,
      ...keys.map(({ id, year }) => {
        const v = valueOf(id, year, cell);
        return v === undefined ? "—" : v === null ? "？" : v;
      }),
      ...changes.map(({ id, from, to }) => {
        const a = valueOf(id, from, cell);
        const b = valueOf(id, to, cell);
        const fa = at.get(`${id}:${from}`)?.format;
        const fb = at.get(`${id}:${to}`)?.format;
        if (a == null || b == null || (cell.scope !== "both" && fa !== fb)) return "不可比";
        return Math.round((b - a) * 1e6) / 1e6;
      }),
    ]),
  };
  const title = `政府信息公开工作年度报告对比（${agencyIds.map((id) => byId.get(id)).join("、")}，${sortedYears[0]}–${sortedYears[sortedYears.length - 1]}年）`;
  return {
    title,
    meta: [["机关", agencyIds.map((id) => `${byId.get(id)}（${id}）`).join("、")], ["年度", sortedYears.join("、")], ["来源", "各机关当年现行版本报告（gongkai 数据库）"],
      ["覆盖", `${rows.length} 份报告（共 ${keys.length} 个机关年度）`]],
    before: [], tables: [], after: [], annexes: [table],
    fileStem: `对比-${agencyIds.join("_")}-${sortedYears[0]}-${sortedYears[sortedYears.length - 1]}`,
  };
}
