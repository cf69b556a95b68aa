/**
 * The ingestion pipeline, top to bottom: decode (bytes → text) → read (sections, title, template) →
 * extract (cells into canonical paths) → rules (findings). Consistency failures are data
 * (diagnostics); only a report whose structure cannot be read is rejected, with a ParseError that
 * says which section or row failed.
 */
import { APPLICANT_COLUMNS, RESULT_COLUMNS } from "../domain/cells";
import type { Template } from "../domain/cells";
import { CanonicalReport, Diagnostic, emptyReport, NarrativeSection, setPath, Tree } from "../domain/report-json";
import { decode, DecodeError } from "./decode/decode";
import {
  AGENCY_SUFFIX, ANNUAL_REPORT, CN_YEAR, CN_YEAR_DIGITS, PAGE_FURNITURE, PRINTED_DATE, AGGREGATE_PREAMBLE, AGGREGATE_TITLE, headingBlockStart, LINE_HEADING, NO_APPLICATIONS, SECTION_HEADINGS, TABLE_START, TEMPLATE_2019_MARKERS,
  TEMPLATE_2021_MARKERS, TITLE, TITLE_NOISE, TITLE_YEAR_AFTER, TRAILING_HEADINGS,
} from "../domain/lexicon";
import { applicationRowPaths, BLANK_CELL, extractApplications, extractReview } from "./extract/table-rows";
import { extractProactive } from "./extract/proactive";
import { resolveRegion } from "./read/regions";
import { checkReport } from "./rules";
import { collectFacts, Evidence } from "../domain/evidence";
import { splitReportTail } from "../domain/narrative";

export class ParseError extends Error {
  /**
   * `interrupted`: the reading was stopped from outside — the request was cancelled or the reader's
   * time limit passed — and says nothing final about the file (reading it again may succeed).
   */
  constructor(readonly file: string, readonly problem: string, readonly diagnostics: Diagnostic[] = [], readonly interrupted = false) {
    super(`${file}: ${problem}`);
  }
}

export interface ParseOptions {
  fileName?: string | null;
  contentType?: string | null;
  /** What a body without its title lacks. */
  agency?: string | null;
  regionCode?: string | null;
  year?: number | null;
  source?: string | null;
  /**
   * What the caller knows beside the file (the import service passes it): the same agency's report
   * of the year before and other renderings of this report imported earlier. With the report's own
   * narrative, they may settle cells the tables leave open; see domain/evidence.ts.
   */
  evidence?: Evidence;
  /** Publication date (YYYY-MM-DD) from metadata beside the file; wins over a date printed in the text. */
  publishedAt?: string | null;
}

/**
 * NFKC folds full-width digits, brackets and punctuation; NBSP and ideographic spaces become spaces.
 * Markdown tables (`| 4 | 1 | |`) become TAB rows, and page furniture that extraction leaves between
 * table rows (`- 3 -`, `第 3 页 共 5 页`, `3/5`) goes, so that its digits never land in a cell.
 */
export function normalizeText(text: string): string {
  // Line breaks first: the blank-cell marks read innerText's paragraph breaks (`\n\n\t\n\n`).
  return markExplicitBlanks(text.replace(/\r\n?/g, "\n"))
    .normalize("NFKC")
    .replace(/[\u00a0\u2002-\u200b\u3000\ufeff]/g, " ")
    .replace(/[－﹣−–—]/g, (m) => (m === "—" ? m : "-"))
    .replace(/^[ \t]*(?:\|[ \t]*)?(?::?-{3,}:?[ \t]*\|[ \t]*)+:?-*:?[ \t]*$/gm, "")
    .replace(/^[ \t]*\|(.*)\|[ \t]*$/gm, (_m, inner: string) => "\t" + inner.split("|").map((c) => c.trim()).join("\t"))
    .replace(PAGE_FURNITURE, "");
}

/**
 * A TAB row whose blank cells are printed (a lone NBSP or ideographic space, `/`, `-`, `—`, `－`, as a
 * browser's innerText gives a Word table) is an exact grid: each such cell becomes BLANK_CELL, so that
 * the reader can tell it from a cell that a text conversion dropped.
 */
function markExplicitBlanks(input: string): string {
  if (!input.includes("\t")) return input;
  // innerText of cells that hold paragraphs puts each TAB between blank lines (`19\n\n\t\n\n0`):
  // the TAB is the cell boundary, the line breaks around it are the paragraphs'.
  const text = (input.match(/\n\n\t\n\n/g) ?? []).length >= 3 ? input.replace(/\n+\t\n+/g, "\t") : input;
  return text.replace(/^[^\n]*\t[^\n]*$/gm, (line) =>
    line.split("\t").map((cell) => (/^[ \u00a0\u3000]*[\u00a0\u3000/／\-－—–][ \u00a0\u3000]*$/.test(cell) ? BLANK_CELL : cell)).join("\t"));
}

