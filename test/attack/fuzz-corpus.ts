/**
 * The fuzz corpus of issue 9: report files mutated by a seeded mutator, and the oracle each one is
 * held to. Mutant `i` of seed `s` is a pure function of (s, i), so a failure names its seed and index
 * and `mutant(seed, i)` rebuilds the very file (fuzz.test.ts runs the corpus across worker threads).
 *
 * Seeds: the shipped reports (demo/reports: text and HTML pages), the test fixtures' innerText
 * renderings, small HTML pages and .docx files built from the text reports (their tables as real
 * tables), and the shipped PDF. Mutations: byte flips, truncation (also mid-character), slices
 * dropped, duplicated, swapped or repeated, encoding damage (GB18030, UTF-16, BOMs, broken UTF-8),
 * numbers replaced by huge, negative, fractional, 53-bit, full-width or Chinese ones, junk and
 * control characters, nested elements and spans past the limits, lines shuffled, table rows cut,
 * duplicated or merged, headings lost, zip damage inside a .docx (entries corrupted, truncated,
 * directory sizes that lie, document.xml mutated as text).
 *
 * The oracle (`check`): every mutant runs through the same code path as importReport's reader —
 * the prechecks with the configured limits, then parseInput — and must come back as a report or as
 * a ParseError naming the file (never another exception); every figure is a safe integer (money:
 * storable at 0.01 元) or null, the year an integer or null. Where the right answer is known it is
 * checked: a re-encoded file (GB18030, UTF-16, BOM, CRLF) must give exactly the original's figures,
 * and damage confined to the narrative before the tables (no digits touched) must leave each
 * figure as the original printed it or null it — never a different number.
 */
import iconv from "iconv-lite";
import JSZip from "jszip";
import fs from "node:fs";
import path from "node:path";
import type { ImportLimits } from "../../src/config";
import { cellValues, toStoredInteger, type CanonicalReport } from "../../src/domain/report-json";
import { parseInput, ParseError, stripFixtureHeader } from "../../src/ingestion/parse";
import { precheck } from "../../src/ingestion/sandbox";
import { prng } from "../../src/demo/generate";

const ROOT = path.join(__dirname, "..", "..");
const REPORTS = path.join(ROOT, "demo", "reports");
const TEST_FIXTURES = path.join(ROOT, "test", "fixtures");

export type SeedKind = "text" | "html" | "docx" | "pdf";

export interface Seed {
  name: string;
  kind: SeedKind;
  /** Text (text, html) or bytes (docx, pdf). */
  content: string | Buffer;
  meta: { agency?: string; year?: number };
}

export interface Mutant {
  id: string;
  seed: Seed;
  fileName: string;
  content: string | Buffer;
  /** How the mutant was made, for the failure message. */
  ops: string[];
  /** What the oracle may check beyond survival. */
  expect: "same" | "same-or-null" | "survive";
}

/** The generator's seeded PRNG (mulberry32). */
export const rng = prng;

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * Math.max(1, n));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

const NUMBERS = ["1e308", "-5", "2023.5", "9007199254740993", "0", "99999999999999999999", "NaN", "Infinity", "１２", "一百", "-0", "3,336", "1 234", "0x1F", "00000000000000000000001", "4294967296", "2147483648", "１２３４５６７８９０１２３４５６７８", "½", "Ⅻ"];
const JUNK = ["\u0000", "\t", "\n\n", "\r", "\u00a0", "\u3000", "（", "）", "<div>", "</table>", "<td rowspan=100 colspan=100>", "&#x0;", "&#xD800;", "\ufeff", "\ud800", "\udfff", "\u200b", "\u202e", "合计", "总计", "|", "—", "一、", "三、收到和处理政府信息公开申请情况", "四、", "（七）总计", "<!--", "]]>", "<![CDATA[", "&amp;", "&", "\\", "\"", "'", "\u{1F600}", "#### "];
/** Characters for damage that must not change a figure: no digits, no numerals, no line or cell breaks. */
const NARRATIVE_JUNK = ["的", "和", "，", "。", "“", "”", "、", "工作", "公开", "\u00a0", "\u3000", " ", "（", "）", "《", "》", "——", "…", "；", "：", "a", "Z", "&", "~"];

