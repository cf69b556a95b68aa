/**
 * The real published reports shipped in demo/reports (copied from the team's shared fixtures), and
 * how to read them: `<stem>.meta.json` beside a report gives its agency, year and source (read
 * through ingestion/meta, the same path as `gongkai parse` and `import`; without one the report's
 * own title says them); a `.html` is the page as crawled. One file per report: the page where there
 * is one (the better source), else the text, else the file as published (a PDF or Word document).
 */
import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { projectRoot } from "../shared/paths";
import { ParseOptions, stripFixtureHeader } from "../ingestion/parse";
import { parseInSandbox, stopSandboxes } from "../ingestion/sandbox";
import { ImportLimits, loadConfig } from "../config";
import { readMetaFor, ReportMeta } from "../ingestion/meta";
import { ImportResult, ImportService } from "../ingestion/import.service";
import { RegionService } from "../modules/region/region.service";

export const DEMO_DIR = path.join(projectRoot(), "demo", "reports");

export interface DemoReport {
  stem: string;
  file: string;
  /** Text (a page or a text file) or the published file's bytes (PDF, Word). */
  content: string | Buffer;
  meta: ReportMeta;
}

/** The kinds of file a shipped report comes as, the preferred first. */
const PREFERRED = ["html", "txt", "pdf", "docx"] as const;

export function demoReports(dir = DEMO_DIR): DemoReport[] {
  const files = fs.readdirSync(dir);
  const stems = new Set(files.flatMap((f) => PREFERRED.filter((ext) => f.endsWith(`.${ext}`)).map((ext) => f.slice(0, -ext.length - 1))));
  const out: DemoReport[] = [];
  for (const stem of [...stems].sort()) {
    const ext = PREFERRED.find((e) => files.includes(`${stem}.${e}`))!;
    const file = `${stem}.${ext}`;
    const full = path.join(dir, file);
    const { meta } = readMetaFor(full);
    const content = ext === "txt" ? stripFixtureHeader(fs.readFileSync(full, "utf8")).body : ext === "html" ? fs.readFileSync(full, "utf8") : fs.readFileSync(full);
    out.push({ stem, file, content, meta });
  }
  return out;
}

/**
 * Regions, then every shipped report through the real import pipeline. Idempotent. Tests may skip
 * the 41 000 townships; `copyThreshold` is the configured N1 threshold (GONGKAI_N1_THRESHOLD), as
 * for any other import. A published file (PDF, Word) is read in the bounded reader process, as the
 * API and `import --jobs` read one (`limits`: the configured ones by default).
 */
export async function loadDemo(ds: DataSource, options: { townships?: boolean; copyThreshold?: number; limits?: ImportLimits } = {}): Promise<ImportResult[]> {
  await new RegionService(ds).seed({ townships: options.townships });
  const service = new ImportService(ds);
  const limits = options.limits ?? loadConfig().importLimits;
  const results: ImportResult[] = [];
  let sandboxed = false;
  try {
    for (const r of demoReports()) {
      sandboxed ||= typeof r.content !== "string";
      results.push(await service.importContent(r.content, {
        fileName: r.file, ...r.meta, importedBy: "demo", copyThreshold: options.copyThreshold,
        ...(typeof r.content === "string" ? {} : { parse: (content: Buffer | string, o: ParseOptions) => parseInSandbox(content, o, limits) }),
      }));
    }
  } finally {
    // The reader it started is not kept warm: its pipes would keep a command (or a test) from ending.
    if (sandboxed) stopSandboxes();
  }
  return results;
}
