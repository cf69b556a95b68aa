import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { DataSource } from "typeorm";
import { openDataSource } from "../../src/db/data-source";
import { main } from "../../src/cli";
import { rebuildNarrativesCommand } from "../../src/cli/rebuild-narratives";
import { testDatabases } from "../helpers/db";
import { serve, Gql } from "../helpers/server";
import { fixture } from "../helpers/fixtures";
import { loadDemo } from "../../src/demo/real-reports";
import { ImportService } from "../../src/ingestion/import.service";
import { RegionService } from "../../src/modules/region/region.service";
import { rebuildNarrativeIndex } from "../../src/store/narrative-index";
import type { RunningServer } from "../../src/server";

const SEARCH = `query ($q: String!, $filter: NarrativeFilter, $first: Int, $after: String) {
  searchNarratives(query: $q, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor }
    nodes { year section sectionKind sectionIndex snippet highlights { start end } matches { start end } score agency { name } report { id year sections { text } } }
  }
}`;

type Hit = { year: number; section: string; sectionKind: string; sectionIndex: number; snippet: string; highlights: Array<{ start: number; end: number }>; matches: Array<{ start: number; end: number }>; score: number; agency: { name: string }; report: { id: string; year: number; sections: Array<{ text: string }> } };

describe.each(testDatabases())("narrative search on %s (the shipped reports, imported through the real pipeline)", (_db, open) => {
  let ds: DataSource;
  let server: RunningServer & { gql: Gql };
  const search = async (q: string, filter?: object, first = 20, after?: string) => {
    const { body } = await server.gql(SEARCH, { q, filter, first, after });
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data.searchNarratives as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Hit[] };
  };
  const who = (hits: Hit[]) => hits.map((h) => [h.agency.name, h.year, h.section]);

  beforeAll(async () => {
    ds = await open();
    await loadDemo(ds, { townships: false });
    server = await serve(ds);
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  it("finds a two-character word in the sections that print it, best match first", async () => {
    const r = await search("提案");
    expect(who(r.nodes)).toEqual([
      ["聊城市应急管理局", 2020, "五、人大代表建议和政协委员提案办理"],
      ["平潭综合实验区农业农村局", 2019, "一、总体情况"],
    ]);
    expect(r.nodes[0].score).toBeGreaterThan(r.nodes[1].score);
    // Every match points at 提案 in the section text, and the snippet highlights it.
    for (const h of r.nodes) {
      const text = h.report.sections[h.sectionIndex].text;
      expect(h.matches.map((m) => text.slice(m.start, m.end))).toEqual(h.matches.map(() => "提案"));
      expect(h.highlights.map((m) => h.snippet.slice(m.start, m.end))).toContain("提案");
    }
    expect(who((await search("疫情")).nodes)).toEqual([["聊城市应急管理局", 2020, "一、总体情况"]]);
  });

  it("matches a quoted phrase as one contiguous string, across printed spaces and punctuation", async () => {
    const r = await search("“政策解读 形式”");
    expect(who(r.nodes)).toEqual([
      ["平潭综合实验区自然资源与生态环境局", 2023, "五、存在的主要问题及改进情况"],
      ["平潭综合实验区行政审批局", 2023, "五、存在的主要问题及改进情况"],
      ["平潭综合实验区行政审批局", 2023, "一、总体情况"],
    ]);
    // 自然资源与生态环境局 prints it twice in 五 (…政策解读形式不够丰富… 进一步丰富政策解读形式…).
    expect(r.nodes[0].matches.length).toBe(2);
    expect(r.nodes[0].highlights.map((m) => r.nodes[0].snippet.slice(m.start, m.end))).toEqual(["政策解读形式", "政策解读形式"]);
    // Without the quotes it is two terms, which 市场监督管理局's 五 also has (apart).
    expect((await search("政策解读 形式")).totalCount).toBeGreaterThan(3);
  });

  it("AND: every term must occur in the same section", async () => {
    expect(who((await search("澳前镇 机构整合")).nodes)).toEqual([["平潭综合实验区海坛片区管理局", 2019, "一、总体情况"]]);
    expect(who((await search("澳前镇 AND 提案")).nodes)).toEqual([]);
    // 信息处理费 is in four 2023 reports and Huai'an's 2024 PDF; with 109号 only the three that cite the State Council notice.
    expect((await search("信息处理费")).totalCount).toBe(5);
    expect(who((await search("信息处理费 109号")).nodes).map((h) => h[0]).sort()).toEqual(["平潭综合实验区交通与建设局", "平潭综合实验区市场监督管理局", "平潭综合实验区行政审批局"]);
  });

  it("filters by region, years, agency kind and section kind, and pages with a cursor", async () => {
    expect(who((await search("提案", { regionCode: "371500" })).nodes)).toEqual([["聊城市应急管理局", 2020, "五、人大代表建议和政协委员提案办理"]]);
    expect(who((await search("提案", { years: [2019, 2023] })).nodes)).toEqual([["平潭综合实验区农业农村局", 2019, "一、总体情况"]]);
    expect((await search("提案", { section: "EXTRA" })).nodes.map((h) => h.sectionKind)).toEqual(["EXTRA"]);
    expect((await search("信息处理费", { section: "OVERVIEW" })).totalCount).toBe(0);
    expect((await search("信息处理费", { agencyKind: "DEPARTMENT" })).totalCount).toBe(4);
    expect((await search("信息处理费", { agencyKind: "TOWNSHIP" })).totalCount).toBe(0);
    // The city government's report, read from its PDF, says what it charged in its section 六.
    expect(who((await search("信息处理费", { agencyKind: "GOVERNMENT" })).nodes)).toEqual([["淮安市人民政府", 2024, "六、其他需要报告的事项"]]);
    const page1 = await search("信息处理费", undefined, 3);
    expect(page1.nodes.length).toBe(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await search("信息处理费", undefined, 3, page1.pageInfo.endCursor);
    expect(page2.nodes.length).toBe(2);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const all = await search("信息处理费");
    expect([...page1.nodes, ...page2.nodes].map((h) => h.report.id)).toEqual(all.nodes.map((h) => h.report.id));
  });

  it("refuses a one-character term and an empty query, naming the argument", async () => {
    const one = await server.gql(SEARCH, { q: "申请 诉" });
    expect(one.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "query" });
    expect(one.body.errors[0].message).toMatch(/"诉" has one character/);
    const empty = await server.gql(SEARCH, { q: "，。" });
    expect(empty.body.errors[0].message).toMatch(/no letters or digits/);
  });

  it("rebuilds the index from the stored reports to the same answers", async () => {
    const before = await search("信息处理费");
    const tokens = Number((await ds.query("SELECT COUNT(*) AS n FROM narrative_token"))[0].n);
    expect(await rebuildNarrativeIndex(ds)).toBe(10);
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM narrative_token"))[0].n)).toBe(tokens);
    expect((await search("信息处理费")).nodes).toEqual(before.nodes);
  });
});

/** 行政审批局's 2023 report as printed, and a "2022" report that is the same text with section 五 rewritten. */
function shenpiju(rewrite: Record<string, string>) {
  const f = fixture("2023-pingtan-shenpiju");
  let text = f.content;
  for (const [from, to] of Object.entries(rewrite)) {
    expect(text.includes(from)).toBe(true);
    text = text.replace(from, to);
  }
  return { text, agency: f.meta.agency };
}
const FIVE = /五、存在的主要问题及改进情况[\s\S]*?(?=六、其他需要报)/.exec(fixture("2023-pingtan-shenpiju").content)![0];
const ONE = /一、总体情况[\s\S]*?(?=二、主动公开)/.exec(fixture("2023-pingtan-shenpiju").content)![0];
const NEW_FIVE = "五、存在的主要问题及改进情况本年度我局门户网站栏目维护不够及时，部分栏目更新滞后；下一年度将建立专人负责制度，按周检查栏目更新情况，对照考核细则逐项抓好整改。";
const NEW_ONE = "一、总体情况本年度我局围绕审批服务便民化推进公开工作，在门户网站集中发布办事指南和审批结果，并通过网上大厅同步公开，方便申请人随时查询办理进度和结果信息。";

describe.each(testDatabases())("year-over-year similarity and N1 on %s", (_db, open) => {
  let ds: DataSource;
  let server: RunningServer & { gql: Gql };
  const SIM = `query ($id: ID!) { report(id: $id) { year narrativeSimilarity { section kind previousSection previousYear ratio chars previousChars shared { start end } } } }`;
  const similarity = async (id: number) => {
    const { body } = await server.gql(SIM, { id: String(id) });
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data.report.narrativeSimilarity as Array<{ section: string | null; kind: string; previousSection: string | null; previousYear: number; ratio: number | null; chars: number; shared: Array<{ start: number; end: number }> }>;
  };
  const n1 = async () => {
    const { body } = await server.gql(`{ findings(rule: "N1", first: 50) { totalCount nodes { year agency { name } message } } }`);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data.findings.nodes.map((n: any) => [n.agency.name, n.year, n.message.split(" is ")[0]]);
  };
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ds = await open();
    await new RegionService(ds).seed({ townships: false });
    const service = new ImportService(ds);
    const imp = async (name: string, content: string, agency: string, year: number) => {
      const r = await service.importContent(content, { fileName: `${name}.txt`, agency, year, importedBy: "test" });
      expect(r.status).not.toBe("rejected");
      ids[name] = r.report!.id;
    };
    const copy = shenpiju({ [FIVE]: NEW_FIVE });
    await imp("shenpiju-2022", copy.text, copy.agency, 2022);
    await imp("shenpiju-2023", shenpiju({}).text, copy.agency, 2023);
    for (const stem of ["2020-pingtan-ziranziyuan", "2023-pingtan-ziranziyuan"]) {
      const f = fixture(stem);
      await imp(stem, f.content, f.meta.agency, Number(f.meta.year));
    }
    server = await serve(ds);
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  it("a report against a copy of itself with section 五 rewritten: 1.0 for copied sections, low for the rewritten one", async () => {
    const sim = await similarity(ids["shenpiju-2023"]);
    const ratio = Object.fromEntries(sim.map((s) => [s.section ?? "(whole)", s.ratio]));
    expect(ratio).toMatchObject({ "": 1, "一、总体情况": 1, "六、其他需要报告的事项": 1, "二、主动公开政府信息情况": null });
    expect(ratio["五、存在的主要问题及改进情况"]).toBeLessThan(0.02);
    expect(ratio["(whole)"]).toBeGreaterThan(0.6);
    expect(ratio["(whole)"]).toBeLessThan(0.9);
    expect(sim.every((s) => s.previousYear === 2022)).toBe(true);
    expect(sim[sim.length - 1].kind).toBe("WHOLE");
    // The copied overview is one shared passage from start to end.
    const one = sim.find((s) => s.section === "一、总体情况")!;
    expect(one.shared.length).toBe(1);
    // N1 lists the copied sections (the preamble never counts), not the rewritten one.
    expect(await n1()).toEqual([
      ["平潭综合实验区行政审批局", 2023, "N1: 一、总体情况"],
      ["平潭综合实验区行政审批局", 2023, "N1: 六、其他需要报告的事项"],
    ]);
  });

  it("a new revision of last year's report re-checks this year's N1 and leaves the search index", async () => {
    const before = await server.gql(SEARCH, { q: "专人负责制度" });
    expect(before.body.data.searchNarratives.totalCount).toBe(1);
    const revised = shenpiju({ [FIVE]: NEW_FIVE, [ONE]: NEW_ONE });
    const r = await new ImportService(ds).importContent(revised.text, { fileName: "shenpiju-2022-r2.txt", agency: revised.agency, year: 2022, importedBy: "test" });
    expect(r.status).toBe("revised");
    expect(await n1()).toEqual([["平潭综合实验区行政审批局", 2023, "N1: 六、其他需要报告的事项"]]);
    // The superseded revision's tokens are gone: its text is found once (in the new revision), not twice.
    const after = await server.gql(SEARCH, { q: "专人负责制度" });
    expect(after.body.data.searchNarratives.nodes.map((n: any) => n.report.id)).toEqual([String(r.report!.id)]);
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM narrative_token WHERE reportId = ?", [ids["shenpiju-2022"]]))[0].n)).toBe(0);
    // The kept count of every bigram is its postings' count after the revision replaced the old one's.
    const kept = (await ds.query("SELECT term, n FROM narrative_term ORDER BY term")).map((t: any) => [Number(t.term), Number(t.n)]);
    const counted = (await ds.query("SELECT term, COUNT(*) AS n FROM narrative_token GROUP BY term ORDER BY term")).map((t: any) => [Number(t.term), Number(t.n)]);
    expect(kept.length).toBeGreaterThan(1000);
    expect(kept).toEqual(counted);
    const sim = await similarity(ids["shenpiju-2023"]);
    expect(sim.find((s) => s.section === "一、总体情况")!.ratio).toBeLessThan(0.05);
  });

  it("the real 自然资源与生态环境局 reports, 2023 against 2020 (the last one before it), as printed text", async () => {
    // Rewritten from year to year: every section well below N1's 0.9. 六 shared only the signature line,
    // which is no longer narrative (the last section ends with the report's body).
    const sim = await similarity(ids["2023-pingtan-ziranziyuan"]);
    const ratio = Object.fromEntries(sim.map((s) => [s.section ?? "(whole)", s.ratio == null ? null : Math.round(s.ratio * 1000) / 1000]));
    expect(sim[0].previousYear).toBe(2020);
    expect(ratio).toEqual({
      "": 0.22, "一、总体情况": 0.017, "二、主动公开政府信息情况": 0, "三、收到和处理政府信息公开申请情况": null,
      "四、政府信息公开行政复议、行政诉讼情况": null, "五、存在的主要问题及改进情况": 0.013, "六、其他需要报告的事项": 0, "(whole)": 0.015,
    });
  });
});

describe("gongkai rebuild-narratives", () => {
  it("refills the index of a database file and reports what it wrote", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-narratives-"));
    const file = path.join(dir, "db.sqlite");
    const ds = await openDataSource({ kind: "sqlite", location: file });
    await loadDemo(ds, { townships: false });
    const rows = Number((await ds.query("SELECT COUNT(*) AS n FROM narrative_token"))[0].n);
    const n1 = Number((await ds.query("SELECT COUNT(*) AS n FROM finding WHERE rule = 'N1'"))[0].n);
    await ds.query("DELETE FROM narrative_token");
    await ds.query("DELETE FROM finding WHERE rule = 'N1'");
    await ds.destroy();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `sqlite:${file}`;
    try {
      const out = new PassThrough();
      const err = new PassThrough();
      let text = "";
      out.on("data", (d) => (text += d));
      expect(await rebuildNarrativesCommand([], { stdout: out, stderr: err })).toBe(0);
      expect(text).toMatch(new RegExp(`^narrative index rebuilt: 10 reports, ${rows} index rows, ${n1} N1 findings`));
      expect(await main(["rebuild-narratives", "--now"], { stdout: out, stderr: err })).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
