/**
 * PDF round trip: every shared fixture and N generated reports are rendered as HTML, printed to PDF
 * by headless Chromium (playwright-core driving the system's /usr/bin/chromium, no network), and
 * the PDF is parsed back. Counts the cells compared, the wrong ones (a number that differs) and the
 * nulls (cells the parser could not read from the PDF text: reported, not wrong). A PDF has no cell
 * boundaries, so which zero was printed blank is not compared.
 *
 * `--blank-share` marks that share of a generated report's zero cells as printed blank: a PDF's text
 * does not say where a blank cell was, so those rows test the parser's honesty (null, not a guess).
 *
 *   node dist/bench/render-pdf.js [--generated 100] [--blank-share 0] [--chromium /usr/bin/chromium] [--keep DIR]
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { cellsOf } from "../src/domain/cells";
import { CanonicalReport, getPath } from "../src/domain/report-json";
import { parseInput } from "../src/ingestion/parse";
import { reportDocument } from "../src/render/document";
import { renderHtml } from "../src/render/html";
import { projectRoot } from "../src/shared/paths";
import { buildProvince, prng, SIZES } from "../src/demo/generate";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export interface PdfRoundTrip {
  reports: number;
  cells: number;
  wrong: string[];
  nulls: number;
  pages: number;
  seconds: number;
}

export async function pdfRoundTrip(reports: Array<{ name: string; report: CanonicalReport }>, executablePath: string, keep?: string): Promise<PdfRoundTrip> {
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND"],
  });
  const out: PdfRoundTrip = { reports: 0, cells: 0, wrong: [], nulls: 0, pages: 0, seconds: 0 };
  try {
    const page = await browser.newPage();
    for (const { name, report: want } of reports) {
      await page.setContent(renderHtml(reportDocument(want)), { waitUntil: "load" });
      const pdf = await page.pdf({ format: "A4", printBackground: false, preferCSSPageSize: true });
      if (keep) fs.writeFileSync(path.join(keep, `${name}.pdf`), pdf);
      out.pages += (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      const { report: got } = await parseInput(pdf, { fileName: `${name}.pdf` });
      out.reports++;
      for (const cell of cellsOf(want.format)) {
        out.cells++;
        const a = getPath(want, cell.path);
        const b = getPath(got, cell.path);
        if (b === null && a !== null) out.nulls++;
        else if (a !== b) out.wrong.push(`${name}: ${cell.path} ${a} → ${b}`);
      }
    }
  } finally {
    await browser.close();
  }
  out.seconds = (Date.now() - started) / 1000;
  return out;
}

async function main() {
  const n = Number(arg("generated", "100"));
  const keep = process.argv.includes("--keep") ? arg("keep", "") : undefined;
  if (keep) fs.mkdirSync(keep, { recursive: true });
  const dir = path.join(projectRoot(), "demo", "reports");
  const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith(".expected.json")).sort()
    .map((f) => ({ name: f.replace(".expected.json", ""), report: { blankCells: [], ...JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) } as CanonicalReport }));
  const all = [...buildProvince({ ...SIZES.small, seed: 3 }).reports()].map((g) => g.report);
  const step = Math.max(1, Math.floor(all.length / Math.max(1, n)));
  const rand = prng(11);
  const share = Number(arg("blank-share", "0"));
  const generated = all.filter((_, i) => i % step === 0).slice(0, n).map((r, i) => {
    r.blankCells = cellsOf(r.format).filter((c) => getPath(r, c.path) === 0 && rand() < share).map((c) => c.path);
    return { name: `generated-${i}`, report: r };
  });
  const exe = arg("chromium", "/usr/bin/chromium");
  for (const [label, set] of [["fixtures", fixtures], ["generated", generated]] as const) {
    const r = await pdfRoundTrip(set, exe, keep);
    console.log(`${label}${label === "generated" ? ` (blank share ${share})` : ""}: ${r.reports} reports, ${r.pages} PDF pages, ${r.cells} cells: ${r.wrong.length} wrong, ${r.nulls} null (unreadable from the PDF text), ${r.seconds.toFixed(1)} s`);
    for (const w of r.wrong.slice(0, 20)) console.log(`  wrong: ${w}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
