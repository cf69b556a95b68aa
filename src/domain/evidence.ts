/**
 * Evidence about a report's cells from outside its tables: numbers its own narrative quotes, the
 * identities with the same agency's previous year, and another rendering of the same report. Each
 * piece is a linear fact on canonical cells (Σ coefficient · cell = value, or one of several such
 * sums). The narrative check (rule T1) and the parser's settling of ambiguous cells read the same
 * facts, so a sentence that settles a cell is the sentence T1 would quote against it.
 */
import { APPLICANT_COLUMNS, APPLICATION_ROWS, cellsOf, Template } from "./cells";
import type { CanonicalReport, NarrativeSection } from "./report-json";
import { getPath } from "./report-json";
import { CLAIM_PATTERNS, CLAIM_SKIP_SECTIONS, CLAIM_SUBJECTS } from "./lexicon";

export type EvidenceKind = "narrative" | "previousYear" | "nextYear" | "otherRendering";

export const EVIDENCE_KINDS: readonly EvidenceKind[] = ["narrative", "previousYear", "nextYear", "otherRendering"];

/** Why a cell that the table's arithmetic left open has its value. */
export interface ResolvedBy {
  kind: EvidenceKind;
  /** The sentence quoted, the identity used, or the rendering compared. */
  detail: string;
}

export type Terms = Array<[path: string, coefficient: number]>;

export interface Fact {
  /** The fact holds when any one of these sums equals `value` (a narrative “received N” may count the carried-over applications). */
  alternatives: Terms[];
  value: number;
  /** A soft identity (X3: documents in force) may fail honestly: when no reading fits it, it is set aside, not held against the others. */
  soft?: boolean;
  /** What the fact says, for findings: e.g. "applications received". */
  topic: string;
  resolvedBy: ResolvedBy;
}

/** Evidence handed to the parser by whoever knows the report's neighbours (the import service). */
export interface Evidence {
  /** The same agency's report of the year before. */
  previousYear?: CanonicalReport | null;
  /** The same agency's report of the year after, when it was imported first. */
  nextYear?: CanonicalReport | null;
  /** Other renderings of the same report imported earlier (the HTML page and the text of the same report). */
  otherRenderings?: CanonicalReport[];
}

const sum = (paths: string[]): Terms => paths.map((p) => [p, 1]);
const rowsOf = (group: string, format: Template) =>
  APPLICATION_ROWS.filter((r) => r.group === group && (r.scope === "both" || r.scope === format)).map((r) => `applications.${r.path}.total`);

/** The cells a narrative subject stands for, in a report of the given template (several: their sum). */
function subjectTerms(subject: string, format: Template): Terms[] | null {
  switch (subject) {
    case "received": return [sum(["applications.newReceived.total"]), sum(["applications.newReceived.total", "applications.carriedOver.total"])];
    case "handled": return [sum(["applications.outcomes.total.total"])];
    case "carriedOver": return [sum(["applications.carriedOver.total"])];
    case "carriedForward": return [sum(["applications.carriedForward.total"])];
    case "granted": return [sum(["applications.outcomes.granted.total"])];
    case "partiallyGranted": return [sum(["applications.outcomes.partiallyGranted.total"])];
    case "denied": return [sum(rowsOf("denied", format))];
    case "unableToProvide": return [sum(rowsOf("unableToProvide", format))];
    case "notProcessed": return [sum(rowsOf("notProcessed", format))];
    case "review": return [sum(["reviewLitigation.review.total"])];
    case "litigation": return [sum(["reviewLitigation.litigationDirect.total", "reviewLitigation.litigationAfterReview.total"])];
    case "normativeInForce": return format === "2021" ? [sum(["proactive.normativeDocuments.inForce"])] : null;
    case "regulationsInForce": return format === "2021" ? [sum(["proactive.regulations.inForce"])] : null;
    default: return null;
  }
}

