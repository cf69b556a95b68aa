/**
 * The import benchmark's input: a folder of report files as a crawler leaves them, each one read by
 * the real parser (decode → read → extract → rules):
 *
 * - the shipped real reports (demo/reports: text, two HTML pages, one PDF), each once as published;
 * - variants of the real text reports: the same text with the agency's name changed (示例<k>号 in
 *   front, in Chinese numerals as titles print them), so each variant is a new agency with the real report's layout, narrative and figures;
 * - generated reports (src/demo/generate.ts) rendered by src/render into the text a browser's
 *   innerText gives for the official tables (TAB between cells), every agency's years 2019–2025,
 *   so the cross-year rules (X1–X3) and the copied-narrative check (N1) run on most of them.
 *
 * The folder is written once per size and reused (bench/data/import-<n>/). With `realOnly`, the folder
 * (bench/data/import-real-<n>/) holds the real reports and their variants only: real narratives are
 * longer than generated ones (about 1,200 search-index postings a report against 60), and a crawl
 * of published reports stores those.
 */
import fs from "node:fs";
import path from "node:path";
import { buildProvince, Shape, SIZES } from "../src/demo/generate";
import type { CanonicalReport } from "../src/domain/report-json";
import { reportDocument, RenderDoc } from "../src/render/document";
import { projectRoot } from "../src/shared/paths";

export interface Corpus {
  dir: string;
  files: number;
  /** Files by origin. */
  real: number;
  variants: number;
  generated: number;
  bytes: number;
  /** The generated province's shape (its regions are what the generated reports' metadata name). */
  shape: Shape;
}

const REPORTS = path.join(projectRoot(), "demo", "reports");

/** The text of a rendered report as a browser's innerText prints it: headings and paragraphs on lines, table rows as TAB-separated cells. */
export function reportText(doc: RenderDoc): string {
  const lines: string[] = [doc.title];
  const section = (s: { heading: string; text: string }) => {
    if (s.heading) lines.push(s.heading);
    lines.push(...s.text.split(/\n+/).filter((l) => l.trim()));
  };
  for (const s of doc.before) section(s);
  let last = "";
  for (const t of doc.tables) {
    if (t.heading !== last) lines.push(t.heading);
    last = t.heading;
    if (t.caption) lines.push(t.caption);
    for (const row of t.grid) lines.push(row.filter((c) => c !== null).map((c) => c.text).join("\t"));
  }
  for (const s of doc.after) section(s);
  return lines.join("\n") + "\n";
}

const DIGITS = "零一二三四五六七八九";

/** 1–9999 in Chinese numerals (十二, 一百零五): agency names never print Arabic digits. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`${n}: only 1–9999`);
  const units = ["", "十", "百", "千"];
  const digits = String(n).split("").map(Number);
  let out = "";
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) {
      zero = out !== "";
      return;
    }
    if (zero) out += "零";
    zero = false;
    out += (d === 1 && unit === "十" && out === "" ? "" : DIGITS[d]) + unit;
  });
  return out;
}

/** A generated report as published text. */
export function generatedText(report: CanonicalReport): string {
  return reportText(reportDocument(report));
}

/** The text fixtures (stem, body with its `# key: value` header, agency, metadata file). */
function textFixtures(): Array<{ stem: string; text: string; agency: string; meta: Record<string, unknown> }> {
  return fs.readdirSync(REPORTS).filter((f) => f.endsWith(".txt")).sort().map((f) => {
    const text = fs.readFileSync(path.join(REPORTS, f), "utf8");
    const agency = /^# agency: (.+)$/m.exec(text)?.[1]?.trim();
    if (!agency) throw new Error(`${f}: no "# agency:" line`);
    const stem = f.replace(/\.txt$/, "");
    const metaFile = path.join(REPORTS, `${stem}.meta.json`);
    const meta = fs.existsSync(metaFile) ? (JSON.parse(fs.readFileSync(metaFile, "utf8")) as Record<string, unknown>) : {};
    return { stem, text, agency, meta };
  });
}

