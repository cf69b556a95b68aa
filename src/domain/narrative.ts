/**
 * Narrative text, pure: the kind of a section from its heading, the normal form search and similarity
 * compare (NFKC, lower case, letters and digits only) with a map back to the printed text, the
 * character-bigram terms the search index stores, query parsing and snippets.
 */
import { AGENCY_SUFFIX, REPORT_FOOTER, REPORT_SIGNATURE, SECTION_HEADINGS, TRAILING_HEADINGS } from "./lexicon";
import type { NarrativeSection } from "./report-json";

/** What a narrative section is, whatever its printed number: the six national headings, the text before them, anything else. */
export type SectionKind = "preamble" | "overview" | "proactive" | "applications" | "review" | "problems" | "other" | "extra";

export const SECTION_KINDS: readonly SectionKind[] = ["preamble", "overview", "proactive", "applications", "review", "problems", "other", "extra"];

export function sectionKind(heading: string): SectionKind {
  const h = heading.normalize("NFKC").trim();
  if (!h) return "preamble";
  if (SECTION_HEADINGS.overview.test(h)) return "overview";
  if (SECTION_HEADINGS.proactive.test(h)) return "proactive";
  if (SECTION_HEADINGS.applications.test(h)) return "applications";
  if (SECTION_HEADINGS.review.test(h)) return "review";
  if (TRAILING_HEADINGS[0].test(h)) return "problems";
  if (TRAILING_HEADINGS[1].test(h)) return "other";
  return "extra";
}

/**
 * The text of a report's last section without what follows the report's body: attachments and page
 * chrome (REPORT_FOOTER), then the signature and date printed under the report (an agency name, when
 * it ends like one, and the date, at the very end). The narrative is what similarity (N1), search
 * and the claims read: a page's footer, the same every year, would make a rewritten section look copied.
 */
export function withoutReportTail(text: string): string {
  return splitReportTail(text).body;
}

