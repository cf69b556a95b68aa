import fs from "node:fs";
import path from "node:path";
import { stripFixtureHeader } from "../../src/ingestion/parse";

export const REPORTS_DIR = path.join(__dirname, "..", "..", "demo", "reports");

export interface Fixture {
  stem: string;
  file: string;
  kind: "txt" | "html";
  /** Report text (fixture header stripped) or the HTML page. */
  content: string;
  meta: Record<string, string>;
  expected: any;
}

/** Every shipped report input: each .txt and each .html, with its hand-read expected JSON. */
export function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const file of fs.readdirSync(REPORTS_DIR).sort()) {
    const m = /^(.*)\.(txt|html)$/.exec(file);
    if (!m) continue;
    const expected = JSON.parse(fs.readFileSync(path.join(REPORTS_DIR, `${m[1]}.expected.json`), "utf8"));
    const raw = fs.readFileSync(path.join(REPORTS_DIR, file), "utf8");
    const txt = stripFixtureHeader(fs.readFileSync(path.join(REPORTS_DIR, `${m[1]}.txt`), "utf8"));
    out.push({ stem: m[1], file, kind: m[2] as "txt" | "html", content: m[2] === "txt" ? txt.body : raw, meta: txt.meta, expected });
  }
  return out;
}

export function fixture(stem: string, kind: "txt" | "html" = "txt"): Fixture {
  const f = fixtures().find((x) => x.stem === stem && x.kind === kind);
  if (!f) throw new Error(`no fixture ${stem}.${kind}`);
  return f;
}

export const TEST_FIXTURES_DIR = path.join(__dirname, "..", "fixtures");

/** Every shipped PDF report (no `.txt`: the PDF is the input), with its hand-read expected JSON. */
export function pdfFixtures(): Array<{ stem: string; file: string; path: string; expected: any }> {
  return fs.readdirSync(REPORTS_DIR).filter((f) => f.endsWith(".pdf")).sort().map((file) => {
    const stem = file.replace(/\.pdf$/, "");
    return { stem, file, path: path.join(REPORTS_DIR, file), expected: JSON.parse(fs.readFileSync(path.join(REPORTS_DIR, `${stem}.expected.json`), "utf8")) };
  });
}
