/**
 * Loads a generated province (demo/generate.ts) through the store's bulk writer: regions, agencies
 * with the generator's kinds and parents, then every report checked by the same rules as an import
 * (R1–R6, T1, and X1–X3 across years) with its canonical JSON stored as its source text, so each
 * generated report is stored exactly as importing that JSON would store it.
 */
import type { DataSource } from "typeorm";
import { checkReport } from "../ingestion/rules";
import { CROSS_YEAR_CHECKER } from "../ingestion/import.service";
import { insertAgencies, insertRegions, maxId, writeReports } from "../store/bulk-writer";
import type { SourceInput } from "../store/rows";
import type { GeneratedReport, Province } from "./generate";

export const GENERATED_PARSER_VERSION = "generated";

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
      yield { report: g.report, agency: agencies[g.agencyKey - 1], source };
    }
  }
  const stats = await writeReports(ds, items(), { crossYear: CROSS_YEAR_CHECKER, onProgress });
  return { regions, agencies: agencies.length, reports: stats.reports, findings: stats.findings, seconds: (Date.now() - started) / 1000 };
}