interface Located {
  start: number;
  end: number;
  heading: string;
}

function find(re: RegExp, text: string, from = 0): Located | null {
  const g = new RegExp(re.source, "g");
  g.lastIndex = from;
  const m = g.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, heading: m[0].replace(/\s+/g, "") } : null;
}

export function detectTemplate(text: string): Template {
  const s21 = TEMPLATE_2021_MARKERS.filter((re) => re.test(text)).length;
  const s19 = TEMPLATE_2019_MARKERS.filter((re) => re.test(text)).length;
  if (s21 === 0 && s19 === 0) return "legacy";
  return s21 > s19 ? "2021" : "2019";
}


/** Years written in Chinese numerals (二〇二三年) read as digits, for the title only. */
function arabicYears(text: string): string {
  return text.replace(CN_YEAR, (_m, y: string, rest: string) => [...y].map((c) => CN_YEAR_DIGITS[c]).join("") + rest);
}

function readTitle(text: string): { agency: string | null; year: number | null; line: string | null } {
  const head = arabicYears(text.slice(0, 3000));
  const m = TITLE.exec(head);
  if (m) {
    let agency = m[1].replace(TITLE_NOISE, "").replace(/^[()（）]+/, "");
    if (!agency || !AGENCY_SUFFIX.test(agency)) agency = previousLineAgency(head, m.index) ?? (agency || "");
    return { agency: agency && AGENCY_SUFFIX.test(agency) ? agency : null, year: Number(m[2]), line: titleLine(head, m.index, m[0].length) };
  }
  const m2 = TITLE_YEAR_AFTER.exec(head);
  if (m2) return { agency: previousLineAgency(head, m2.index), year: Number(m2[1]), line: titleLine(head, m2.index, m2[0].length) };
  return { agency: null, year: null, line: null };
}

/** The title and what follows it on its line (e.g. “（汇总）”), at most 20 characters more. */
function titleLine(text: string, start: number, length: number): string {
  const rest = text.slice(start + length, start + length + 20);
  return text.slice(start, start + length) + rest.split("\n")[0];
}

