/**
 * 机关对比: agencies (found by current or former names) across years: the official rows with their
 * changes, `comparable: false` marked, and one line per agency.
 * Requests: Compare, and AgencySearch when someone searches.
 */
import { useMemo, useState } from "preact/hooks";
import { request, useQuery } from "../gql";
import { href, setParams } from "../route";
import { Status, Select } from "../components/Parts";
import { Chart } from "../components/Chart";
import { DownloadLinks } from "../components/OfficialTables";
import { KIND_LABELS, measureOptions, fmtDelta, fmtRel, fmtValue, isRatio, measureLabel, thisYear } from "../labels";

const ROWS = [
  "applications.newReceived.total", "applications.carriedOver.total", "applications.outcomes.granted.total", "applications.outcomes.partiallyGranted.total",
  "applications.outcomes.total.total", "applications.carriedForward.total", "reviewLitigation.review.total", "reviewLitigation.litigationDirect.total",
  "reviewLitigation.litigationAfterReview.total", "proactive.licensing.decisions", "proactive.punishment.decisions", "DISCLOSURE_RATE", "BACKLOG_RATE",
];
const ROW_LABELS: Record<string, string> = { "proactive.licensing.decisions": "行政许可处理决定", "proactive.punishment.decisions": "行政处罚处理决定" };
const rowLabel = (m: string) => ROW_LABELS[m] ?? measureLabel(m);

interface R { numerator: number | null; denominator: number | null; value: number | null }
interface AgencyInfo { id: string; name: string; kind: string; names: Array<{ name: string; fromYear: number | null; toYear: number | null }>; region: { code: string; name: string } | null }
interface Series { measure: string; values: Array<{ year: number; printedAgencyName: string | null; template: string | null; value: R | null }>; changes: Array<{ fromYear: number; toYear: number; absolute: number | null; relative: number | null; comparable: boolean; reason: string | null }> }
interface Answer { compareAgencies: Array<{ agency: AgencyInfo; series: Series[] }> }

function parseYears(s: string | null): number[] {
  const m = /^(\d{4})-(\d{4})$/.exec(s ?? "");
  const to = m ? Number(m[2]) : thisYear() - 1;
  const from = m ? Number(m[1]) : 2019;
  const out: number[] = [];
  for (let y = Math.min(from, to); y <= Math.max(from, to) && out.length < 30; y++) out.push(y);
  return out;
}

function AgencySearch({ selected }: { selected: string[] }) {
  const [text, setText] = useState("");
  const [found, setFound] = useState<AgencyInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    setError(null);
    try {
      const d = await request<{ agencies: { nodes: AgencyInfo[] } }>("AgencySearch", { name: text.trim(), code: null });
      setFound(d.agencies.nodes);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="search no-print" onSubmit={search} role="search">
      <label class="field">
        <span>查找机关（现用名或曾用名）</span>
        <input type="search" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} placeholder="例如 应急管理局" />
      </label>
      <button type="submit">查找</button>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {found ? (
        <ul class="plain results" aria-live="polite">
          {found.length ? found.map((a) => (
            <li key={a.id}>
              <button type="button" disabled={selected.includes(a.id)} onClick={() => setParams({ agencies: [...selected, a.id].join(",") })}>
                加入对比
              </button>{" "}
              {a.name} <span class="muted">{a.region?.name ?? ""} {KIND_LABELS[a.kind] ?? ""}{a.names.length > 1 ? `；曾用名：${a.names.filter((n) => n.name !== a.name).map((n) => n.name).join("、")}` : ""}</span>
            </li>
          )) : <li class="muted">没有找到</li>}
        </ul>
      ) : null}
    </form>
  );
}

