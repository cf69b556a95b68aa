/**
 * Year-over-year similarity of narrative text (文字重复率), pure.
 *
 * Measure: both texts are put in normal form (NFKC, lower case, letters and digits only — whitespace
 * and punctuation dropped, see narrative.ts), cut into the set of all overlapping 5-character
 * shingles, and compared by Jaccard: |A ∩ B| / |A ∪ B|. 1 means the same shingles (a copy, even if
 * re-punctuated or re-spaced), 0 means no 5-character run in common. A text shorter than 5
 * characters is one shingle, itself. Two empty texts have no ratio (null).
 *
 * Sections are paired by kind (一 总体情况 with last year's 一, 五 存在的主要问题 with last year's,
 * whatever their printed numbers); extra sections by their heading without its number. The whole
 * narrative is every section except the preamble (title lines and, on crawled pages, site
 * navigation), joined.
 */
import { headingKey, normalise, sectionKind, SectionKind, TextSpan } from "./narrative";
import type { Diagnostic, NarrativeSection } from "./report-json";

export const SHINGLE = 5;

/** N1 fires at or above this ratio (configurable; see Config.narrativeCopyThreshold). */
export const DEFAULT_COPY_THRESHOLD = 0.9;

/** Sections shorter than this (normal-form characters, either year) never raise N1: `无。` copied is not copying. */
export const MIN_COPY_CHARS = 50;

export function shingles(chars: readonly string[], n = SHINGLE): Set<string> {
  const out = new Set<string>();
  if (!chars.length) return out;
  if (chars.length < n) {
    out.add(chars.join(""));
    return out;
  }
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(""));
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number | null {
  if (!a.size && !b.size) return null;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const s of small) if (large.has(s)) common++;
  return common / (a.size + b.size - common);
}

/** Shingled 5-character Jaccard of two printed texts (see the file comment); null when both are empty. */
export function textSimilarity(current: string, previous: string): number | null {
  return jaccard(shingles(normalise(current).chars), shingles(normalise(previous).chars));
}

export interface SectionSimilarity {
  /** Index of the section in this report's sections, or null for the whole narrative. */
  index: number | null;
  heading: string;
  kind: SectionKind | "whole";
  /** The paired section of the previous report (null: it has none). */
  previousIndex: number | null;
  previousHeading: string | null;
  /** Jaccard of 5-character shingles; null when there is nothing to compare. */
  ratio: number | null;
  /** Normal-form characters of this section and of the paired one. */
  chars: number;
  previousChars: number;
  /** Printed ranges of this section whose 5-character runs also occur in the paired section (for marking copied passages). */
  shared: TextSpan[];
}

function pairKey(s: NarrativeSection): string {
  const kind = sectionKind(s.heading);
  return kind === "extra" ? `extra:${headingKey(s.heading)}` : kind;
}

/** Printed ranges of `text` covered by a shingle that also occurs in `other`. */
function sharedSpans(norm: ReturnType<typeof normalise>, other: ReadonlySet<string>): TextSpan[] {
  const n = norm.chars.length;
  if (!n || !other.size) return [];
  const covered = new Uint8Array(n);
  if (n < SHINGLE) {
    if (other.has(norm.text)) covered.fill(1);
  } else {
    for (let i = 0; i + SHINGLE <= n; i++) {
      if (other.has(norm.chars.slice(i, i + SHINGLE).join(""))) covered.fill(1, i, i + SHINGLE);
    }
  }
  const spans: TextSpan[] = [];
  for (let i = 0; i < n; i++) {
    if (!covered[i]) continue;
    let j = i;
    while (j + 1 < n && covered[j + 1]) j++;
    spans.push({ start: norm.start[i], end: norm.end[j] });
    i = j;
  }
  return spans;
}

function compare(current: string, previous: string | null) {
  const a = normalise(current);
  if (previous == null) return { ratio: null, chars: a.chars.length, previousChars: 0, shared: [] as TextSpan[] };
  const b = normalise(previous);
  const sa = shingles(a.chars);
  const sb = shingles(b.chars);
  return { ratio: jaccard(sa, sb), chars: a.chars.length, previousChars: b.chars.length, shared: sharedSpans(a, sb) };
}

/**
 * Every section of `current` against its pair in `previous`, then the whole narrative (index null,
 * kind "whole", last in the list).
 */
export function narrativeSimilarity(current: readonly NarrativeSection[], previous: readonly NarrativeSection[]): SectionSimilarity[] {
  const byKey = new Map<string, number>();
  previous.forEach((s, i) => {
    const k = pairKey(s);
    if (!byKey.has(k)) byKey.set(k, i);
  });
  const out: SectionSimilarity[] = current.map((s, index) => {
    const previousIndex = byKey.get(pairKey(s)) ?? null;
    const p = previousIndex == null ? null : previous[previousIndex];
    return {
      index, heading: s.heading, kind: sectionKind(s.heading), previousIndex, previousHeading: p?.heading ?? null,
      ...compare(s.text, p?.text ?? null),
    };
  });
  const body = (sections: readonly NarrativeSection[]) => sections.filter((s) => sectionKind(s.heading) !== "preamble").map((s) => s.text).join("\n");
  const whole = compare(body(current), body(previous));
  out.push({ index: null, heading: "", kind: "whole", previousIndex: null, previousHeading: null, ...whole, shared: [] });
  return out;
}

/**
 * N1 — a narrative section (not the preamble) is near-identical to the same section of the agency's
 * previous report: ratio ≥ threshold, both at least MIN_COPY_CHARS characters in normal form.
 * `printed` is the ratio in percent, `computed` the previous report's year.
 */
export function copyDiagnostics(current: readonly NarrativeSection[], previous: readonly NarrativeSection[], previousYear: number, threshold = DEFAULT_COPY_THRESHOLD): Diagnostic[] {
  return narrativeSimilarity(current, previous)
    .filter((s) => s.index != null && s.kind !== "preamble" && s.ratio != null && s.ratio >= threshold
      && s.chars >= MIN_COPY_CHARS && s.previousChars >= MIN_COPY_CHARS)
    .map((s) => ({
      rule: "N1",
      severity: "warning" as const,
      printed: Math.round(s.ratio! * 100),
      computed: previousYear,
      message: `N1: ${s.heading} is ${Math.round(s.ratio! * 1000) / 10}% the same as ${s.previousHeading} of the ${previousYear} report (5-character shingles, Jaccard; threshold ${threshold})`,
    }));
}