// ---------------------------------------------------------------- seeds

let seedCache: Seed[] | null = null;

/** The seeds, in a fixed order (mutant ids depend on it). */
export async function seeds(): Promise<Seed[]> {
  if (seedCache) return seedCache;
  const out: Seed[] = [];
  const texts: Seed[] = [];
  for (const file of fs.readdirSync(REPORTS).sort()) {
    const m = /^(.*)\.(txt|html|pdf)$/.exec(file);
    if (!m) continue;
    const metaFile = path.join(REPORTS, `${m[1]}.meta.json`);
    const fileMeta = fs.existsSync(metaFile) ? JSON.parse(fs.readFileSync(metaFile, "utf8")) : {};
    const meta = { agency: fileMeta.agency ?? undefined, year: fileMeta.year == null ? undefined : Number(fileMeta.year) };
    if (m[2] === "txt") {
      const { body, meta: header } = stripFixtureHeader(fs.readFileSync(path.join(REPORTS, file), "utf8"));
      const seed: Seed = { name: file, kind: "text", content: body, meta: { agency: header.agency ?? meta.agency, year: header.year ? Number(header.year) : meta.year } };
      texts.push(seed);
      out.push(seed);
    } else if (m[2] === "html") {
      out.push({ name: file, kind: "html", content: fs.readFileSync(path.join(REPORTS, file), "utf8"), meta });
    } else {
      out.push({ name: file, kind: "pdf", content: fs.readFileSync(path.join(REPORTS, file)), meta });
    }
  }
  for (const file of fs.readdirSync(TEST_FIXTURES).filter((f) => f.endsWith(".txt")).sort()) {
    const { body, meta } = stripFixtureHeader(fs.readFileSync(path.join(TEST_FIXTURES, file), "utf8"));
    out.push({ name: `fixtures/${file}`, kind: "text", content: body, meta: { agency: meta.agency, year: meta.year ? Number(meta.year) : undefined } });
  }
  // Small pages and .docx files carrying the text reports' tables as real tables.
  for (const t of texts) {
    out.push({ name: t.name.replace(/\.txt$/, ".page.html"), kind: "html", content: textToHtml(t.content as string), meta: t.meta });
    out.push({ name: t.name.replace(/\.txt$/, ".docx"), kind: "docx", content: await textToDocx(t.content as string), meta: t.meta });
  }
  return (seedCache = out);
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Groups of lines: runs of TAB-separated lines become tables, the rest paragraphs. */
function blocks(text: string): Array<{ table: false; line: string } | { table: true; rows: string[][] }> {
  const out: Array<{ table: false; line: string } | { table: true; rows: string[][] }> = [];
  for (const line of text.split("\n")) {
    if (line.includes("\t")) {
      const last = out[out.length - 1];
      if (last?.table) last.rows.push(line.split("\t"));
      else out.push({ table: true, rows: [line.split("\t")] });
    } else out.push({ table: false, line });
  }
  return out;
}

export function textToHtml(text: string): string {
  const body = blocks(text).map((b) => (b.table ? `<table border="1">${b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</table>` : `<p>${esc(b.line)}</p>`)).join("\n");
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>report</title></head><body><div class="content">${body}</div></body></html>`;
}

async function textToDocx(text: string): Promise<Buffer> {
  const p = (s: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(s)}</w:t></w:r></w:p>`;
  const body = blocks(text).map((b) => (b.table ? `<w:tbl>${b.rows.map((r) => `<w:tr>${r.map((c) => `<w:tc>${p(c)}</w:tc>`).join("")}</w:tr>`).join("")}</w:tbl>` : p(b.line))).join("");
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

// ---------------------------------------------------------------- mutations of text

type TextOp = (r: Rand, s: string) => [string, string];

const at = (r: Rand, s: string) => int(r, s.length + 1);
const len = (r: Rand) => 1 + int(r, r() < 0.8 ? 60 : 2000);

const TEXT_OPS: Record<string, TextOp> = {
  drop: (r, s) => {
    const i = at(r, s), n = len(r);
    return [s.slice(0, i) + s.slice(i + n), `drop ${i}+${n}`];
  },
  duplicate: (r, s) => {
    const i = at(r, s), n = len(r);
    return [s.slice(0, i + n) + s.slice(i, i + n) + s.slice(i + n), `duplicate ${i}+${n}`];
  },
  swap: (r, s) => {
    const i = at(r, s), n = len(r), piece = s.slice(i, i + n), rest = s.slice(0, i) + s.slice(i + n), j = at(r, rest);
    return [rest.slice(0, j) + piece + rest.slice(j), `move ${i}+${n} to ${j}`];
  },
  repeat: (r, s) => {
    const i = at(r, s), n = 1 + int(r, 200), times = 2 + int(r, r() < 0.9 ? 50 : 3000);
    return [s.slice(0, i) + s.slice(i, i + n).repeat(times) + s.slice(i + n), `repeat ${i}+${n} ×${times}`];
  },
  truncate: (r, s) => {
    const i = int(r, s.length);
    return [s.slice(0, i), `truncate at ${i}`];
  },
  number: (r, s) => {
    const re = /\d+(\.\d+)?/g;
    re.lastIndex = at(r, s);
    const found = re.exec(s) ?? /\d+/.exec(s);
    const v = r() < 0.5 ? pick(r, NUMBERS) : String(int(r, 10) === 0 ? -int(r, 1e6) : int(r, 10 ** (1 + int(r, 18))));
    if (!found) return [s + v, `append ${v}`];
    return [s.slice(0, found.index) + v + s.slice(found.index + found[0].length), `number ${found[0]}@${found.index} → ${v}`];
  },
  junk: (r, s) => {
    const i = at(r, s);
    const j = r() < 0.7 ? pick(r, JUNK) : String.fromCharCode(...Array.from({ length: 1 + int(r, 8) }, () => int(r, 0x10000)));
    return [s.slice(0, i) + j + s.slice(i), `junk ${JSON.stringify(j)}@${i}`];
  },
  nest: (r, s) => {
    const i = at(r, s), depth = r() < 0.9 ? 1 + int(r, 40) : 400 + int(r, 400), tag = pick(r, ["<div>|</div>", "<table><tr><td>|</td></tr></table>", "<span>|</span>", "<p>|", "<td>|", "<b><i>|</i></b>"]);
    const [open, close] = tag.split("|");
    const end = i + len(r);
    return [s.slice(0, i) + open.repeat(depth) + s.slice(i, end) + close.repeat(depth) + s.slice(end), `nest ${tag} ×${depth} @${i}`];
  },
  span: (r, s) => {
    const i = at(r, s), n = 1 + int(r, r() < 0.9 ? 50 : 3000);
    const cell = `<td rowspan="${pick(r, ["2", "100", "-1", "0", "99999999", "1e9", "x"])}" colspan="${pick(r, ["3", "100", "-5", "1000000", ""])}">${int(r, 100)}</td>`;
    return [s.slice(0, i) + `<table><tr>${cell.repeat(n)}</tr></table>` + s.slice(i), `span ×${n} @${i}`];
  },
  lines: (r, s) => {
    const lines = s.split("\n");
    const i = int(r, lines.length), j = int(r, lines.length), what = int(r, 5);
    if (what === 0) [lines[i], lines[j]] = [lines[j], lines[i]];
    else if (what === 1) lines.splice(i, 1);
    else if (what === 2) lines.splice(i, 0, lines[j]);
    else if (what === 3) lines[i] = (lines[i] ?? "").replace(/\t/g, r() < 0.5 ? " " : "");
    else lines.splice(i, 2, lines.slice(i, i + 2).join(r() < 0.5 ? "\t" : ""));
    return [lines.join("\n"), `lines ${["swap", "delete", "copy", "untab", "merge"][what]} ${i},${j}`];
  },
  cells: (r, s) => {
    // A table row loses, gains or shifts a cell.
    const lines = s.split("\n");
    const rows = lines.map((l, k) => (l.includes("\t") ? k : -1)).filter((k) => k >= 0);
    if (!rows.length) return [s, "cells: no table row"];
    const k = pick(r, rows), cells = lines[k].split("\t"), c = int(r, cells.length), what = int(r, 3);
    if (what === 0) cells.splice(c, 1);
    else if (what === 1) cells.splice(c, 0, r() < 0.5 ? "" : String(int(r, 1000)));
    else cells[c] = pick(r, NUMBERS);
    lines[k] = cells.join("\t");
    return [lines.join("\n"), `cells ${["drop", "insert", "replace"][what]} row ${k} col ${c}`];
  },
  heading: (r, s) => {
    const re = /[一二三四五六七八]、/g;
    const all = [...s.matchAll(re)];
    if (!all.length) return [s, "heading: none"];
    const m = pick(r, all), what = int(r, 3);
    const to = what === 0 ? "" : what === 1 ? pick(r, ["一、", "二、", "三、", "四、", "五、"]) : m[0] + m[0];
    return [s.slice(0, m.index) + to + s.slice(m.index + m[0].length), `heading ${m[0]}@${m.index} → ${JSON.stringify(to)}`];
  },
};
const HTML_OPS = ["nest", "span"];
/** Markup damage goes to pages; a text report gets the other operations. */
const opNames = (html: boolean) => Object.keys(TEXT_OPS).filter((k) => html || !HTML_OPS.includes(k));

// ---------------------------------------------------------------- mutations of bytes

type ByteOp = (r: Rand, b: Buffer) => [Buffer, string];

const BYTE_OPS: Record<string, ByteOp> = {
  flip: (r, b) => {
    const out = Buffer.from(b), n = 1 + int(r, r() < 0.8 ? 4 : 200);
    for (let k = 0; k < n && out.length; k++) out[int(r, out.length)] ^= 1 << int(r, 8);
    return [out, `flip ${n} bits`];
  },
  truncate: (r, b) => {
    const i = int(r, b.length);
    return [b.subarray(0, i), `truncate at byte ${i}`];
  },
  insert: (r, b) => {
    const i = int(r, b.length + 1), junk = Buffer.from(Array.from({ length: 1 + int(r, 16) }, () => int(r, 256)));
    return [Buffer.concat([b.subarray(0, i), junk, b.subarray(i)]), `insert ${junk.length} bytes @${i}`];
  },
  cut: (r, b) => {
    const i = int(r, b.length), n = 1 + int(r, 64);
    return [Buffer.concat([b.subarray(0, i), b.subarray(i + n)]), `cut ${n} bytes @${i}`];
  },
  zero: (r, b) => {
    const out = Buffer.from(b), i = int(r, b.length), n = 1 + int(r, 512);
    out.fill(0, i, Math.min(out.length, i + n));
    return [out, `zero ${n} bytes @${i}`];
  },
};
const BYTE_OP_NAMES = Object.keys(BYTE_OPS);

/** Re-encodings that must not change a single figure. */
const ENCODINGS: Array<[string, (s: string) => Buffer]> = [
  ["gb18030", (s) => iconv.encode(s, "gb18030")],
  ["utf-16le+BOM", (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(s, "utf-16le")])],
  ["utf-16be+BOM", (s) => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(s, "utf-16be")])],
  ["utf-8+BOM", (s) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, "utf8")])],
  ["CRLF", (s) => Buffer.from(s.replace(/\n/g, "\r\n"), "utf8")],
];

