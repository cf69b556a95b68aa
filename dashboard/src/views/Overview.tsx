/**
 * 区域概览: a region-year's key figures with their change on the year before, metrics with their
 * numerator and denominator, coverage, the X4 comparison and the official tables.
 * Requests: RegionOverview (the figures), then RegionOverviewMore (coverage lists, X4, reports per
 * year) and RegionTree (shared), so that nothing below the figures holds them back.
 */
import { useMemo } from "preact/hooks";
import { useQuery } from "../gql";
import { href, intParam } from "../route";
import { RegionTree, ancestors } from "../regions";
import { AfterPaint, Status, WithRegions, Select, yearOptions } from "../components/Parts";
import { ApplicationsTable, DownloadLinks, ProactiveTable, ReviewTable, getPath } from "../components/OfficialTables";
import { Chart } from "../components/Chart";
import { METRICS, KIND_LABELS, fmtDelta, fmtNum, fmtPct, fmtRel, definition, metricField, pathLabel, thisYear } from "../labels";

const KPIS: Array<{ path: string; label: string }> = [
  { path: "applications.newReceived.total", label: "本年新收申请" },
  { path: "applications.carriedOver.total", label: "上年结转申请" },
  { path: "applications.outcomes.total.total", label: "办理结果总计" },
  { path: "applications.outcomes.granted.total", label: "予以公开" },
  { path: "applications.carriedForward.total", label: "结转下年度" },
  { path: "reviewLitigation.review.total", label: "行政复议" },
  { path: "reviewLitigation.litigationDirect.total", label: "直接起诉" },
  { path: "reviewLitigation.litigationAfterReview.total", label: "复议后起诉" },
];

interface Answer {
  region: { code: string; name: string; level: string; parent: { code: string; name: string; parent: { code: string; name: string } | null } | null } | null;
  current: any;
  previous: any;
}
interface More {
  current: { coverage: { missingCount: number; missing: Array<{ reportedPreviousYear: boolean; agency: { id: string; name: string; kind: string } }>; excludedAggregates: Array<{ id: string }> }; aggregateComparison: any };
  years: Array<{ year: number; reportCount: number }>;
}

