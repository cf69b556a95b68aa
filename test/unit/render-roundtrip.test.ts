import { parseInput } from "../../src/ingestion/parse";
import { cellsOf } from "../../src/domain/cells";
import { CanonicalReport, getPath } from "../../src/domain/report-json";
import { reportDocument } from "../../src/render/document";
import { renderHtml } from "../../src/render/html";
import { renderCsv } from "../../src/render/csv";
import { renderXlsx } from "../../src/render/xlsx";
import { renderAs } from "../../src/render/output";
import { fixtures } from "../helpers/fixtures";
import { buildProvince, prng, SIZES } from "../../src/demo/generate";

type Format = "html" | "xlsx" | "csv";

async function render(report: CanonicalReport, format: Format): Promise<Buffer> {
  const doc = reportDocument(report);
  if (format === "html") return Buffer.from(renderHtml(doc), "utf8");
  if (format === "csv") return Buffer.from(renderCsv(doc), "utf8");
  return renderXlsx(doc);
}

/** Cells that differ between a report and its parsed rendering: value and blank-ness, per path. */
export function differences(want: CanonicalReport, got: CanonicalReport): string[] {
  const out: string[] = [];
  if (got.format !== want.format) return [`format ${want.format} → ${got.format}`];
  const wantBlank = new Set(want.blankCells);
  const gotBlank = new Set(got.blankCells);
  for (const cell of cellsOf(want.format)) {
    const a = getPath(want, cell.path);
    const b = getPath(got, cell.path);
    if (a !== b) out.push(`${cell.path}: ${a} → ${b}`);
    else if (wantBlank.has(cell.path) !== gotBlank.has(cell.path)) out.push(`${cell.path}: blank ${wantBlank.has(cell.path)} → ${gotBlank.has(cell.path)}`);
  }
  return out;
}

const FORMATS: Format[] = ["html", "xlsx", "csv"];

describe.each(FORMATS)("round trip through %s", (format) => {
  it.each(fixtures().filter((f) => f.kind === "txt").map((f) => [f.stem, f] as const))("%s: same cells, blank as blank", async (_stem, f) => {
    const want = { blankCells: [], ...f.expected } as CanonicalReport;
    const bytes = await render(want, format);
    const { report } = await parseInput(bytes, { fileName: `r.${format}` });
    expect(report.agency).toBe(want.agency);
    expect(report.year).toBe(want.year);
    expect(differences(want, report)).toEqual([]);
  });
});

/**
 * Generated reports (both templates, aggregates included), with a random third of their zero cells
 * marked as printed blank. GONGKAI_ROUNDTRIP_N sets how many (default 100; the bar is 1,000).
 */
function generatedReports(n: number): CanonicalReport[] {
  const rand = prng(11);
  const all = [...buildProvince({ ...SIZES.small, seed: 3 }).reports()].map((g) => g.report);
  // Every k-th report, so the sample spans all years (both templates) and aggregates.
  const step = Math.max(1, Math.floor(all.length / n));
  const out = all.filter((_, i) => i % step === 0).slice(0, n);
  for (const r of out) r.blankCells = cellsOf(r.format).filter((c) => getPath(r, c.path) === 0 && rand() < 0.33).map((c) => c.path);
  return out;
}

describe("round trip of generated reports", () => {
  const n = Number(process.env.GONGKAI_ROUNDTRIP_N ?? 100);
  const reports = generatedReports(n);
  it(`${n} reports through html, xlsx and csv: 0 wrong cells`, async () => {
    const wrong: string[] = [];
    let cells = 0;
    const templates = new Set<string>();
    for (const want of reports) {
      templates.add(want.format);
      for (const format of FORMATS) {
        const { report } = await parseInput(await render(want, format), { fileName: `g.${format}` });
        cells += cellsOf(want.format).length;
        for (const d of differences(want, report)) wrong.push(`${want.agency} ${want.year} ${format}: ${d}`);
      }
    }
    expect(templates).toEqual(new Set(["2019", "2021"]));
    expect(reports.length).toBe(n);
    expect(cells).toBeGreaterThan(n * 3 * 190);
    expect(wrong.slice(0, 20)).toEqual([]);
  }, Math.max(60_000, n * 1_500));
});

describe("round trip through docx (mammoth reads the merges back)", () => {
  it.each(fixtures().filter((f) => f.kind === "txt").map((f) => [f.stem, f] as const))("%s", async (_stem, f) => {
    const want = { blankCells: [], ...f.expected } as CanonicalReport;
    const { report } = await parseInput(await renderAs(reportDocument(want), "docx"), { fileName: "r.docx" });
    expect(differences(want, report)).toEqual([]);
  });
});