/** The body of a last section and the date signed under it (YYYY-MM-DD, digits only), if any. */
export function splitReportTail(text: string): { body: string; signed: string | null } {
  const footer = REPORT_FOOTER.exec(text);
  let body = (footer ? text.slice(0, footer.index) : text).trimEnd();
  let signed: string | null = null;
  const sig = REPORT_SIGNATURE.exec(body);
  if (sig) {
    const date = /(?:(\d{4})|[〇零○一二三四五六七八九]{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/.exec(sig[1])!;
    if (date[1]) signed = `${date[1]}-${date[2].padStart(2, "0")}-${date[3].padStart(2, "0")}`;
    const name = sig[1].slice(0, date.index).trim();
    // The line before the date is the signature only when it reads as an agency name.
    body = body.slice(0, sig.index + sig[0].indexOf(sig[1]) + (name && !AGENCY_SUFFIX.test(name) ? name.length : 0)).trimEnd();
  }
  return { body, signed };
}

/** A heading without its printed number (`五、人大代表建议…` → `人大代表建议…`), for pairing extra sections across years. */
export function headingKey(heading: string): string {
  return normalise(heading.replace(/^[#\s]*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|[(（]\s*[一二三四五六七八九十]{1,2}\s*[)）])\s*/, "")).text;
}

/** Text in normal form, with `start[i]`/`end[i]` the printed UTF-16 range that produced its i-th code point. */
export interface Normalised {
  /** Code points of the normal form. */
  chars: string[];
  text: string;
  start: number[];
  end: number[];
}

const KEEP = /[\p{L}\p{N}]/u;

/** NFKC, lower case, letters and digits only: whitespace, punctuation and symbols are dropped (the flattened pages put stray spaces anywhere). */
export function normalise(printed: string): Normalised {
  const chars: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const ch of printed) {
    for (const out of normalChar(ch)) {
      chars.push(out);
      start.push(i);
      end.push(i + ch.length);
    }
    i += ch.length;
  }
  return { chars, text: chars.join(""), start, end };
}

/** The normal form alone (no offsets): what search compares, character for character the same as `normalise(printed).text`. */
export function normaliseText(printed: string): string {
  let text = "";
  for (const ch of printed) text += normalChar(ch);
  return text;
}

/** One printed character in normal form: CJK unified ideographs as they are (NFKC leaves them alone), others through NFKC, lower case and the letter/digit filter. */
function normalChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0x4e00 && c <= 0x9fff) return ch;
  let out = NORMAL_CHARS.get(ch);
  if (out !== undefined) return out;
  out = "";
  for (const x of ch.normalize("NFKC").toLowerCase()) if (KEEP.test(x)) out += x;
  // Remembered (punctuation and digits repeat on every line; NFKC per character was most of a search page's cost).
  if (NORMAL_CHARS.size < 8192) NORMAL_CHARS.set(ch, out);
  return out;
}

/** normalChar of the characters outside the CJK block seen so far (a pure function's results, bounded). */
const NORMAL_CHARS = new Map<string, string>();

/** A character bigram as one integer (both code points < 0x110000, so the key stays below 2^41). */
export function bigramKey(a: string, b: string): number {
  return a.codePointAt(0)! * 0x110000 + b.codePointAt(0)!;
}

/** The distinct bigram keys of normalised code points. */
export function bigramKeys(chars: readonly string[]): number[] {
  const keys = new Set<number>();
  for (let i = 0; i + 1 < chars.length; i++) keys.add(bigramKey(chars[i], chars[i + 1]));
  return [...keys];
}

/**
 * The index rows of one report: each non-empty section's normal form, kind and length (its postings
 * are domain/narrative-rank.ts sectionPostings of the normal form).
 */
export function narrativeIndexRows(sections: readonly NarrativeSection[]): {
  sections: Array<{ section: number; kind: SectionKind; chars: number; body: string }>;
} {
  const out: ReturnType<typeof narrativeIndexRows> = { sections: [] };
  sections.forEach((s, section) => {
    const chars = [...normaliseText(s.text)];
    if (!chars.length) return;
    out.sections.push({ section, kind: sectionKind(s.heading), chars: chars.length, body: chars.join("") });
  });
  return out;
}

export class QueryError extends Error {}

export const MAX_QUERY_TERMS = 8;
export const MAX_TERM_CHARS = 60;

/** A parsed search: every term must occur (AND); a term is matched as a contiguous string in normal form. */
export interface NarrativeQuery {
  /** Terms in normal form (at least two code points each). */
  terms: string[];
  /** The distinct bigram keys of all terms: a section is a candidate when it holds all of them. */
  bigrams: number[];
}

const QUOTED = /"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』|(\S+)/g;

/**
 * `政府信息 申请` → both terms (AND); `"不予公开 的申诉"` (also “…”, 「…」) → one phrase, spaces
 * inside ignored like everywhere else; a bare `AND` between terms is allowed and ignored.
 */
export function parseQuery(query: string): NarrativeQuery {
  const terms: string[] = [];
  for (const m of query.matchAll(QUOTED)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? "";
    if (m[5] === "AND" || m[5] === "&&" || m[5] === "+") continue;
    const norm = normalise(raw);
    if (!norm.chars.length) continue;
    if (norm.chars.length < 2) throw new QueryError(`the term "${raw}" has one character; search terms need at least two (e.g. 申诉, not 诉)`);
    if (norm.chars.length > MAX_TERM_CHARS) throw new QueryError(`the term "${raw.slice(0, 20)}…" is longer than ${MAX_TERM_CHARS} characters`);
    if (!terms.includes(norm.text)) terms.push(norm.text);
  }
  if (!terms.length) throw new QueryError("the query has no letters or digits to search for");
  if (terms.length > MAX_QUERY_TERMS) throw new QueryError(`at most ${MAX_QUERY_TERMS} terms, got ${terms.length}`);
  const bigrams = [...new Set(terms.flatMap((t) => bigramKeys([...t])))];
  return { terms, bigrams };
}

export interface TextSpan {
  start: number;
  end: number;
}

/** Where each term occurs in a section (non-overlapping, in normal form), or null when a term is missing. */
export function findTerms(norm: Normalised, terms: readonly string[]): Array<{ term: string; at: number[] }> | null {
  const out: Array<{ term: string; at: number[] }> = [];
  for (const term of terms) {
    const at: number[] = [];
    // Search the joined text, then convert UTF-16 offsets to code-point indices.
    let from = 0;
    for (;;) {
      const i = norm.text.indexOf(term, from);
      if (i < 0) break;
      at.push(i);
      from = i + term.length;
    }
    if (!at.length) return null;
    out.push({ term, at: at.map((i) => codePointIndex(norm.text, i)) });
  }
  return out;
}

function codePointIndex(text: string, utf16: number): number {
  let n = 0;
  for (let i = 0; i < utf16; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** Printed ranges of the occurrences, merged where they touch. */
export function matchSpans(norm: Normalised, found: ReadonlyArray<{ term: string; at: number[] }>): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const { term, at } of found) {
    const len = [...term].length;
    for (const i of at) spans.push({ start: norm.start[i], end: norm.end[i + len - 1] });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextSpan[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** Relevance of one section: BM25 (k1 = 1.2, b = 0.75) with equal term weights; length in normal-form characters. */
export function bm25(termCounts: readonly number[], length: number, averageLength: number): number {
  const k1 = 1.2;
  const b = 0.75;
  const norm = averageLength > 0 ? length / averageLength : 1;
  return termCounts.reduce((s, tf) => s + (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * norm)), 0);
}

export interface Snippet {
  text: string;
  /** The matches inside `text` (UTF-16 offsets). */
  highlights: TextSpan[];
}

/** About `width` characters of printed text around the first match, whitespace collapsed, "…" where cut. */
export function snippet(printed: string, spans: readonly TextSpan[], width = 120): Snippet {
  const first = spans[0] ?? { start: 0, end: 0 };
  let from = Math.max(0, first.start - Math.floor(width / 3));
  let to = Math.min(printed.length, from + width);
  from = Math.max(0, Math.min(from, to - width));
  // Never cut a surrogate pair.
  if (from > 0 && /[\udc00-\udfff]/.test(printed[from])) from--;
  if (to < printed.length && /[\udc00-\udfff]/.test(printed[to])) to++;
  const head = from > 0 ? "…" : "";
  const tail = to < printed.length ? "…" : "";
  // Collapse whitespace, keeping a map so the highlight offsets stay right.
  let text = head;
  const at: number[] = [];
  let space = false;
  for (let i = from; i < to; i++) {
    const ch = printed[i];
    at[i - from] = text.length;
    if (/\s/.test(ch)) {
      if (!space) text += " ";
      space = true;
    } else {
      text += ch;
      space = false;
    }
  }
  at[to - from] = text.length;
  text += tail;
  const highlights = spans
    .filter((s) => s.end > from && s.start < to)
    .map((s) => ({ start: at[Math.max(s.start, from) - from], end: at[Math.min(s.end, to) - from] }));
  return { text, highlights };
}
