/**
 * 正文 — a report's narrative sections, with the passages that repeat the agency's previous report
 * marked (Report.narrativeSimilarity's shared spans, its ratio per section, N1 where the section was
 * flagged as copied) and the terms of a search (`?q=`) highlighted. Search matches are found here
 * with the API's own query parser and normal form (src/domain/narrative), so they are the spans
 * `searchNarratives` reports as `matches`, without another request.
 */
import { useEffect, useMemo } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { findTerms, matchSpans, normalise, parseQuery } from "../../../src/domain/narrative";
import { href } from "../route";
import { fmtPct } from "../labels";

export interface Span { start: number; end: number }
export interface Similarity {
  section: string | null; sectionIndex: number | null; kind: string; previousSection: string | null; previousYear: number;
  previousReportId: string; ratio: number | null; chars: number; previousChars: number; shared: Span[];
}

/** Search terms in normal form, or an error text for a query the API would refuse too. */
export function searchTerms(q: string): { terms: string[]; error: string | null } {
  if (!q.trim()) return { terms: [], error: null };
  try {
    return { terms: parseQuery(q).terms, error: null };
  } catch (e) {
    return { terms: [], error: `检索词无效：${(e as Error).message}` };
  }
}

/** Printed spans of every occurrence of any term (a section need not hold all of them to be marked). */
export function searchSpans(text: string, terms: string[]): Span[] {
  if (!terms.length) return [];
  const norm = normalise(text);
  const found = terms.flatMap((t) => findTerms(norm, [t]) ?? []);
  return matchSpans(norm, found);
}

/** `text[a, b)` with the copied spans inside it marked. */
function copiedPieces(text: string, a: number, b: number, copied: Span[]): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let at = a;
  for (const s of copied) {
    const from = Math.max(s.start, a);
    const to = Math.min(s.end, b);
    if (to <= from || from < at) continue;
    if (from > at) out.push(text.slice(at, from));
    out.push(<span key={from} class="copied">{text.slice(from, to)}</span>);
    at = to;
  }
  if (at < b) out.push(text.slice(at, b));
  return out;
}

/** The text with each search hit as one <mark> and the copied passages marked inside and between them. */
function marked(text: string, copied: Span[], hits: Span[]): ComponentChildren[] {
  const sortedCopied = [...copied].sort((x, y) => x.start - y.start);
  const out: ComponentChildren[] = [];
  let at = 0;
  for (const h of [...hits].sort((x, y) => x.start - y.start)) {
    if (h.start < at) continue;
    out.push(...copiedPieces(text, at, h.start, sortedCopied));
    out.push(<mark key={`h${h.start}`} class="hit" data-hit={`${h.start}-${h.end}`}>{copiedPieces(text, h.start, h.end, sortedCopied)}</mark>);
    at = h.end;
  }
  out.push(...copiedPieces(text, at, text.length, sortedCopied));
  return out;
}

export function NarrativeSections({ reportId, sections, similarity, copiedHeadings, q, focus }: {
  reportId: string;
  sections: Array<{ heading: string; text: string }>;
  similarity: Similarity[];
  /** Headings of sections with an N1 finding. */
  copiedHeadings: Set<string>;
  q: string;
  /** Section index to scroll to (a search hit's). */
  focus: number | null;
}) {
  const { terms, error } = useMemo(() => searchTerms(q), [q]);
  const bySection = useMemo(() => new Map(similarity.filter((s) => s.sectionIndex !== null).map((s) => [s.sectionIndex!, s])), [similarity]);
  const whole = similarity.find((s) => s.kind === "WHOLE");
  useEffect(() => {
    if (focus !== null) document.getElementById(`narr-${focus}`)?.scrollIntoView({ block: "start" });
  }, [focus, reportId]);
  let hitCount = 0;
  const rendered = sections.map((s, i) => {
    const sim = bySection.get(i);
    const hits = searchSpans(s.text, terms);
    hitCount += hits.length;
    const n1 = copiedHeadings.has(s.heading);
    return (
      <section key={i} id={`narr-${i}`} class={`narr${focus === i ? " focused" : ""}`} data-section={i} aria-labelledby={`narr-h-${i}`}>
        <h4 id={`narr-h-${i}`}>
          {s.heading || "标题与引言"}
          {sim && sim.ratio !== null ? (
            <span class={`badge ${n1 ? "bad" : "muted"}`} data-ratio={sim.ratio}>
              与 <a href={href("report", { id: sim.previousReportId })}>{sim.previousYear} 年</a>{sim.previousSection ? `「${sim.previousSection}」` : ""}重复率 {fmtPct(sim.ratio)}
            </span>
          ) : sim ? <span class="badge muted">上年无对应章节</span> : null}
          {n1 ? <span class="badge n1" title="N1：与上年报告雷同">N1 雷同</span> : null}
        </h4>
        <p class="narr-text">{marked(s.text, sim?.shared ?? [], hits)}</p>
      </section>
    );
  });
  return (
    <div class="narrative" tabIndex={0} aria-label="正文章节">
      <p class="legend small">
        <span class="copied swatch">与上年报告相同的段落</span>
        {terms.length ? <> <mark class="hit swatch">检索词</mark>（{hitCount} 处）</> : null}
        {whole && whole.ratio !== null ? <> · 全文与 {whole.previousYear} 年报告重复率 <strong data-whole-ratio={whole.ratio}>{fmtPct(whole.ratio)}</strong></> : similarity.length ? null : <> · 没有上一年的报告可比</>}
        。重复率为去掉空白和标点后 5 字片段的 Jaccard 相似度。
      </p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {rendered}
    </div>
  );
}