// ---------------------------------------------------------------- mutants

function mutateText(r: Rand, s: string, ops: string[], max = 5, html = false): string {
  const n = 1 + int(r, max);
  const names = opNames(html);
  for (let k = 0; k < n; k++) {
    const name = pick(r, names);
    const [out, what] = TEXT_OPS[name](r, s);
    ops.push(what);
    s = out;
  }
  return s;
}

function mutateBytes(r: Rand, b: Buffer, ops: string[], max = 3): Buffer {
  const n = 1 + int(r, max);
  for (let k = 0; k < n; k++) {
    const [out, what] = BYTE_OPS[pick(r, BYTE_OP_NAMES)](r, b);
    ops.push(what);
    b = out;
  }
  return b;
}

/** Where the narrative before section 二's table ends (damage there must not change a figure). */
function narrativeEnd(s: string): number {
  const m = /二、\s*主动公开/.exec(s);
  return m ? m.index : 0;
}

async function mutateDocx(r: Rand, seed: Buffer, ops: string[]): Promise<Buffer> {
  const what = int(r, 4);
  if (what === 0) return mutateBytes(r, seed, ops);
  const zip = await JSZip.loadAsync(seed);
  if (what === 1) {
    const xml = await zip.file("word/document.xml")!.async("string");
    zip.file("word/document.xml", mutateText(r, xml, ops, 3, true));
    ops.unshift("document.xml as text:");
  } else if (what === 2) {
    const name = pick(r, Object.keys(zip.files).filter((f) => !zip.files[f].dir));
    const damage = int(r, 3);
    if (damage === 0) zip.remove(name);
    else zip.file(name, damage === 1 ? "<not xml" : Buffer.from(Array.from({ length: 64 }, () => int(r, 256))));
    ops.push(`entry ${name} ${["removed", "not XML", "random bytes"][damage]}`);
  } else {
    // The central directory declares sizes that lie (the prechecks must not trust, the reader must survive).
    const out = Buffer.from(seed);
    for (let i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) {
      if (r() < 0.5) out.writeUInt32LE(pick(r, [0, 1, 0xffffffff, 1 << 30, int(r, 1 << 20)]), i + 24);
      if (r() < 0.3) out.writeUInt32LE(pick(r, [0, 0xffffffff, int(r, 1 << 20)]), i + 20);
    }
    ops.push("central directory sizes rewritten");
    return out;
  }
  return zip.generateAsync({ type: "nodebuffer", compression: r() < 0.5 ? "DEFLATE" : "STORE" });
}