export function Compare({ params }: { params: URLSearchParams }) {
  const ids = (params.get("agencies") ?? "").split(",").filter((s) => /^\d+$/.test(s)).slice(0, 10);
  const years = parseYears(params.get("years"));
  const measure = params.get("measure") || "applications.newReceived.total";
  const measures = ROWS.includes(measure) ? ROWS : [...ROWS, measure];
  const q = useQuery<Answer>("Compare", { ids, years, measures }, !ids.length);
  const rows = q.data?.compareAgencies ?? [];
  const ratio = isRatio(measure);

  const option = useMemo(() => ({
    grid: { left: 64, right: 24, top: 48, bottom: 56 },
    legend: { type: "scroll", bottom: 0 },
    xAxis: { type: "category", data: years.map(String) },
    yAxis: { type: "value", axisLabel: ratio ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : {} },
    tooltip: { trigger: "axis", valueFormatter: (v: number) => fmtValue(v, ratio) },
    series: rows.map((r) => ({
      type: "line", name: r.agency.name, symbolSize: 7,
      data: r.series.find((s) => s.measure === measure)?.values.map((v) => v.value?.value ?? null) ?? [],
    })),
  }), [q.data, measure]);

  const yearChoices = Array.from({ length: thisYear() - 2014 }, (_, i) => 2015 + i);
  const setYears = (from: number, to: number) => setParams({ years: `${Math.min(from, to)}-${Math.max(from, to)}` });
  return (
    <div class="content solo">
      <div class="view-head">
        <h2>机关对比</h2>
        <div class="controls no-print">
          <Select label="图表指标" param="measure" value={measure} options={measureOptions(measure)} />
          <Select label="起始年度" value={String(years[0])} options={yearChoices.map((y) => [String(y), `${y} 年`])} onChange={(v) => setYears(Number(v), years[years.length - 1])} />
          <Select label="截止年度" value={String(years[years.length - 1])} options={yearChoices.map((y) => [String(y), `${y} 年`])} onChange={(v) => setYears(years[0], Number(v))} />
        </div>
      </div>
      <AgencySearch selected={ids} />
      {ids.length ? null : <p>请查找并加入要对比的机关。</p>}
      <Status loading={q.loading} error={q.error} />
      {rows.length ? (
        <>
          <ul class="chips">
            {rows.map((r) => (
              <li key={r.agency.id}>
                {r.agency.name}
                <button type="button" class="link-button no-print" aria-label={`移除 ${r.agency.name}`} onClick={() => setParams({ agencies: ids.filter((i) => i !== r.agency.id).join(",") })}>移除</button>
              </li>
            ))}
          </ul>
          <Chart option={option} name={`机关对比-${measure}`} title={`${measureLabel(measure)}（${years[0]}–${years[years.length - 1]}）`} height={320} />
          <DownloadLinks links={["xlsx", "csv", "html"].map((f) => [f.toUpperCase(), `/export/compare.${f}?agencies=${ids.join(",")}&years=${years[0]}-${years[years.length - 1]}`])} />
          {rows.map((r) => (
            <div class="table-wrap" key={r.agency.id}>
              <table class="data compare" data-agency={r.agency.id}>
                <caption>
                  {r.agency.name}
                  {r.agency.names.length > 1 ? <span class="muted">（曾用名：{r.agency.names.filter((n) => n.name !== r.agency.name).map((n) => `${n.name}${n.toYear ? ` 至 ${n.toYear} 年` : ""}`).join("、")}）</span> : null}
                </caption>
                <thead><tr><th scope="col">项目</th>{years.map((y) => <th scope="col" key={y}>{y}</th>)}</tr></thead>
                <tbody>
                  {r.series.map((s) => {
                    const isR = isRatio(s.measure);
                    return (
                      <tr key={s.measure} data-measure={s.measure}>
                        <th scope="row"><a href={href("compare", { agencies: ids.join(","), years: params.get("years"), measure: s.measure })}>{rowLabel(s.measure)}</a></th>
                        {s.values.map((v) => {
                          const ch = s.changes.find((c) => c.toYear === v.year);
                          return (
                            <td key={v.year} class={`num ${ch && !ch.comparable && v.value ? "not-comparable" : ""}`}
                              title={ch && !ch.comparable ? `与 ${ch.fromYear} 年不可比：${ch.reason ?? ""}` : v.printedAgencyName ? `报告署名：${v.printedAgencyName}` : undefined}>
                              {v.value ? fmtValue(v.value.value, isR) : "—"}
                              {ch && v.value ? (
                                ch.comparable
                                  ? <span class="change">{fmtDelta(ch.absolute, isR)}{!isR && ch.relative !== null ? `（${fmtRel(ch.relative)}）` : ""}</span>
                                  : <span class="change flag">不可比</span>
                              ) : null}
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
          <p class="muted small">“不可比”：模板变化改变了该数字的含义（如 2020→2021 年第二部分），或上一年缺数；悬停可见原因。</p>
        </>
      ) : null}
    </div>
  );
}
