/**
 * Parser accuracy over every report file with hand-read figures: cells exact, null (unreadable,
 * explained) and wrong (a number that differs from the hand-read one — must stay 0), and how many
 * exact cells were settled by evidence. Reads demo/reports (.txt with its header, .html, .pdf) and
 * the renderings in test/fixtures (pdftotext -layout, Chromium innerText).
 *
 * With --import it also imports every input, in the same order, into an empty in-memory database
 * through the import pipeline and scores what each import stores: there the evidence already
 * stored (the same agency's neighbouring years, an earlier rendering of the same report) can settle
 * cells that the file alone leaves null.
 *
 *   npm run build && node dist/bench/parser-accuracy.js [--import] [--json]
 */
import fs from "node:fs";
import path from "node:path";
import { parseInput, stripFixtureHeader } from "../src/ingestion/parse";
import { cellsOf } from "../src/domain/cells";
import { getPath } from "../src/domain/report-json";
import { projectRoot } from "../src/shared/paths";
import { openDataSource } from "../src/db/data-source";
import { RegionService } from "../src/modules/region/region.service";
import { ImportService } from "../src/ingestion/import.service";
import type { CanonicalReport } from "../src/domain/report-json";

interface Row {
  file: string;
  exact: number;
  nulls: number;
  wrong: number;
  settled: number;
  wrongCells: string[];
}

const root = projectRoot();
const REPORTS = path.join(root, "demo", "reports");
const RENDERINGS = path.join(root, "test", "fixtures");

/** Each input with the expected JSON it must reproduce (a rendering whose cells differ on purpose is left out). */
function inputs(): Array<{ file: string; content: Buffer | string; options: Record<string, unknown>; expected: any }> {
  const out: Array<{ file: string; content: Buffer | string; options: Record<string, unknown>; expected: any }> = [];
  for (const file of fs.readdirSync(REPORTS).sort()) {
    const m = /^(.*)\.(txt|html|pdf)$/.exec(file);
    if (!m) continue;
    const expected = JSON.parse(fs.readFileSync(path.join(REPORTS, `${m[1]}.expected.json`), "utf8"));
    if (m[2] === "txt") {
      const { body, meta } = stripFixtureHeader(fs.readFileSync(path.join(REPORTS, file), "utf8"));
      out.push({ file, content: body, options: { fileName: file, agency: meta.agency, year: Number(meta.year) }, expected });
    } else out.push({ file, content: fs.readFileSync(path.join(REPORTS, file)), options: { fileName: file }, expected });
  }
  for (const file of fs.existsSync(RENDERINGS) ? fs.readdirSync(RENDERINGS).sort() : []) {
    const m = /^(\d{4}-[a-z]+-[a-z]+)\.(layout|innertext)\.txt$/.exec(file);
    if (!m) continue;
    const expected = JSON.parse(fs.readFileSync(path.join(REPORTS, `${m[1]}.expected.json`), "utf8"));
    out.push({ file: `test/fixtures/${file}`, content: fs.readFileSync(path.join(RENDERINGS, file), "utf8"), options: { fileName: file, agency: expected.agency, year: expected.year }, expected });
  }
  return out;
}

/** Scores one reading against the hand-read figures. */
function score(file: string, report: CanonicalReport, expected: any): Row {
  const row: Row = { file, exact: 0, nulls: 0, wrong: 0, settled: 0, wrongCells: [] };
  for (const cell of cellsOf(expected.format)) {
    const got = getPath(report, cell.path);
    const want = getPath(expected, cell.path);
    if (got === null) row.nulls++;
    else if (got === want) {
      row.exact++;
      if (typeof report.ambiguousCells[cell.path] === "object") row.settled++;
    } else {
      row.wrong++;
      row.wrongCells.push(`${cell.path}: ${String(got)} (hand-read ${String(want)})`);
    }
  }
  return row;
}

/** Each input imported in turn into one empty database; scores the canonical JSON each import stored. */
export async function measureImported(): Promise<Row[]> {
  const ds = await openDataSource({ kind: "sqlite", location: ":memory:" });
  try {
    await new RegionService(ds).seed({ townships: false });
    const service = new ImportService(ds);
    const rows: Row[] = [];
    for (const input of inputs()) {
      const result = await service.importContent(input.content, { ...input.options, importedBy: "bench" });
      if (!result.canonical) throw new Error(`${input.file}: ${result.status} ${result.reason ?? ""}`);
      rows.push(score(input.file, result.canonical, input.expected));
    }
    return rows;
  } finally {
    await ds.destroy();
  }
}

export async function measure(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const input of inputs()) {
    const { report } = await parseInput(input.content, input.options);
    rows.push(score(input.file, report, input.expected));
  }
  return rows;
}

function table(rows: Row[]): string[] {
  const total = rows.reduce((t, r) => ({ exact: t.exact + r.exact, nulls: t.nulls + r.nulls, wrong: t.wrong + r.wrong, settled: t.settled + r.settled }), { exact: 0, nulls: 0, wrong: 0, settled: 0 });
  const lines = ["| file | exact | null | wrong | settled by evidence |", "|---|---:|---:|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.file} | ${r.exact} | ${r.nulls} | ${r.wrong} | ${r.settled} |`);
  const cells = total.exact + total.nulls + total.wrong;
  lines.push(`| **all ${rows.length} inputs** | ${total.exact} (${((100 * total.exact) / cells).toFixed(2)}%) | ${total.nulls} | ${total.wrong} | ${total.settled} |`);
  for (const r of rows) for (const w of r.wrongCells) lines.push(`wrong: ${r.file} ${w}`);
  return lines;
}

async function main() {
  const parsed = await measure();
  const imported = process.argv.includes("--import") ? await measureImported() : null;
  if (process.argv.includes("--json")) {
    process.stdout.write(JSON.stringify(imported ? { parsed, imported } : parsed, null, 2) + "\n");
    return;
  }
  const lines = ["Each file parsed alone:", "", ...table(parsed)];
  if (imported) lines.push("", "Each file as the import stored it (all inputs imported in this order into one empty database):", "", ...table(imported));
  process.stdout.write(lines.join("\n") + "\n");
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
