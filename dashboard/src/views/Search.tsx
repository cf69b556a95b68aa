/**
 * 正文检索: search the narratives of every current report (searchNarratives); each hit links to its
 * report view with the terms highlighted (?q=) and its section in view (&section=).
 * Requests: RegionTree (shared) + SearchNarratives (+ one per "more" click).
 */
import { useEffect, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { request, useQuery } from "../gql";
import { href, intParam, setParams } from "../route";
import { RegionTree } from "../regions";
import { Status, WithRegions, Select } from "../components/Parts";
import { fmtNum } from "../labels";

interface Hit {
  reportId: string; year: number; section: string; sectionIndex: number; sectionKind: string; snippet: string;
  highlights: Array<{ start: number; end: number }>; agency: { id: string; name: string } | null;
}
interface Answer { searchNarratives: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Hit[] } }

export const SECTION_KIND_LABELS: Record<string, string> = {
  PREAMBLE: "标题与引言", OVERVIEW: "一、总体情况", PROACTIVE: "二、主动公开", APPLICATIONS: "三、依申请公开", REVIEW: "四、复议诉讼",
  PROBLEMS: "存在的主要问题及改进情况", OTHER: "其他需要报告的事项", EXTRA: "其他章节",
};

function highlighted(text: string, spans: Array<{ start: number; end: number }>): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    if (s.start > at) out.push(text.slice(at, s.start));
    out.push(<mark key={s.start} class="hit">{text.slice(s.start, s.end)}</mark>);
    at = s.end;
  }
  out.push(text.slice(at));
  return out;
}

export function Search({ tree, params }: { tree: RegionTree; params: URLSearchParams }) {
  const q = params.get("q") ?? "";
  const code = params.get("region") || null;
  const year = intParam(params, "year");
  const section = params.get("section") || null;
  const vars = { query: q, code, years: year ? [year] : null, section, after: null };
  const r = useQuery<Answer>("SearchNarratives", vars, !q.trim());
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [more, setMore] = useState<{ nodes: Hit[]; endCursor: string | null; hasNext: boolean } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  useEffect(() => setMore(null), [JSON.stringify(vars)]);
  const d = r.data?.searchNarratives;
  const nodes = [...(d?.nodes ?? []), ...(more?.nodes ?? [])];
  const hasNext = more ? more.hasNext : d?.pageInfo.hasNextPage;
  const loadMore = async () => {
    try {
      const next = await request<Answer>("SearchNarratives", { ...vars, after: more?.endCursor ?? d!.pageInfo.endCursor });
      const n = next.searchNarratives;
      setMore({ nodes: [...(more?.nodes ?? []), ...n.nodes], endCursor: n.pageInfo.endCursor, hasNext: n.pageInfo.hasNextPage });
    } catch (e) {
      setMoreError((e as Error).message);
    }
  };
  const years = [...tree.years].sort((a, b) => b - a);
  const name = code ? tree.byCode.get(code)?.name ?? code : "全部地区";
  return (
    <WithRegions tree={tree} selected={code} hrefFor={(c) => href("search", { q, region: c, year, section })}>
      <div class="view-head">
        <h2>正文检索 · {name}{year ? ` · ${year} 年` : ""}</h2>
        <div class="controls no-print">
          <Select label="年度" param="year" value={year ? String(year) : ""} options={[["", "全部年度"], ...years.map((y): [string, string] => [String(y), `${y} 年`])]} />
          <Select label="章节" param="section" value={section ?? ""} options={[["", "全部章节"], ...Object.entries(SECTION_KIND_LABELS)]} />
        </div>
      </div>
      <form class="search" role="search" onSubmit={(e) => { e.preventDefault(); setParams({ q: text.trim() || null }); }}>
        <label class="field">
          <span>检索词（空格分隔的词须同时出现；引号内为短语）</span>
          <input type="search" name="q" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">检索</button>
        {code ? <a href={href("search", { q, year, section })}>全部地区</a> : null}
      </form>
      {!q.trim() ? <p class="muted">输入检索词，例如“不予公开 申诉”或“"依申请公开"”。</p> : <Status loading={r.loading} error={r.error} />}
      {d ? (
        <>
          <p>共 <strong data-search-total>{fmtNum(d.totalCount)}</strong> 个章节含有全部检索词（按相关度排序）。</p>
          <ol class="plain hits" data-list="hits">
            {nodes.map((h) => (
              <li key={`${h.reportId}-${h.sectionIndex}`} class="hit-item">
                <a href={href("report", { id: h.reportId, q, section: h.sectionIndex })}>{h.agency?.name ?? `报告 ${h.reportId}`} · {h.year} 年 · {h.section || SECTION_KIND_LABELS[h.sectionKind] || "正文"}</a>
                <p class="snippet small">{highlighted(h.snippet, h.highlights)}</p>
              </li>
            ))}
          </ol>
          {moreError ? <p class="error" role="alert">{moreError}</p> : null}
          {hasNext ? <button type="button" class="no-print" onClick={loadMore}>再显示 20 条</button> : null}
        </>
      ) : null}
    </WithRegions>
  );
}
