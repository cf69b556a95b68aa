/**
 * The real published reports shipped in demo/reports (copied from the team's shared fixtures), and
 * how to read them: `<stem>.meta.json` beside each report gives its agency, year and source (read
 * through ingestion/meta, the same path as `gongkai parse` and `import`); a `.html` is the page as
 * crawled. Where both exist for one report, the page is the better source.
 */
import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { projectRoot } from "../shared/paths";
import { stripFixtureHeader } from "../ingestion/parse";
import { readMetaFor, ReportMeta } from "../ingestion/meta";
import { ImportResult, ImportService } from "../ingestion/import.service";
import { RegionService } from "../modules/region/region.service";

export const DEMO_DIR = path.join(projectRoot(), "demo", "reports");

export interface DemoReport {
  stem: string;
  file: string;
  content: string;
  meta: ReportMeta;
}

export function demoReports(dir = DEMO_DIR): DemoReport[] {
  const files = fs.readdirSync(dir);
  const out: DemoReport[] = [];
  for (const file of files.filter((f) => f.endsWith(".txt")).sort()) {
    const stem = file.replace(/\.txt$/, "");
    const { body } = stripFixtureHeader(fs.readFileSync(path.join(dir, file), "utf8"));
    const { meta } = readMetaFor(path.join(dir, files.includes(`${stem}.html`) ? `${stem}.html` : file));
    if (files.includes(`${stem}.html`)) {
      out.push({ stem, file: `${stem}.html`, content: fs.readFileSync(path.join(dir, `${stem}.html`), "utf8"), meta });
    } else {
      out.push({ stem, file, content: body, meta });
    }
  }
  return out;
}

/** Regions, then every shipped report through the real import pipeline. Idempotent. Tests may skip the 41 000 townships;
 * `copyThreshold` is the configured N1 threshold (GONGKAI_N1_THRESHOLD), as for any other import. */
export async function loadDemo(ds: DataSource, options: { townships?: boolean; copyThreshold?: number } = {}): Promise<ImportResult[]> {
  await new RegionService(ds).seed({ townships: options.townships });
  const service = new ImportService(ds);
  const results: ImportResult[] = [];
  for (const r of demoReports()) {
    results.push(await service.importContent(r.content, {
      fileName: r.file, ...r.meta, importedBy: "demo", copyThreshold: options.copyThreshold,
    }));
  }
  return results;
}
