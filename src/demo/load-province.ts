/**
 * Loads a generated province (demo/generate.ts) through the import's batch writer: regions, agencies
 * with the generator's kinds and parents, then every report checked by the same rules as an import
 * (R1–R6, T1, and X1–X3 across years) with its canonical JSON stored as its source text, so each
 * generated report is stored exactly as importing that JSON would store it.
 */
import type { DataSource } from "typeorm";
import { checkReport } from "../ingestion/rules";
import { CROSS_YEAR_CHECKER } from "../ingestion/import.service";
import { insertAgencies, insertRegions, maxId, writeReports } from "../store/bulk-writer";
import type { SourceInput } from "../store/rows";
import { recordEvents } from "../store/events";
import { isSqlite } from "../store/sql";
import type { GeneratedReport, Province } from "./generate";

export const GENERATED_PARSER_VERSION = "generated";

/** The tables a generated load fills that the read side plans over. */
const ANALYZED = ["agency", "agency_name", "report", "report_figures", "report_metric", "stat_summary", "finding", "finding_key", "finding_count",
  "finding_region", "metric_count", "coverage_key", "coverage_count", "aggregate_key", "narrative_token", "narrative_section", "narrative_term"];

export interface LoadStats {
  regions: number;
  agencies: number;
  reports: number;
  findings: number;
  seconds: number;
}

/**
 * Sets the generated report's rule diagnostics (as an import of its JSON would) and returns its
 * canonical JSON as the source to store.
 */
export function checkGenerated(g: GeneratedReport): SourceInput {
  g.report.diagnostics = checkReport(g.report);
  return { content: JSON.stringify(g.report), contentType: "application/json", fileName: null, importedBy: "generator", parserVersion: GENERATED_PARSER_VERSION };
}

export async function loadProvince(ds: DataSource, province: Province, onProgress?: (reports: number) => void): Promise<LoadStats> {
  const started = Date.now();
  const regions = await insertRegions(ds, province.regions);
  const offset = await maxId(ds, "agency");
  const agencies = province.agencies.map((a) => ({ id: a.key + offset, name: a.name, kind: a.kind, regionCode: a.regionCode, parentId: a.parentKey == null ? null : a.parentKey + offset }));
  for (let i = 0; i < agencies.length; i += 500) await ds.transaction((em) => insertAgencies(em, agencies.slice(i, i + 500)));
  function* items() {
    for (const g of province.reports()) {
      const source = checkGenerated(g);
      // The agency just inserted above (a database of generated data only): no lookup by name.
      yield { report: g.report, source, agency: agencies[g.agencyKey - 1] };
    }
  }
  const stats = await writeReports(ds, items(), { crossYear: CROSS_YEAR_CHECKER, onProgress });
  // MariaDB/MySQL: the optimizer's statistics of the tables just filled, now rather than when InnoDB
  // gets round to it — a 100k province queried straight after loading planned compareAgencies on the
  // statistics of its first rows: 48 ms against 15 after ANALYZE (its floor SQL alike, 34 against 7).
  // SQLite keeps planning without statistics, as it always has here. A table ANALYZE cannot read is
  // a row of the answer, not an exception: checked.
  if (!isSqlite(ds)) {
    const answer: Array<Record<string, unknown>> = await ds.query(`ANALYZE TABLE ${ANALYZED.join(", ")}`);
    const failed = answer.filter((r) => String(r.Msg_type ?? r.msg_type ?? "").toLowerCase() === "error");
    if (failed.length) throw new Error(`ANALYZE TABLE failed: ${failed.map((r) => `${String(r.Table)}: ${String(r.Msg_text)}`).join("; ")}`);
  }
  // Written last: a load that stops before this line is seen as interrupted by loadProvinceOnce.
  await recordEvents(ds, [{ reportId: null, agencyId: null, year: null, revision: null, kind: "generation", actor: "generator",
    reason: `示例省: ${agencies.length} agencies, ${stats.reports} reports`, detail: { agencies: agencies.length, reports: stats.reports } }]);
  return { regions, agencies: agencies.length, reports: stats.reports, findings: stats.findings, seconds: (Date.now() - started) / 1000 };
}

export type GenerationState = "empty" | "complete" | "interrupted";

/** Whether the database holds a complete generated load (its marker event), none, or an interrupted one. */
export async function generationState(ds: DataSource): Promise<GenerationState> {
  const marker = await ds.query("SELECT COUNT(*) AS n FROM report_event WHERE kind = 'generation'");
  if (Number(marker[0].n) > 0) return "complete";
  const rows = await ds.query("SELECT (SELECT COUNT(*) FROM report) + (SELECT COUNT(*) FROM agency) AS n");
  return Number(rows[0].n) > 0 ? "interrupted" : "empty";
}

/** Removes every report, agency, summary and read-model row (regions stay): the caller has checked the data is generated. */
export async function clearGenerated(ds: DataSource): Promise<void> {
  await ds.transaction(async (em) => {
    for (const table of [
      "finding_key", "report_metric", "aggregate_key", "narrative_token", "narrative_section", "finding", "report_figures", "report_source", "report_event", "report",
      "finding_count", "finding_region", "metric_count", "narrative_term", "coverage_key", "coverage_count", "coverage_year", "agency_name", "agency", "stat_summary",
    ]) {
      await em.query(`DELETE FROM ${table}`);
    }
  });
}

/**
 * Loads the province unless a complete load is there. An interrupted load (killed, out of space)
 * leaves rows but no marker: they are cleared and the province loaded again, so a re-run always
 * completes. Returns what it did.
 */
export async function loadProvinceOnce(ds: DataSource, province: Province, onProgress?: (reports: number) => void): Promise<{ state: GenerationState; stats: LoadStats | null }> {
  const state = await generationState(ds);
  if (state === "complete") return { state, stats: null };
  if (state === "interrupted") await clearGenerated(ds);
  return { state, stats: await loadProvince(ds, province, onProgress) };
}