function previousLineAgency(text: string, at: number): string | null {
  const before = text.slice(0, at).split("\n").map((l) => l.replace(/^[#\s]+|\s+$/g, "")).filter(Boolean);
  const same = before.length && !text.slice(0, at).endsWith("\n") ? before.pop() : undefined;
  for (const cand of [same, before.pop()]) {
    if (cand && /^[\u4e00-\u9fff()]{2,60}$/.test(cand) && AGENCY_SUFFIX.test(cand)) return cand;
  }
  return null;
}

function publicationDate(text: string): string | null {
  const tail = text.slice(-400);
  const all = [...tail.matchAll(PRINTED_DATE)];
  const last = all[all.length - 1];
  if (!last) return null;
  return `${last[1]}-${last[2].padStart(2, "0")}-${last[3].padStart(2, "0")}`;
}

/** Narrative sections in order: the known headings plus unknown ones printed on a line of their own. */
function narrative(text: string, known: Located[], tables: Record<string, Located | null>): { sections: NarrativeSection[]; signed: string | null } {
  const heads: Located[] = [...known];
  for (const m of text.matchAll(LINE_HEADING)) {
    const start = m.index + m[0].indexOf(m[1]);
    if (heads.some((h) => Math.abs(h.start - start) < 4 || (start > h.start && start < h.end))) continue;
    // Lines inside a table region (e.g. the row 四、结转下年度继续办理) are not headings.
    if (Object.values(tables).some((t) => t && start > t.start && start < t.end)) continue;
    heads.push({ start, end: start + m[1].length, heading: m[1].replace(/\s+/g, "") });
  }
  heads.sort((a, b) => a.start - b.start);
  const out: NarrativeSection[] = [];
  const preamble = text.slice(0, heads[0]?.start ?? text.length).trim();
  if (preamble) out.push({ heading: "", text: preamble });
  heads.forEach((h, i) => {
    const end = heads[i + 1]?.start ?? text.length;
    let body = text.slice(h.end, end);
    const table = Object.entries(tables).find(([, t]) => t && t.start === h.start)?.[0] as keyof typeof TABLE_START | undefined;
    if (table) {
      const t = TABLE_START[table].exec(body);
      if (t) body = body.slice(0, t.index);
    }
    out.push({ heading: h.heading, text: body.replace(/[ \t]+\n/g, "\n").trim() });
  });
  // The report's body ends in its last section: the signature, attachments and page chrome are not narrative.
  const last = out[out.length - 1];
  let signed: string | null = null;
  if (last && heads.length) ({ body: last.text, signed } = splitReportTail(last.text));
  return { sections: out, signed };
}

function place(report: CanonicalReport, values: Record<string, number | null>): void {
  for (const [path, v] of Object.entries(values)) setPath(report as unknown as Tree, path, v);
}

/** Parses already-decoded text. */
export function parseText(input: string, file: string, options: ParseOptions = {}, grid = false): CanonicalReport {
  const text = normalizeText(input);
  if (!/[\u4e00-\u9fff]/.test(text)) throw new ParseError(file, "no Chinese text found; is this a report?");
  const title = readTitle(text);
  const format = detectTemplate(text);
  const report = emptyReport(format);
  report.agency = options.agency ?? title.agency;
  report.year = options.year ?? title.year;
  report.source = options.source ?? null;
  report.publishedAt = options.publishedAt ?? publicationDate(text);
  const region = options.regionCode ?? (report.agency ? resolveRegion(report.agency)?.code ?? null : null);
  report.regionCode = region;
  const diagnostics: Diagnostic[] = [];

  const s1 = find(SECTION_HEADINGS.overview, text);
  const s2 = find(SECTION_HEADINGS.proactive, text, s1?.end ?? 0);
  const s3 = find(SECTION_HEADINGS.applications, text, s2?.end ?? s1?.end ?? 0);
  const s4 = find(SECTION_HEADINGS.review, text, s3?.end ?? 0);
  let trailing: Located | null = null;
  for (const re of TRAILING_HEADINGS) {
    const t = find(re, text, (s4 ?? s3 ?? s2)?.end ?? 0);
    if (t && (!trailing || t.start < trailing.start)) trailing = t;
  }
  const lineHeadingAfter = (from: number) => {
    const rest = text.slice(from);
    for (const m of rest.matchAll(LINE_HEADING)) return from + headingBlockStart(rest, m.index);
    return null;
  };
  const s4End = s4 ? Math.min(trailing?.start ?? text.length, lineHeadingAfter(s4.end) ?? text.length) : 0;

  const known = [s1, s2, s3, s4, trailing].filter((x): x is Located => x != null);
  for (const re of TRAILING_HEADINGS) {
    const t = find(re, text, (trailing?.end ?? s4?.end ?? 0));
    if (t && !known.some((k) => k.start === t.start)) known.push(t);
  }
  const cut = narrative(text, known, { proactive: s2, applications: s3 ? { ...s3, end: s4?.start ?? s3.end } : null, review: s4 ? { ...s4, end: s4End } : null });
  report.sections = cut.sections;
  // A page whose footer follows the report: the date signed under the report's body.
  report.publishedAt ??= cut.signed;
  // Evidence from outside the tables: the narrative, and what the caller knows (last year, other renderings).
  const facts = format === "legacy" ? [] : collectFacts(report, options.evidence ?? {});

  if (format === "legacy" && !title.year && !s3 && !ANNUAL_REPORT.test(text)) {
    throw new ParseError(file, "not an annual report: no 年度报告 title, no template table headers and no section 三 were found");
  }
  if (format !== "legacy") {
    if (!s3) {
      if (NO_APPLICATIONS.test(text)) {
        diagnostics.push({ rule: "PARSE", severity: "info", message: "section 三 is not printed; the report states that no applications were received, so its cells are 0" });
      } else {
        throw new ParseError(file, "section 三 (收到和处理政府信息公开申请情况) was not found");
      }
    }
    if (s2) {
      const end = s3?.start ?? s4?.start ?? text.length;
      const p = extractProactive(text.slice(s2.end, end), format, grid, facts);
      place(report, p.values);
      report.blankCells.push(...p.blankCells);
      Object.assign(report.ambiguousCells, p.ambiguousCells);
      if (format === "2019") {
        const raw = p.raw["proactive.procurement.totalAmount"];
        setPath(report as unknown as Tree, "proactive.procurement.totalAmountRaw", p.values["proactive.procurement.totalAmount"] == null ? null : raw || "0");
      }
      for (const row of p.missingRows) {
        diagnostics.push({ rule: "PARSE", severity: "info", path: `proactive.${row}`, message: `section 二 row ${row} is not printed; recorded as 0` });
      }
    } else {
      diagnostics.push({ rule: "PARSE", severity: "warning", path: "proactive", paths: Object.keys(flattenProactive(report)), message: "section 二 (主动公开政府信息情况) was not found; its cells are null" });
      for (const path of Object.keys(flattenProactive(report))) {
        setPath(report as unknown as Tree, path, null);
        report.ambiguousCells[path] = "section 二 was not found";
      }
    }
    if (s3) {
      const end = s4?.start ?? trailing?.start ?? text.length;
      const paths = applicationRowPaths(format);
      const a = extractApplications(text.slice(s3.end, end), paths, grid, facts);
      if (a.missingRows.length > paths.length / 2) {
        throw new ParseError(file, `section 三: ${a.missingRows.length} of ${paths.length} rows were not found (first missing: ${a.missingRows[0]})`);
      }
      place(report, a.values);
      report.blankCells.push(...a.blankCells);
      Object.assign(report.ambiguousCells, a.ambiguousCells);
      for (const row of a.missingRows) {
        const cells = APPLICANT_COLUMNS.map((c) => `applications.${row}.${c.key}`);
        diagnostics.push({ rule: "PARSE", severity: "warning", path: `applications.${row}`, paths: cells, message: `section 三 row ${row} was not found; its ${cells.length} cells are null` });
      }
    }
    if (s4) {
      const r = extractReview(text.slice(s4.end, s4End), grid, facts);
      place(report, r.values);
      report.blankCells.push(...r.blankCells);
      Object.assign(report.ambiguousCells, r.ambiguousCells);
      if (r.missingRows.length) {
        diagnostics.push({ rule: "PARSE", severity: "warning", path: "reviewLitigation", paths: Object.keys(r.ambiguousCells), message: "section 四's row of numbers was not found; its 15 cells are null" });
      }
    } else if (s3) {
      const cells = REVIEW_PATHS;
      diagnostics.push({ rule: "PARSE", severity: "warning", path: "reviewLitigation", paths: cells, message: "section 四 (行政复议、行政诉讼情况) was not found; its cells are null" });
      for (const p of cells) {
        setPath(report as unknown as Tree, p, null);
        report.ambiguousCells[p] = "section 四 was not found";
      }
    }
  }
  const preamble = report.sections.slice(0, 2).map((s) => s.text.slice(0, 600)).join("\n");
  report.isAggregate = AGGREGATE_TITLE.test(title.line ?? "") || AGGREGATE_PREAMBLE.some((re) => re.test(preamble));
  // A cell already covered by a PARSE diagnostic (its row or section was not found) gets no second one.
  const covered = new Set(diagnostics.flatMap((d) => d.paths ?? []));
  for (const [path, entry] of Object.entries(report.ambiguousCells)) {
    if (typeof entry !== "string") {
      diagnostics.push({ rule: "EVIDENCE", severity: "info", path, message: `settled by ${entry.resolvedBy.kind}: ${entry.resolvedBy.detail} (${entry.reason})` });
    } else if (!covered.has(path)) diagnostics.push({ rule: "AMBIGUOUS", severity: "warning", path, message: entry });
  }
  report.diagnostics = [...diagnostics, ...checkReport(report)];
  return report;
}

const REVIEW_PATHS = ["review", "litigationDirect", "litigationAfterReview"].flatMap((p) => RESULT_COLUMNS.map((c) => `reviewLitigation.${p}.${c.key}`));

function flattenProactive(report: CanonicalReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (node: unknown, prefix: string) => {
    if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) walk(v, `${prefix}.${k}`);
    else out[prefix] = node;
  };
  walk(report.proactive, "proactive");
  delete out["proactive.procurement.totalAmountRaw"];
  return out;
}

/** Parses one input file (HTML, .docx, PDF or text in any encoding). */
export async function parseInput(content: Buffer | string, options: ParseOptions = {}): Promise<{ report: CanonicalReport; text: string }> {
  const file = options.fileName ?? "<input>";
  let decoded;
  try {
    decoded = await decode(content, options.fileName, options.contentType);
  } catch (e) {
    if (e instanceof DecodeError) throw new ParseError(file, e.message);
    throw e;
  }
  const report = parseText(decoded.text, file, options, decoded.gridTables);
  if (decoded.convertedTraditional) report.diagnostics.unshift({ rule: "PARSE", severity: "info", message: "traditional characters were converted to simplified" });
  return { report, text: decoded.text };
}

/** Strips the `# key: value` metadata lines the shared fixtures carry above the report text. */
export function stripFixtureHeader(text: string): { body: string; meta: Record<string, string> } {
  const meta: Record<string, string> = {};
  const lines = text.split("\n");
  let i = 0;
  for (; i < lines.length; i++) {
    const m = /^# (source|agency|year): (.*)$/.exec(lines[i]);
    if (!m) break;
    meta[m[1]] = m[2].trim();
  }
  return { body: lines.slice(i).join("\n"), meta };
}
