/**
 * Parser accuracy over every report file with hand-read figures: cells exact, null (unreadable,
 * explained) and wrong (a number that differs from the hand-read one — must stay 0), and how many
 * exact cells were settled by evidence. Reads demo/reports (.txt with its header, .html, .pdf) and
 * the renderings in test/fixtures (pdftotext -layout, Chromium innerText).
 *
 *   npm run build && node dist/bench/parser-accuracy.js [--json]
 */
import fs from "node:fs";
import path from "node:path";
import { parseInput, stripFixtureHeader } from "../src/ingestion/parse";
import { cellsOf } from "../src/domain/cells";
import { getPath } from "../src/domain/report-json";
import { projectRoot } from "../src/shared/paths";

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

export async function measure(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const input of inputs()) {
    const { report } = await parseInput(input.content, input.options);
    const row: Row = { file: input.file, exact: 0, nulls: 0, wrong: 0, settled: 0, wrongCells: [] };
    for (const cell of cellsOf(input.expected.format)) {
      const got = getPath(report, cell.path);
      const want = getPath(input.expected, cell.path);
      if (got === null) row.nulls++;
      else if (got === want) {
        row.exact++;
        if (typeof report.ambiguousCells[cell.path] === "object") row.settled++;
      } else {
        row.wrong++;
        row.wrongCells.push(`${cell.path}: ${String(got)} (hand-read ${String(want)})`);
      }
    }
    rows.push(row);
  }
  return rows;
}

async function main() {
  const rows = await measure();
  if (process.argv.includes("--json")) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    return;
  }
  const total = rows.reduce((t, r) => ({ exact: t.exact + r.exact, nulls: t.nulls + r.nulls, wrong: t.wrong + r.wrong, settled: t.settled + r.settled }), { exact: 0, nulls: 0, wrong: 0, settled: 0 });
  const lines = ["| file | exact | null | wrong | settled by evidence |", "|---|---:|---:|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.file} | ${r.exact} | ${r.nulls} | ${r.wrong} | ${r.settled} |`);
  const cells = total.exact + total.nulls + total.wrong;
  lines.push(`| **all ${rows.length} inputs** | ${total.exact} (${((100 * total.exact) / cells).toFixed(2)}%) | ${total.nulls} | ${total.wrong} | ${total.settled} |`);
  for (const r of rows) for (const w of r.wrongCells) lines.push(`wrong: ${r.file} ${w}`);
  process.stdout.write(lines.join("\n") + "\n");
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
