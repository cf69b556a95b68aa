/**
 * 核查发现: findings by rule, region and year: counts and a list linking to each report.
 * Requests: Findings (the first 20 of the list), then FindingCounts and RegionTree (shared), after
 * the list is on screen (+ one per "more" click).
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { request, useQuery } from "../gql";
import { href, intParam } from "../route";
import { RegionTree, regionName } from "../regions";
import { Status, WithRegions, Select } from "../components/Parts";
import { Chart } from "../components/Chart";
import { RULE_LABELS, RULE_TITLES, SEVERITY_LABELS, findingMessage, fmtNum, pathLabel } from "../labels";

interface FindingRow { id: string; rule: string; severity: string; message: string; path: string | null; printed: number | null; computed: number | null; year: number | null; agency: { id: string; name: string } | null; report: { id: string } }
interface Counts {
  findingCounts: { total: number; byRule: Array<{ key: string; count: number }>; byRegion: Array<{ key: string; count: number }> };
}
interface Answer {
  findings: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: FindingRow[] };
}

export function Findings({ tree, params }: { tree: RegionTree; params: URLSearchParams }) {
  const code = params.get("region") || tree.defaultCode || "";
  const rule = params.get("rule") || null;
  const year = intParam(params, "year");
  const vars = { code, rule, fromYear: year, toYear: year, after: null };
  const q = useQuery<Answer>("Findings", vars, !code);
  const counts = useQuery<Counts>("FindingCounts", { code, rule, fromYear: year, toYear: year }, !code, true);
  const c = counts.data;
  const [more, setMore] = useState<{ nodes: FindingRow[]; endCursor: string | null; hasNext: boolean } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  useEffect(() => setMore(null), [JSON.stringify(vars)]);
  const d = q.data;
  const nodes = [...(d?.findings.nodes ?? []), ...(more?.nodes ?? [])];
  const hasNext = more ? more.hasNext : d?.findings.pageInfo.hasNextPage;
  const loadMore = async () => {
    try {
      const next = await request<Answer>("Findings", { ...vars, after: more?.endCursor ?? d!.findings.pageInfo.endCursor });
      setMore({ nodes: [...(more?.nodes ?? []), ...next.findings.nodes], endCursor: next.findings.pageInfo.endCursor, hasNext: next.findings.pageInfo.hasNextPage });
    } catch (e) {
      setMoreError((e as Error).message);
    }
  };
  const name = tree.byCode.get(code)?.name ?? code;
  const option = useMemo(() => c && {
    grid: { left: 8, right: 48, top: 32, bottom: 24, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: c.findingCounts.byRule.map((r) => RULE_LABELS[r.key] ?? r.key) },
    series: [{ type: "bar", name: "发现数", data: c.findingCounts.byRule.map((r) => r.count), label: { show: true, position: "right", color: "#1f2328" } }],
  }, [c]);
  const years = [...tree.years].sort((a, b) => b - a);
  return (
    <WithRegions tree={tree} selected={code} hrefFor={(c) => href("findings", { region: c, rule, year })}>
      <div class="view-head">
        <h2>{name} · 核查发现{year ? ` · ${year} 年` : ""}{rule ? ` · ${rule}` : ""}</h2>
        <div class="controls no-print">
          <Select label="规则" param="rule" value={rule ?? ""} options={[["", "全部规则"], ...Object.entries(RULE_LABELS)]} />
          <Select label="年度" param="year" value={year ? String(year) : ""} options={[["", "全部年度"], ...years.map((y): [string, string] => [String(y), `${y} 年`])]} />
        </div>
      </div>
      <Status loading={q.loading} error={q.error} />
      {d ? (
        <>
          <p>共 <strong data-findings-total>{fmtNum(d.findings.totalCount)}</strong> 条核查发现。</p>
          {counts.error ? <p class="error" role="alert">查询失败：{counts.error}</p> : !c ? <p class="loading">正在统计…</p> : null}
          {c ? <div class="two-col">
            {c.findingCounts.byRule.length && option ? <Chart option={option} name={`${code}-核查发现-按规则`} title={`${name} 核查发现（按规则）`} height={Math.max(200, c.findingCounts.byRule.length * 32 + 60)} /> : <p class="muted">没有核查发现。</p>}
            <div class="table-wrap scroll-y">
              <table class="data">
                <caption>按行政区划（报告机关所在地）</caption>
                <thead><tr><th scope="col">行政区划</th><th scope="col">发现数</th></tr></thead>
                <tbody>
                  {c.findingCounts.byRegion.map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{tree.byCode.has(r.key) ? <a href={href("findings", { region: r.key, rule, year })}>{regionName(tree, r.key)}</a> : regionName(tree, r.key)}</th>
                      <td class="num">{fmtNum(r.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div> : null}
          <div class="table-wrap">
            <table class="data" data-table="findings">
              <caption>发现列表（{fmtNum(nodes.length)} / {fmtNum(d.findings.totalCount)}）</caption>
              <thead><tr><th scope="col">年度</th><th scope="col">机关</th><th scope="col">规则</th><th scope="col">程度</th><th scope="col">单元格</th><th scope="col">印制值</th><th scope="col">计算值</th><th scope="col">说明</th></tr></thead>
              <tbody>
                {nodes.map((f) => (
                  <tr key={f.id}>
                    <td class="num">{f.year}</td>
                    <th scope="row"><a href={href("report", { id: f.report.id })}>{f.agency?.name ?? `报告 ${f.report.id}`}</a></th>
                    <td><abbr title={RULE_TITLES[f.rule] ?? f.rule}>{f.rule}</abbr></td>
                    <td><span class={`sev sev-${f.severity}`}>{SEVERITY_LABELS[f.severity] ?? f.severity}</span></td>
                    <td class="small">{pathLabel(f.path)}</td>
                    <td class="num">{fmtNum(f.printed)}</td>
                    <td class="num">{fmtNum(f.computed)}</td>
                    <td class="small" data-message>{findingMessage(f)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {moreError ? <p class="error" role="alert">{moreError}</p> : null}
          {hasNext ? <button type="button" class="no-print" onClick={loadMore}>再显示 20 条</button> : null}
        </>
      ) : null}
    </WithRegions>
  );
}