/** The result columns of 行政复议 / 行政诉讼 quoted after their total (“其中结果维持72件”). */
function resultTerms(parent: "review" | "litigation", column: string): Terms {
  return parent === "review"
    ? sum([`reviewLitigation.review.${column}`])
    : sum([`reviewLitigation.litigationDirect.${column}`, `reviewLitigation.litigationAfterReview.${column}`]);
}

export interface Claim {
  topic: string;
  value: number;
  sentence: string;
  section: string;
  alternatives: Terms[];
}

/** CLAIM_PATTERNS with the g flag, made once (a RegExp made for every sentence was 4% of parsing); each search starts at lastIndex 0. */
const GLOBAL_CLAIMS: Array<[string, RegExp]> = CLAIM_PATTERNS.map(([subject, re]) => [subject, new RegExp(re.source, "g")]);

/**
 * Every number the narrative states about the tables: applications received and handled, carried
 * over and forward, each outcome group, reviews and lawsuits with their results, documents in force.
 * Sentences are read with their line breaks and spaces removed (PDF text wraps mid-word).
 */
export function narrativeClaims(sections: NarrativeSection[], format: Template): Claim[] {
  const out: Claim[] = [];
  for (const section of sections) {
    if (CLAIM_SKIP_SECTIONS.test(section.heading)) continue;
    const text = section.text.replace(/\s+/g, "");
    for (const sentence of text.split(/[。；;!?！？]/)) {
      if (!/\d/.test(sentence)) continue;
      const hits: Array<{ at: number; subject: string; value: number }> = [];
      for (const [subject, re] of GLOBAL_CLAIMS) {
        re.lastIndex = 0;
        for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
          const value = Number(m.groups!.n ?? m.groups!.n2);
          if (Number.isSafeInteger(value)) hits.push({ at: m.index, subject, value });
          if (m[0] === "") re.lastIndex++;
        }
      }
      hits.sort((a, b) => a.at - b.at);
      // A result column (结果维持…) belongs to the review or litigation total quoted before it.
      let parent: "review" | "litigation" | null = null;
      const seen = new Set<string>();
      for (const h of hits) {
        let alternatives: Terms[] | null;
        if (h.subject === "review" || h.subject === "litigation") parent = h.subject;
        if (CLAIM_SUBJECTS.results.includes(h.subject)) alternatives = parent ? [resultTerms(parent, h.subject)] : null;
        else alternatives = subjectTerms(h.subject, format);
        // “handled” only counts in a sentence about applications.
        if (h.subject === "handled" && !hits.some((x) => x.subject === "received" || x.subject === "carriedOver")) alternatives = null;
        if (!alternatives) continue;
        const key = `${parent ?? ""}:${h.subject}:${h.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const topic = CLAIM_SUBJECTS.results.includes(h.subject) ? `${parent} ${h.subject}` : h.subject;
        out.push({ topic, value: h.value, sentence, section: section.heading, alternatives });
      }
    }
  }
  return out;
}

export function narrativeFacts(report: CanonicalReport): Fact[] {
  return narrativeClaims(report.sections, report.format).map((c) => ({
    alternatives: c.alternatives, value: c.value, topic: c.topic,
    resolvedBy: { kind: "narrative", detail: `${c.section || "preamble"}: “${c.sentence}”` },
  }));
}

const num = (report: unknown, path: string): number | null => {
  const v = getPath(report, path);
  return typeof v === "number" ? v : null;
};

/**
 * X1: last year's 结转下年度继续办理 is this year's 上年结转, column by column (hard). X3: this year's
 * documents in force = last year's + issued − repealed (2021 template; soft, documents also expire).
 */
export function previousYearFacts(previous: CanonicalReport, format: Template): Fact[] {
  const out: Fact[] = [];
  const source = `${previous.agency ?? "the same agency"} ${previous.year ?? "last year"}`;
  for (const c of APPLICANT_COLUMNS) {
    const v = num(previous, `applications.carriedForward.${c.key}`);
    if (v == null) continue;
    out.push({
      alternatives: [sum([`applications.carriedOver.${c.key}`])], value: v, topic: "carried over",
      resolvedBy: { kind: "previousYear", detail: `X1: ${source} carried ${v} forward (结转下年度继续办理, ${c.zh})` },
    });
  }
  if (format === "2021" && previous.format === "2021") {
    for (const row of ["regulations", "normativeDocuments"]) {
      const v = num(previous, `proactive.${row}.inForce`);
      if (v == null) continue;
      out.push({
        alternatives: [[[`proactive.${row}.inForce`, 1], [`proactive.${row}.issued`, -1], [`proactive.${row}.repealed`, 1]]], value: v, soft: true, topic: "documents in force",
        resolvedBy: { kind: "previousYear", detail: `X3 (soft): ${source} had ${v} in force; in force = ${v} + issued − repealed` },
      });
    }
  }
  return out;
}

/**
 * The same identities read from the year after: its 上年结转 is this year's 结转下年度 (X1, hard), and
 * this year's documents in force = next year's − its 制发 + its 废止 (X3, soft).
 */
export function nextYearFacts(next: CanonicalReport, format: Template): Fact[] {
  const out: Fact[] = [];
  const source = `${next.agency ?? "the same agency"} ${next.year ?? "next year"}`;
  for (const c of APPLICANT_COLUMNS) {
    const v = num(next, `applications.carriedOver.${c.key}`);
    if (v == null) continue;
    out.push({
      alternatives: [sum([`applications.carriedForward.${c.key}`])], value: v, topic: "carried forward",
      resolvedBy: { kind: "nextYear", detail: `X1: ${source} carried ${v} over (上年结转, ${c.zh})` },
    });
  }
  if (format === "2021" && next.format === "2021") {
    for (const row of ["regulations", "normativeDocuments"]) {
      const [inForce, issued, repealed] = ["inForce", "issued", "repealed"].map((k) => num(next, `proactive.${row}.${k}`));
      if (inForce == null || issued == null || repealed == null) continue;
      out.push({
        alternatives: [sum([`proactive.${row}.inForce`])], value: inForce - issued + repealed, soft: true, topic: "documents in force",
        resolvedBy: { kind: "nextYear", detail: `X3 (soft): ${source} had ${inForce} in force after issuing ${issued} and repealing ${repealed}` },
      });
    }
  }
  return out;
}

/** Every readable cell of another rendering of the same report. */
export function renderingFacts(others: CanonicalReport[], format: Template): Fact[] {
  const out: Fact[] = [];
  others.forEach((other, i) => {
    if (other.format !== format) return;
    const source = other.source ? `rendering ${other.source}` : `rendering #${i + 1} imported earlier`;
    for (const cell of cellsOf(format)) {
      const v = num(other, cell.path);
      if (v == null) continue;
      out.push({ alternatives: [sum([cell.path])], value: v, topic: cell.path, resolvedBy: { kind: "otherRendering", detail: `${source}: ${cell.path} = ${v}` } });
    }
  });
  return out;
}

/** All evidence for a report: its narrative, then what the caller passed. */
export function collectFacts(report: CanonicalReport, evidence: Evidence = {}): Fact[] {
  return [
    ...narrativeFacts(report),
    ...(evidence.previousYear ? previousYearFacts(evidence.previousYear, report.format) : []),
    ...(evidence.nextYear ? nextYearFacts(evidence.nextYear, report.format) : []),
    ...renderingFacts(evidence.otherRenderings ?? [], report.format),
  ];
}

/** The value of an alternative, given the cells known so far; null when a term is unknown. */
export function evaluate(terms: Terms, value: (path: string) => number | null): number | null {
  let s = 0;
  for (const [p, k] of terms) {
    const v = value(p);
    if (v == null) return null;
    s += k * v;
  }
  return s;
}