/** A generated province's shape with at least `n` reports (7 years; 2% of agencies skip a year). */
function shapeFor(n: number): Shape {
  const base = SIZES["10k"];
  // Agencies per county: 2 + departments + townships; per prefecture: 2 + departments (+ the county governments).
  const perCounty = 2 + base.departmentsPerCounty + base.townshipsPerCounty;
  const perPrefecture = 2 + base.departmentsPerPrefecture + base.countiesPerPrefecture * perCounty;
  const perYear = Math.ceil(n / base.years.length / 0.97);
  const prefectures = Math.max(1, Math.ceil(perYear / perPrefecture));
  return { ...base, prefectures, seed: 17 };
}

/**
 * Writes (or finds) a corpus of `n` report files: all real reports, `variantsPer` variants of each
 * real text report, and generated reports for the rest, in the order a yearly crawl meets them.
 */
export function ensureCorpus(n: number, options: { variantsPer?: number; dir?: string; realOnly?: boolean } = {}): Corpus {
  const dir = options.dir ?? path.join(projectRoot(), "bench", "data", options.realOnly ? `import-real-${n}` : `import-${n}`);
  const done = path.join(dir, ".complete.json");
  if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, "utf8")) as Corpus;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  const write = (name: string, content: string | Buffer) => {
    fs.writeFileSync(path.join(dir, name), content);
    bytes += Buffer.byteLength(content);
  };
  let real = 0;
  for (const f of fs.readdirSync(REPORTS).filter((f) => /\.(txt|html|pdf)$/.test(f)).sort()) {
    const stem = f.replace(/\.[^.]+$/, "");
    const meta = path.join(REPORTS, `${stem}.meta.json`);
    // Folders are walked in name order: 0-real/… first, so a variant never precedes its original.
    write(`0-real-${f}`, fs.readFileSync(path.join(REPORTS, f)));
    if (fs.existsSync(meta)) write(`0-real-${stem}.meta.json`, fs.readFileSync(meta));
    real++;
  }
  const texts = textFixtures();
  // realOnly: real report texts only (no generated ones), about `n` files: what a crawl of published reports stores.
  const variantsPer = options.variantsPer ?? (options.realOnly
    ? Math.max(0, Math.ceil((n - real) / Math.max(1, texts.length)))
    : Math.floor((n - real) / 10 / Math.max(1, texts.length)));
  // Variant names count in Chinese numerals up to 9,999 (chineseNumber): checked before the folder fills.
  if (variantsPer > 9999) throw new RangeError(`${n} files need ${variantsPer} variants of each real text; at most 9,999 (about ${9999 * texts.length + real} files)`);
  let variants = 0;
  for (let k = 1; k <= variantsPer; k++) {
    for (const t of texts) {
      const name = `示例${chineseNumber(k)}号${t.agency}`;
      const stem = `1-variant-${String(k).padStart(4, "0")}-${t.stem}`;
      write(`${stem}.txt`, t.text.split(t.agency).join(name));
      // Some titles print the name differently from the metadata: the metadata names the variant, as it does the original.
      write(`${stem}.meta.json`, JSON.stringify({ ...t.meta, agency: name }));
      variants++;
    }
  }
  let generated = 0;
  const want = options.realOnly ? 0 : n - real - variants;
  const shape = shapeFor(want);
  for (const g of buildProvince(shape).reports()) {
    if (generated >= want) break;
    const stem = `2-generated-${String(generated).padStart(7, "0")}`;
    write(`${stem}.txt`, generatedText(g.report));
    // What a crawler knows beside the page: where it came from and the publishing agency's region.
    write(`${stem}.meta.json`, JSON.stringify({ agency: g.report.agency, regionCode: g.report.regionCode, source: `https://example.invalid/${g.agencyKey}/${g.year}.html` }));
    generated++;
  }
  const corpus: Corpus = { dir, files: real + variants + generated, real, variants, generated, bytes, shape };
  fs.writeFileSync(done, JSON.stringify(corpus));
  return corpus;
}