export function Overview({ tree, params }: { tree: RegionTree; params: URLSearchParams }) {
  const code = params.get("region") || tree.defaultCode || "";
  const year = intParam(params, "year") ?? tree.defaultYear;
  const waiting = !tree.loaded && !params.get("year");
  const q = useQuery<Answer>("RegionOverview", { code, year, previousYear: year - 1 }, !code || waiting);
  const more = useQuery<More>("RegionOverviewMore", { code, year, fromYear: 2019, toYear: Math.max(thisYear(), year) }, !code || waiting, true);
  const d = q.data;
  const m = more.data;
  const yearsWithReports = (m?.years ?? []).filter((y) => y.reportCount > 0).map((y) => y.year);
  const prevReported = (d?.previous?.coverage?.reportingAgencies ?? 0) > 0;
  const crumbs = ancestors(tree.byCode.get(code));
  const name = d?.region?.name ?? tree.byCode.get(code)?.name ?? code;

  const lastYear = Math.max(year, ...yearsWithReports);
  const chartYears = (m?.years ?? []).filter((y) => y.year <= lastYear);
  const yearChart = useMemo(() => m && {
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: "category", data: chartYears.map((y) => String(y.year)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name: "报告数", data: chartYears.map((y) => y.reportCount), label: { show: true, position: "top", color: "#1f2328" } }],
  }, [m]);

  return (
    <WithRegions tree={tree} selected={code} hrefFor={(c) => href("overview", { region: c, year })}>
      <div class="view-head">
        <h2>
          <span class="crumbs">{crumbs.slice(0, -1).map((c) => [<a key={c.code} href={href("overview", { region: c.code, year })}>{c.name}</a>, <span key={c.code + "s"} aria-hidden="true"> › </span>])}</span>
          {name} · {year} 年 区域概览
        </h2>
        <div class="controls no-print">
          <Select label="年度" param="year" value={String(year)} options={yearOptions(tree.years.length ? tree.years : [year], [year, ...yearsWithReports])} />
        </div>
      </div>
      <Status loading={q.loading} error={q.error} />
      {d && d.current ? (
        <>
          <section aria-labelledby="kpi-h">
            <h3 id="kpi-h">主要数字 <span class="muted">（与 {year - 1} 年相比）</span></h3>
            <ul class="kpis">
              {KPIS.map((k) => {
                const v = getPath(d.current, k.path) as number | null;
                const p = getPath(d.previous, k.path) as number | null;
                const delta = prevReported && v !== null && p !== null && v !== undefined && p !== undefined ? v - p : null;
                return (
                  <li key={k.path} class="kpi" data-kpi={k.path}>
                    <span class="kpi-label">{k.label}</span>
                    <span class="kpi-value" data-value>{fmtNum(v)}</span>
                    <span class={`kpi-delta ${delta && delta > 0 ? "up" : delta && delta < 0 ? "down" : ""}`}>
                      {!prevReported ? `${year - 1} 年无报告` : delta === null ? "上年无数据" : `${delta > 0 ? "▲ " : delta < 0 ? "▼ " : ""}${fmtDelta(delta)}${p ? `（${fmtRel(delta / p)}）` : ""}`}
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>

          <section aria-labelledby="metrics-h">
            <h3 id="metrics-h">指标 <span class="muted">（分子 / 分母，由汇总数重新计算）</span></h3>
            <div class="table-wrap">
              <table class="data">
                <thead>
                  <tr><th scope="col">指标</th><th scope="col">定义</th><th scope="col">分子</th><th scope="col">分母</th><th scope="col">{year} 年</th><th scope="col">{year - 1} 年</th><th scope="col">变化</th></tr>
                </thead>
                <tbody>
                  {METRICS.map((m) => {
                    const cur = d.current.metrics[metricField(m.id)];
                    const prev = d.previous?.metrics?.[metricField(m.id)];
                    const delta = cur?.value !== null && prev?.value !== null && prev ? cur.value - prev.value : null;
                    return (
                      <tr key={m.id} data-metric={m.id}>
                        <th scope="row"><a href={href("ranking", { region: code, year, measure: m.id })}>{m.zh}</a></th>
                        <td class="muted small">{definition(m.en)}</td>
                        <td class="num">{fmtNum(cur.numerator)}</td>
                        <td class="num">{fmtNum(cur.denominator)}</td>
                        <td class="num strong" data-value>{fmtPct(cur.value)}</td>
                        <td class="num">{fmtPct(prev?.value)}</td>
                        <td class="num">{fmtDelta(delta, true)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <div class="two-col">
            <section aria-labelledby="coverage-h">
              <h3 id="coverage-h">覆盖情况</h3>
              <dl class="facts">
                <dt>报告机关</dt><dd data-coverage="reporting">{fmtNum(d.current.coverage.reportingAgencies)}</dd>
                <dt>含无法识读单元格的报告</dt><dd>{fmtNum(d.current.coverage.incompleteReports)}</dd>
                {m ? (
                  <>
                    <dt>未报告机关</dt><dd data-coverage="missing">{fmtNum(m.current.coverage.missingCount)}</dd>
                    <dt>上年已报、本年未报</dt>
                    <dd data-coverage="dropped">{fmtNum(m.current.coverage.missing.filter((x) => x.reportedPreviousYear).length)}{m.current.coverage.missingCount > m.current.coverage.missing.length ? "（前 100 个未报告机关中）" : ""}</dd>
                    <dt>已排除的汇总报告</dt><dd>{fmtNum(m.current.coverage.excludedAggregates.length)}</dd>
                  </>
                ) : null}
              </dl>
              {more.error ? <p class="error" role="alert">查询失败：{more.error}</p> : !m ? <p class="loading">正在加载未报告机关…</p> : null}
              {m?.current.coverage.missing.length ? (
                <details>
                  <summary>未报告机关名单（{m.current.coverage.missing.length}）</summary>
                  <ul class="plain">
                    {m.current.coverage.missing.map((x) => (
                      <li key={x.agency.id}>
                        {x.agency.name} <span class="muted">{KIND_LABELS[x.agency.kind] ?? ""}</span>
                        {x.reportedPreviousYear ? <span class="badge warn">上年已报</span> : null}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </section>
            <section aria-labelledby="x4-h">
              <h3 id="x4-h">X4 逐级汇总核对</h3>
              {!m ? <p class="loading">正在核对…</p> : m.current.aggregateComparison ? (
                <>
                  <p>
                    本级汇总报告 <a href={href("report", { id: m.current.aggregateComparison.report.id })}>{m.current.aggregateComparison.report.printedAgencyName}</a>
                    {m.current.aggregateComparison.matches ? <strong class="ok">与下属机关合计一致</strong> : <strong class="bad">与下属机关合计有 {m.current.aggregateComparison.differences.length} 处不同</strong>}
                  </p>
                  {m.current.aggregateComparison.differences.length ? (
                    <div class="table-wrap scroll-y">
                      <table class="data">
                        <thead><tr><th scope="col">单元格</th><th scope="col">汇总报告</th><th scope="col">合计</th><th scope="col">差</th></tr></thead>
                        <tbody>
                          {m.current.aggregateComparison.differences.map((x: any) => (
                            <tr key={x.path}><th scope="row">{pathLabel(x.path)}</th><td class="num">{fmtNum(x.reported)}</td><td class="num">{fmtNum(x.computed)}</td><td class="num">{fmtDelta(x.difference)}</td></tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  ) : null}
                </>
              ) : (
                <p class="muted">本级政府没有 {year} 年的汇总报告，无法核对。</p>
              )}
              {yearChart ? <Chart option={yearChart} name={`${code}-报告数`} title={`${name} 各年度报告数`} height={200} /> : null}
            </section>
          </div>

          <section aria-labelledby="tables-h">
            <h3 id="tables-h">汇总表 <span class="muted">（{d.current.coverage.reportingAgencies} 份报告合计，不含汇总报告）</span></h3>
            <AfterPaint placeholder={<p class="loading">正在排版汇总表…</p>}>{() => (
              <>
                <DownloadLinks links={["xlsx", "csv", "html", "docx"].map((f) => [f.toUpperCase(), `/export/region/${code}/${year}.${f}`])} />
                <ApplicationsTable data={d.current} template={null} />
                <ReviewTable data={d.current} template={null} />
                {d.current.proactive.map((t: any) => t.reportCount ? (
                  <ProactiveTable key={t.template} template={t.template === "T2019" ? "2019" : "2021"} proactive={t.proactive2019 ?? t.proactive2021}
                    caption={`二、主动公开政府信息情况（${t.template === "T2019" ? "2019" : "2021"} 模板，${t.reportCount} 份报告）`} />
                ) : null)}
              </>
            )}</AfterPaint>
          </section>
        </>
      ) : null}
    </WithRegions>
  );
}