/** Mutant `index` of corpus `seedNumber`: a pure function of both. */
export async function mutant(seedNumber: number, index: number, pdfShare = 0.001): Promise<Mutant> {
  const all = await seeds();
  const r = rng((seedNumber ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const ops: string[] = [];
  const id = `seed ${seedNumber} #${index}`;
  // HTML pages of the site take 0.3–0.8 s each and PDFs about as long: they are a small share.
  const roll = r();
  const ofKind = (k: SeedKind, big?: boolean) => all.filter((s) => s.kind === k && (big === undefined || big === !/\.page\.html$/.test(s.name)));
  if (roll < pdfShare) {
    const seed = pick(r, ofKind("pdf"));
    return { id, seed, fileName: seed.name, content: mutateBytes(r, seed.content as Buffer, ops), ops, expect: "survive" };
  }
  if (roll < pdfShare + 0.003) {
    const seed = pick(r, ofKind("html", true));
    return { id, seed, fileName: seed.name, content: mutateText(r, seed.content as string, ops, 3, true), ops, expect: "survive" };
  }
  if (roll < 0.1) {
    const seed = pick(r, ofKind("docx"));
    return { id, seed, fileName: seed.name, content: await mutateDocx(r, seed.content as Buffer, ops), ops, expect: "survive" };
  }
  if (roll < 0.25) {
    const seed = pick(r, ofKind("html", false));
    const content = mutateText(r, seed.content as string, ops, 5, true);
    return { id, seed, fileName: r() < 0.9 ? seed.name : seed.name.replace(/\.html$/, ".txt"), content, ops, expect: "survive" };
  }
  const seed = pick(r, ofKind("text"));
  const text = seed.content as string;
  if (roll < 0.3) {
    const [name, encode] = pick(r, ENCODINGS);
    ops.push(`re-encoded as ${name}`);
    return { id, seed, fileName: seed.name, content: encode(text), ops, expect: "same" };
  }
  if (roll < 0.38) {
    // Damage confined to the narrative before the tables, no digit touched.
    const end = narrativeEnd(text);
    let head = text.slice(0, end);
    const n = 1 + int(r, 4);
    for (let k = 0; k < n && head.length; k++) {
      const i = int(r, head.length);
      if (/\d/.test(head[i] ?? "") || /\d/.test(head[i - 1] ?? "")) continue;
      if (r() < 0.5) {
        const j = pick(r, NARRATIVE_JUNK);
        head = head.slice(0, i) + j + head.slice(i);
        ops.push(`narrative junk ${JSON.stringify(j)}@${i}`);
      } else {
        const cut = /^[^\d\n\t]{0,40}/.exec(head.slice(i))![0];
        head = head.slice(0, i) + head.slice(i + cut.length);
        ops.push(`narrative drop ${i}+${cut.length}`);
      }
    }
    return { id, seed, fileName: seed.name, content: head + text.slice(end), ops, expect: "same-or-null" };
  }
  if (roll < 0.5) {
    const [name, encode] = pick(r, ENCODINGS);
    ops.push(`encoded as ${name}, then:`);
    return { id, seed, fileName: r() < 0.8 ? seed.name : "report", content: mutateBytes(r, encode(text), ops), ops, expect: "survive" };
  }
  return { id, seed, fileName: r() < 0.95 ? seed.name : seed.name.replace(/\.txt$/, ".html"), content: mutateText(r, text, ops), ops, expect: "survive" };
}

// ---------------------------------------------------------------- the oracle

export type Outcome = "parsed" | "rejected" | "limit";

const originals = new Map<string, Promise<CanonicalReport>>();

async function original(seed: Seed): Promise<CanonicalReport> {
  let p = originals.get(seed.name);
  if (!p) originals.set(seed.name, (p = parseInput(seed.content, { fileName: seed.name, agency: seed.meta.agency ?? null, year: seed.meta.year ?? null }).then((x) => x.report)));
  return p;
}

/** Every template cell's value (null where unreadable), by path. */
export function figuresOf(report: CanonicalReport): Map<string, number | null> {
  return new Map(cellValues(report).map(({ cell, value }) => [cell.path, value]));
}

/** Checks what a parse gave (a report or an error); returns a problem, or null when the mutant passed. */
export async function judge(m: Mutant, result: { report: CanonicalReport } | { error: unknown }): Promise<string | null> {
  if ("error" in result) {
    const e = result.error;
    if (!(e instanceof ParseError)) return `threw ${(e as Error)?.name ?? typeof e}: ${String((e as Error)?.message ?? e).split("\n")[0].slice(0, 300)}`;
    if (!e.message.startsWith(`${m.fileName}: `) || !e.problem.trim()) return `rejected without naming the file or the problem: ${JSON.stringify(e.message.slice(0, 200))}`;
    if (m.expect === "same") return `a re-encoded copy was rejected: ${e.problem}`;
    return null;
  }
  const report = result.report;
  if (!["2019", "2021", "legacy"].includes(report.format)) return `format ${JSON.stringify(report.format)}`;
  if (report.year != null && !Number.isSafeInteger(report.year)) return `year ${report.year}`;
  for (const { cell } of cellValues(report)) {
    const v = cell.keys.reduce<any>((o, k) => (o == null ? undefined : o[k]), report);
    if (v === null || v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) return `${cell.path} is ${JSON.stringify(v)}`;
    if (cell.kind === "money") {
      try {
        if (!Number.isSafeInteger(toStoredInteger(cell, v))) return `${cell.path} = ${v} cannot be stored exactly`;
      } catch (e) {
        return `${cell.path} = ${v}: ${(e as Error).message}`;
      }
    } else if (!Number.isSafeInteger(v)) return `${cell.path} = ${v} is not a safe integer`;
  }
  if (m.expect === "survive") return null;
  const before = figuresOf(await original(m.seed));
  const after = figuresOf(report);
  if (report.format !== (await original(m.seed)).format) return `template ${(await original(m.seed)).format} became ${report.format}`;
  for (const [p, v] of before) {
    const now = after.get(p) ?? null;
    if (now === v) continue;
    if (m.expect === "same-or-null" && now === null) continue;
    return `${p}: the original prints ${v}, the mutant gives ${now}`;
  }
  return null;
}

/** The importer's reader in this process: the prechecks with the limits, then the parser. */
export async function run(m: Mutant, limits: ImportLimits): Promise<{ outcome: Outcome; problem: string | null; report?: CanonicalReport }> {
  const options = { fileName: m.fileName, agency: m.seed.meta.agency ?? null, year: m.seed.meta.year ?? null };
  try {
    await precheck(m.content, options, limits);
  } catch (e) {
    return { outcome: "limit", problem: await judge(m, { error: e }) };
  }
  try {
    const { report } = await parseInput(m.content, options);
    return { outcome: "parsed", problem: await judge(m, { report }), report };
  } catch (e) {
    return { outcome: "rejected", problem: await judge(m, { error: e }) };
  }
}
