/** The page: a header with one link per view, and the view the URL names. */
import { useEffect } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { href, onLinkClick, useRoute, View } from "./route";
import { PENDING_TREE, useRegionTree } from "./regions";
import { Overview } from "./views/Overview";
import { Trends } from "./views/Trends";
import { Ranking } from "./views/Ranking";
import { Compare } from "./views/Compare";
import { Findings } from "./views/Findings";
import { ReportView } from "./views/Report";
import { Search } from "./views/Search";

export const VIEW_TITLES: Record<View, string> = {
  overview: "区域概览",
  trends: "趋势",
  ranking: "排名",
  compare: "机关对比",
  findings: "核查发现",
  report: "报告",
  search: "正文检索",
};

export function App() {
  const route = useRoute();
  const { tree: loaded, error } = useRegionTree(route.view === "report");
  const tree = loaded ?? PENDING_TREE;
  useEffect(() => {
    document.title = `${VIEW_TITLES[route.view]} · 政府信息公开年度报告统计`;
  }, [route.view]);
  // Keep the current region and year when moving between views.
  const region = route.params.get("region") ?? "";
  const year = route.params.get("year") ?? "";
  let body: ComponentChildren;
  if (error) body = <p class="error" role="alert">无法读取行政区划：{error}</p>;
  else {
    const p = route.params;
    switch (route.view) {
      case "overview": body = <Overview tree={tree} params={p} />; break;
      case "trends": body = <Trends tree={tree} params={p} />; break;
      case "ranking": body = <Ranking tree={tree} params={p} />; break;
      case "compare": body = <Compare params={p} />; break;
      case "findings": body = <Findings tree={tree} params={p} />; break;
      case "report": body = <ReportView params={p} />; break;
      case "search": body = <Search tree={tree} params={p} />; break;
    }
  }
  return (
    <div class="page" onClick={(e) => onLinkClick(e as unknown as MouseEvent)}>
      <a class="skip-link" href="#main">跳到正文</a>
      <header class="top">
        <h1>政府信息公开年度报告统计</h1>
        <nav aria-label="视图">
          <ul>
            {(Object.keys(VIEW_TITLES) as View[]).map((v) => (
              <li key={v}>
                <a href={href(v, v === "report" || v === "compare" || v === "search" ? {} : { region, year })} aria-current={route.view === v ? "page" : undefined}>
                  {VIEW_TITLES[v]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <a class="graphiql no-print" href="/graphql">GraphQL 接口</a>
      </header>
      <main id="main" tabIndex={-1}>{body}</main>
    </div>
  );
}
