/**
 * 趋势: a measure of a region over the years, against its kinds of agency or its sub-regions.
 * Requests: RegionTree (shared) + Trend + (by sub-region) TrendSubregions.
 */
import { useMemo } from "preact/hooks";
import { useQuery } from "../gql";
import { href, intParam, setParams } from "../route";
import { RegionTree } from "../regions";
import { Status, WithRegions, Select } from "../components/Parts";
import { Chart } from "../components/Chart";
import { DownloadLinks } from "../components/OfficialTables";
import { KIND_LABELS, measureOptions, fmtValue, isRatio, measureLabel, thisYear, TEMPLATE_LABELS } from "../labels";

const SLOTS = 32;
const KIND_ALIASES: Array<[string, string]> = [["government", "GOVERNMENT"], ["generalOffice", "GENERAL_OFFICE"], ["department", "DEPARTMENT"], ["township", "TOWNSHIP"], ["other", "OTHER"]];

interface Point { year: number; reportCount: number; comparableWithPrevious: boolean; templates: string[]; value: { numerator: number | null; denominator: number | null; value: number | null } }
interface TrendAnswer { region: { code: string; name: string; level: string; children: Array<{ code: string; name: string; level: string }> } | null; all: Point[]; [alias: string]: any }

export function Trends({ tree, params }: { tree: RegionTree; params: URLSearchParams }) {
  const code = params.get("region") || tree.defaultCode || "";
  const measure = params.get("measure") || "applications.newReceived.total";
  const toYear = intParam(params, "to") ?? Math.max(tree.defaultYear, ...tree.years);
  const fromYear = intParam(params, "from") ?? Math.min(2019, toYear);
  const by = params.get("by") === "sub" ? "sub" : "kind";
  const ratio = isRatio(measure);
  const waiting = !tree.loaded && !params.get("to");
  const main = useQuery<TrendAnswer>("Trend", { code, measure, fromYear, toYear }, !code || waiting);
  // Sub-regions from the region tree when it is there (no wait for the Trend answer), else from that answer.
  const children = tree.byCode.get(code)?.children ?? main.data?.region?.children ?? [];
  const subVars = useMemo(() => {
    const v: Record<string, unknown> = { measure, fromYear, toYear };
    for (let i = 0; i < SLOTS; i++) {
      v[`r${i}`] = children[i]?.code ?? null;
      v[`with${i}`] = i < children.length;
    }
    return v;
  }, [measure, fromYear, toYear, children]);
  const sub = useQuery<Record<string, Point[]>>("TrendSubregions", subVars, by !== "sub" || !children.length);

  const years = (main.data?.all ?? []).map((p) => p.year);
  const lines: Array<{ name: string; points: Point[] }> = [];
  if (main.data) {
    lines.push({ name: `${main.data.region?.name ?? code}（全部）`, points: main.data.all });
    if (by === "kind") for (const [alias, kind] of KIND_ALIASES) lines.push({ name: KIND_LABELS[kind], points: main.data[alias] });
    else if (sub.data) children.slice(0, SLOTS).forEach((c, i) => lines.push({ name: c.name, points: sub.data![`s${i}`] ?? [] }));
  }
  const shown = lines.filter((l, i) => i === 0 || l.points.some((p) => p.reportCount > 0));
  const option = useMemo(() => ({
    grid: { left: 64, right: 24, top: 48, bottom: shown.length > 6 ? 88 : 56 },
    legend: { type: "scroll", bottom: 0 },
    xAxis: { type: "category", data: years.map(String) },
    yAxis: { type: "value", axisLabel: ratio ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : {} },
    tooltip: { trigger: "axis", valueFormatter: (v: number) => fmtValue(v, ratio) },
    series: shown.map((l, i) => ({
      type: "line", name: l.name, connectNulls: false, symbolSize: 6,
      lineStyle: { width: i === 0 ? 3 : 1.5 },
      data: l.points.map((p) => (p.reportCount > 0 ? p.value.value : null)),
    })),
  }), [JSON.stringify(shown.map((l) => [l.name, l.points.map((p) => p.value.value)])), ratio]);

  const allYears = [...new Set([...tree.years, fromYear, toYear, 2019])].sort((a, b) => a - b);
  const name = main.data?.region?.name ?? tree.byCode.get(code)?.name ?? code;
  return (
    <WithRegions tree={tree} selected={code} hrefFor={(c) => href("trends", { region: c, measure, from: fromYear, to: toYear, by })}>
      <div class="view-head">
        <h2>{name} · {measureLabel(measure)} 趋势</h2>
        <div class="controls no-print">
          <Select label="指标" param="measure" value={measure} options={measureOptions(measure)} />
          <Select label="起始年度" param="from" value={String(fromYear)} options={allYears.filter((y) => y <= toYear).map((y) => [String(y), `${y} 年`])} />
          <Select label="截止年度" param="to" value={String(toYear)} options={allYears.filter((y) => y >= fromYear).concat(thisYear()).filter((y, i, a) => a.indexOf(y) === i).map((y) => [String(y), `${y} 年`])} />
          <Select label="对照" value={by} options={[["kind", "按机关类型"], ["sub", "按下级行政区划"]]} onChange={(v) => setParams({ by: v })} />
        </div>
      </div>
      <Status loading={main.loading || sub.loading} error={main.error ?? sub.error} />
      {by === "sub" && main.data && !children.length ? <p class="muted">该行政区划没有下级行政区划。</p> : null}
      {by === "sub" && children.length > SLOTS ? <p class="muted">下级行政区划共 {children.length} 个，图表显示前 {SLOTS} 个。</p> : null}
      {main.data ? (
        <>
          <Chart option={option} name={`${code}-${measure}-趋势`} title={`${name} ${measureLabel(measure)}（${fromYear}–${toYear}）`} height={360} />
          <DownloadLinks links={["csv", "xlsx"].map((f) => [f.toUpperCase(), `/export/reports.${f}?region=${code}&years=${fromYear}-${toYear}`])} label="下载该地区各年度报告数据" />
          <div class="table-wrap">
            <table class="data" data-table="trend">
              <caption>{measureLabel(measure)}，各年度{ratio ? "（分子 / 分母）" : ""}</caption>
              <thead>
                <tr><th scope="col">{by === "kind" ? "机关类型" : "行政区划"}</th>{years.map((y) => <th scope="col" key={y}>{y}</th>)}</tr>
              </thead>
              <tbody>
                {shown.map((l) => (
                  <tr key={l.name}>
                    <th scope="row">{l.name}</th>
                    {l.points.map((p, i) => (
                      <td key={p.year} class={`num ${p.comparableWithPrevious || i === 0 ? "" : "not-comparable"}`}
                        title={`${p.reportCount} 份报告；${p.templates.map((t) => TEMPLATE_LABELS[t] ?? t).join("、") || "无报告"}${p.comparableWithPrevious || i === 0 ? "" : "；与上年不可比（模板变化）"}`}>
                        {p.reportCount ? fmtValue(p.value.value, ratio) : "—"}
                        {ratio && p.reportCount ? <span class="parts">{p.value.numerator ?? "—"}/{p.value.denominator ?? "—"}</span> : null}
                        {p.comparableWithPrevious || i === 0 ? null : <span class="flag" title="与上年不可比">†</span>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted small">† 与上年不可比（模板变化改变了该数字的含义）。“—”：该年没有报告。</p>
        </>
      ) : null}
    </WithRegions>
  );
}
