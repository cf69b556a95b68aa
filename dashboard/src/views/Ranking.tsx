/**
 * 排名: agencies ranked by a cell or a metric (dense ranks: ties share a place), small samples
 * listed apart, the region and same-kind averages as reference lines.
 * Requests: RegionTree (shared) + Ranking.
 */
import { useMemo } from "preact/hooks";
import { useQuery } from "../gql";
import { href, intParam } from "../route";
import { RegionTree } from "../regions";
import { Status, WithRegions, Select, yearOptions } from "../components/Parts";
import { Chart } from "../components/Chart";
import { DownloadLinks } from "../components/OfficialTables";
import { KIND_LABELS, measureOptions, fmtNum, fmtValue, isRatio, measureLabel } from "../labels";

interface R { numerator: number | null; denominator: number | null; value: number | null }
interface Answer {
  region: { code: string; name: string } | null;
  ranking: {
    measure: string;
    rankedCount: number;
    regionAverage: R;
    entries: Array<{ rank: number; agency: { id: string; name: string; kind: string }; value: R; regionAverage: { value: number | null }; kindAverage: { value: number | null } }>;
    smallSamples: Array<{ agency: { id: string; name: string; kind: string }; value: R }>;
  };
}

const CHART_BARS = 30;

export function Ranking({ tree, params }: { tree: RegionTree; params: URLSearchParams }) {
  const code = params.get("region") || tree.defaultCode || "";
  const year = intParam(params, "year") ?? tree.defaultYear;
  const measure = params.get("measure") || "DISCLOSURE_RATE";
  const kind = params.get("kind") || null;
  const ratio = isRatio(measure);
  const minDenominator = intParam(params, "min") ?? (ratio ? 10 : 1);
  const order = params.get("order") === "ASC" ? "ASC" : "DESC";
  const waiting = !tree.loaded && !params.get("year");
  const q = useQuery<Answer>("Ranking", { code, measure, year, kind, minDenominator, order }, !code || waiting);
  const r = q.data?.ranking;
  const name = q.data?.region?.name ?? tree.byCode.get(code)?.name ?? code;

  const option = useMemo(() => {
    if (!r) return null;
    const top = r.entries.slice(0, CHART_BARS);
    // With a kind chosen, every ranked agency is of that kind: the region's value is the same-kind
    // average, drawn once. Without one, the region average is the line and each bar's same-kind
    // average a diamond. (The y axis runs top-down, so "start" puts a label above the bars.)
    const avg = kind ? (top[0]?.kindAverage.value ?? null) : r.regionAverage.value;
    const avgName = kind ? `同类平均（${KIND_LABELS[kind] ?? kind}）` : "区域平均";
    const marks: any[] = avg === null ? [] : [{
      xAxis: avg, name: avgName,
      label: { formatter: `${avgName} ${fmtValue(avg, ratio)}`, color: "#1f2328", position: "start" },
      lineStyle: { color: kind ? "#15803d" : "#b91c1c", type: "dashed", width: 2 },
    }];
    return {
      grid: { left: 8, right: 56, top: 56, bottom: 24, containLabel: true },
      xAxis: { type: "value", axisLabel: ratio ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : {} },
      yAxis: { type: "category", inverse: true, data: top.map((e) => `${e.rank}. ${e.agency.name}`), axisLabel: { width: 220, overflow: "truncate" } },
      tooltip: { trigger: "axis", valueFormatter: (v: number) => fmtValue(v, ratio) },
      series: [
        {
          type: "bar", name: measureLabel(measure), data: top.map((e) => e.value.value),
          label: { show: true, position: "right", color: "#1f2328", formatter: (p: any) => fmtValue(p.value, ratio) },
          markLine: marks.length ? { symbol: "none", silent: true, data: marks } : undefined,
        },
        ...(kind ? [] : [{
          type: "line", name: "同类平均", data: top.map((e) => e.kindAverage.value), showSymbol: true, symbol: "diamond", symbolSize: 9,
          lineStyle: { opacity: 0 }, itemStyle: { color: "#15803d" },
        }]),
      ],
      legend: { top: 0, left: 0 },
    };
  }, [r, ratio, kind]);

  const kinds: Array<[string, string]> = [["", "全部类型"], ...Object.entries(KIND_LABELS)];
  return (
    <WithRegions tree={tree} selected={code} hrefFor={(c) => href("ranking", { region: c, year, measure, kind, min: params.get("min"), order })}>
      <div class="view-head">
        <h2>{name} · {year} 年 {measureLabel(measure)} 排名</h2>
        <div class="controls no-print">
          <Select label="指标" param="measure" value={measure} options={measureOptions(measure)} />
          <Select label="年度" param="year" value={String(year)} options={yearOptions(tree.years, [year])} />
          <Select label="机关类型" param="kind" value={kind ?? ""} options={kinds} />
          <Select label="排序" param="order" value={order} options={[["DESC", "从高到低"], ["ASC", "从低到高"]]} />
          {ratio ? (
            <Select label="小样本门槛（分母）" param="min" value={String(minDenominator)} options={[1, 5, 10, 20, 50, 100].map((n) => [String(n), `≥ ${n}`])} />
          ) : null}
        </div>
      </div>
      <Status loading={q.loading} error={q.error} />
      {r ? (
        <>
          <p>
            共 <strong data-ranked-count>{fmtNum(r.rankedCount)}</strong> 个机关参与排名（名次并列者名次相同）；区域平均 <strong>{fmtValue(r.regionAverage.value, ratio)}</strong>
            {ratio ? `（${fmtNum(r.regionAverage.numerator)} / ${fmtNum(r.regionAverage.denominator)}）` : ""}。
            {r.entries.length > CHART_BARS ? `图表显示前 ${CHART_BARS} 名，下表列出前 ${r.entries.length} 名。` : ""}
          </p>
          {option && r.entries.length ? (
            <Chart option={option} name={`${code}-${year}-${measure}-排名`} title={`${name} ${year} 年 ${measureLabel(measure)} 排名`} height={Math.max(240, Math.min(r.entries.length, CHART_BARS) * 24 + 80)} />
          ) : <p class="muted">没有可排名的机关。</p>}
          <DownloadLinks links={[["CSV", `/export/reports.csv?region=${code}&year=${year}`], ["XLSX", `/export/reports.xlsx?region=${code}&year=${year}`]]} label="下载该地区各报告数据" />
          <div class="two-col wide-left">
            <div class="table-wrap">
              <table class="data" data-table="ranking">
                <caption>排名</caption>
                <thead>
                  <tr><th scope="col">名次</th><th scope="col">机关</th><th scope="col">类型</th><th scope="col">{measureLabel(measure)}</th>{ratio ? <th scope="col">分子 / 分母</th> : null}<th scope="col">同类平均</th></tr>
                </thead>
                <tbody>
                  {r.entries.map((e) => (
                    <tr key={e.agency.id}>
                      <td class="num">{e.rank}</td>
                      <th scope="row"><a href={href("compare", { agencies: e.agency.id, measure })}>{e.agency.name}</a></th>
                      <td>{KIND_LABELS[e.agency.kind] ?? e.agency.kind}</td>
                      <td class="num strong">{fmtValue(e.value.value, ratio)}</td>
                      {ratio ? <td class="num">{fmtNum(e.value.numerator)} / {fmtNum(e.value.denominator)}</td> : null}
                      <td class="num">{fmtValue(e.kindAverage.value, ratio)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <section aria-labelledby="small-h">
              <h3 id="small-h">小样本（分母低于 {minDenominator}，不参与排名）</h3>
              {r.smallSamples.length ? (
                <ul class="plain" data-list="small-samples">
                  {r.smallSamples.map((s) => (
                    <li key={s.agency.id}>{s.agency.name} <span class="muted">{fmtValue(s.value.value, ratio)}（{fmtNum(s.value.numerator)} / {fmtNum(s.value.denominator)}）</span></li>
                  ))}
                </ul>
              ) : <p class="muted">无</p>}
            </section>
          </div>
        </>
      ) : null}
    </WithRegions>
  );
}
