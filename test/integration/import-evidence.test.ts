import type { DataSource } from "typeorm";
import { ImportService } from "../../src/ingestion/import.service";
import { parseInput, ParseError, type ParseOptions } from "../../src/ingestion/parse";
import { getPath } from "../../src/domain/report-json";
import { columnOf } from "../../src/domain/cells";
import { ReportEntity } from "../../src/modules/report/report.entity";
import { testDatabases } from "../helpers/db";
import { fixture } from "../helpers/fixtures";
import { canonicalJson, liaocheng } from "../helpers/evidence";
import { ADMIN_TOKEN, serve } from "../helpers/server";
import { stopSandboxes } from "../../src/ingestion/sandbox";

/**
 * Evidence at import: the import service looks up what the database knows about the report's
 * neighbours (the same agency's year before and after, an earlier rendering of the same agency-year)
 * and hands it to the parser, so a cell the table's sums leave open is settled with its `resolvedBy`
 * — or, where two pieces of evidence disagree, stays null.
 */

// 2023-pingtan-shenpiju prints its 行政规范性文件 row flattened as “5416” (5|4|16, 5|41|6 or 54|1|6);
// its narrative says 现行有效的规范性文件16件.
const shenpiju = fixture("2023-pingtan-shenpiju");
const SENTENCE = "全面梳理了我局现行有效的规范性文件16件";
const withoutSentence = shenpiju.content.replace(SENTENCE, "全面梳理了我局现行有效的规范性文件");
const ROW = "proactive.normativeDocuments";
const READINGS = '"5416" splits into 3 cells in 3 ways (5|4|16; 5|41|6; 54|1|6)';

describe.each(testDatabases())("evidence at import on %s", (_db, open) => {
  let ds: DataSource;
  let service: ImportService;
  beforeEach(async () => {
    ds = await open();
    service = new ImportService(ds);
  });
  afterEach(async () => {
    await ds?.destroy();
  });
  const stored = async (id: number) => (await ds.getRepository(ReportEntity).findOneByOrFail({ id })).ambiguousCells;
  const figure = async (id: number, column: string) => Number((await ds.query(`SELECT ${column} AS v FROM report_figures WHERE reportId = ?`, [id]))[0].v ?? NaN);

  it("narrative: the report's own sentence settles the row", async () => {
    const r = await service.importContent(shenpiju.content, { fileName: "shenpiju.txt", agency: shenpiju.meta.agency, year: 2023 });
    expect(r.status).toBe("imported");
    expect(getPath(r.canonical!, ROW)).toEqual({ issued: 5, repealed: 4, inForce: 16 });
    expect((await stored(r.report!.id))[`${ROW}.inForce`]).toEqual({ reason: READINGS, resolvedBy: { kind: "narrative", detail: expect.stringContaining("现行有效的规范性文件16件") } });
  });

  it("previousYear (X3): last year's report, stored first, settles documents in force", async () => {
    const prev = await service.importContent(canonicalJson(shenpiju.meta.agency, 2022, "2021", { [`${ROW}.inForce`]: 15 }), { fileName: "2022.json" });
    expect(prev.status).toBe("imported");
    const r = await service.importContent(withoutSentence, { fileName: "shenpiju.txt", agency: shenpiju.meta.agency, year: 2023 });
    expect(getPath(r.canonical!, ROW)).toEqual({ issued: 5, repealed: 4, inForce: 16 });
    const entry = (await stored(r.report!.id))[`${ROW}.inForce`];
    expect(entry).toEqual({ reason: READINGS, resolvedBy: { kind: "previousYear", detail: "X3 (soft): 平潭综合实验区行政审批局 2022 had 15 in force; in force = 15 + issued − repealed" } });
    expect(await figure(r.report!.id, columnOf(`${ROW}.inForce`, "2021"))).toBe(16);
    // Without last year stored, the same text leaves the row null.
    const other = await open();
    const alone = await new ImportService(other).importContent(withoutSentence, { fileName: "shenpiju.txt", agency: shenpiju.meta.agency, year: 2023 });
    await other.destroy();
    expect(alone.canonical!.ambiguousCells[`${ROW}.inForce`]).toBe(READINGS);
  });

  it("a reading with evidence that fails or reads another agency leaves the first reading stored, its cell null with a warning", async () => {
    await service.importContent(canonicalJson(shenpiju.meta.agency, 2022, "2021", { [`${ROW}.inForce`]: 15 }), { fileName: "2022.json" });
    const readings: string[] = [];
    const failing = async (c: Buffer | string, o: ParseOptions = {}) => {
      readings.push(o.evidence ? "with evidence" : "first");
      if (o.evidence) throw new ParseError("shenpiju.txt", "reading it needs more than the memory limit of 256 MB (GONGKAI_IMPORT_MEMORY_MB)");
      return parseInput(c, o);
    };
    const r = await service.importContent(withoutSentence, { fileName: "shenpiju.txt", agency: shenpiju.meta.agency, year: 2023, parse: failing });
    expect(readings).toEqual(["first", "with evidence"]);
    expect(r.status).toBe("imported");
    expect((await stored(r.report!.id))[`${ROW}.inForce`]).toBe(READINGS);
    expect(r.canonical!.diagnostics).toContainEqual({
      rule: "PARSE", severity: "warning", paths: [`${ROW}.issued`, `${ROW}.repealed`, `${ROW}.inForce`],
      message: "the stored reports' evidence could not be applied (reading it needs more than the memory limit of 256 MB (GONGKAI_IMPORT_MEMORY_MB)); the open cells stay null",
    });
    // A second reading of another year is not taken either (2024 is not stored: the first reading's 2023 is).
    readings.length = 0;
    const otherYear = async (c: Buffer | string, o: ParseOptions = {}) => {
      readings.push(o.evidence ? "with evidence" : "first");
      const read = await parseInput(c, o);
      return o.evidence ? { ...read, report: { ...read.report, year: 2024 } } : read;
    };
    const again = await new ImportService(ds).importContent(withoutSentence.replace("审批", "审批 "), { fileName: "shenpiju-2.txt", agency: shenpiju.meta.agency, year: 2023, parse: otherYear });
    expect(readings).toEqual(["first", "with evidence"]);
    expect(again.canonical!.year).toBe(2023);
    expect(again.canonical!.ambiguousCells[`${ROW}.inForce`]).toBe(READINGS);
    expect(again.canonical!.diagnostics.map((d) => d.message)).toContain(`the stored reports' evidence could not be applied (the reading with evidence gave ${shenpiju.meta.agency} 2024); the open cells stay null`);
  });

  it("a reading with evidence stopped from outside (time limit, cancelled request) rejects the file and stores nothing of it", async () => {
    await service.importContent(canonicalJson(shenpiju.meta.agency, 2022, "2021", { [`${ROW}.inForce`]: 15 }), { fileName: "2022.json" });
    const before = Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
    for (const problem of ["reading it took longer than the limit of 30000 ms (GONGKAI_IMPORT_TIME_MS)", "the request was cancelled while the file was read"]) {
      const stopped = async (c: Buffer | string, o: ParseOptions = {}) => {
        if (o.evidence) throw new ParseError("shenpiju.txt", problem, [], true);
        return parseInput(c, o);
      };
      const r = await service.importContent(withoutSentence, { fileName: "shenpiju.txt", agency: shenpiju.meta.agency, year: 2023, parse: stopped });
      expect(r).toMatchObject({ status: "rejected", reason: problem });
    }
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n)).toBe(before);
  });

  it("previousYear (X1): last year's 结转下年度 is this year's 上年结转", async () => {
    await service.importContent(canonicalJson("聊城市应急管理局", 2019, "2019", { "applications.carriedForward.natural": 3, "applications.carriedForward.total": 3 }), { fileName: "2019.json" });
    const r = await service.importContent(liaocheng.text, { fileName: "dropped.txt" });
    expect(r.canonical!.applications.carriedOver).toEqual(liaocheng.expected.applications.carriedOver);
    expect(r.canonical!.applications.carriedForward).toEqual(liaocheng.expected.applications.carriedForward);
    const cells = await stored(r.report!.id);
    expect(cells["applications.carriedOver.natural"]).toMatchObject({ resolvedBy: { kind: "previousYear", detail: expect.stringMatching(/^X1: 聊城市应急管理局 2019 carried 3 forward \(结转下年度继续办理, 自然人\) \+ X1: 聊城市应急管理局 2019 carried 0 forward \(结转下年度继续办理, 商业企业\)/) } });
    expect(Object.values(cells).filter((e) => typeof e === "string")).toEqual([]);
  });

  it("nextYear (X1): the year after, imported first, says what this year carried forward", async () => {
    await service.importContent(canonicalJson("聊城市应急管理局", 2021, "2021", { "applications.carriedOver.natural": 3, "applications.carriedOver.total": 3 }), { fileName: "2021.json" });
    const r = await service.importContent(liaocheng.text, { fileName: "dropped.txt" });
    expect(r.canonical!.applications.carriedOver).toEqual(liaocheng.expected.applications.carriedOver);
    expect(r.canonical!.applications.carriedForward).toEqual(liaocheng.expected.applications.carriedForward);
    const cells = await stored(r.report!.id);
    expect(cells["applications.carriedForward.natural"]).toMatchObject({ resolvedBy: { kind: "nextYear", detail: expect.stringMatching(/^X1: 聊城市应急管理局 2021 carried 3 over \(上年结转, 自然人\) \+ X1: 聊城市应急管理局 2021 carried 0 over \(上年结转, 商业企业\)/) } });
    expect(Object.values(cells).filter((e) => typeof e === "string")).toEqual([]);
  });

  it("otherRendering: the HTML page imported earlier settles the crawled text of the same report", async () => {
    const f = fixture("2023-pingtan-ziranziyuan");
    const html = await service.importContent(fixture("2023-pingtan-ziranziyuan", "html").content, { fileName: "page.html" });
    expect(html.status).toBe("imported");
    const r = await service.importContent(f.content, { fileName: "z.txt", agency: f.meta.agency, year: 2023 });
    expect(r.status).toBe("revised");
    expect(getPath(r.canonical!, ROW)).toEqual(f.expected.proactive.normativeDocuments);
    expect((await stored(r.report!.id))[`${ROW}.inForce`]).toMatchObject({
      resolvedBy: { kind: "otherRendering", detail: "rendering page.html: proactive.normativeDocuments.issued = 2 + rendering page.html: proactive.normativeDocuments.repealed = 1 + rendering page.html: proactive.normativeDocuments.inForce = 35" },
    });
  });

  it("contradicting evidence: the narrative says 16 in force, last year's identity the 5|41|6 reading — null", async () => {
    // 42 in force last year: 42 + 5 − 41 = 6 fits 5|41|6 only; the narrative's 16 fits 5|4|16 only.
    await service.importContent(canonicalJson(shenpiju.meta.agency, 2022, "2021", { [`${ROW}.inForce`]: 42 }), { fileName: "2022.json" });
    const r = await service.importContent(shenpiju.content, { fileName: "shenpiju.txt", agency: shenpiju.meta.agency, year: 2023 });
    expect(getPath(r.canonical!, ROW)).toEqual({ issued: null, repealed: null, inForce: null });
    const entry = (await stored(r.report!.id))[`${ROW}.inForce`];
    expect(entry).toBe(`${READINGS}; evidence disagrees: 一、总体情况: “全面梳理了我局现行有效的规范性文件16件,在“行政规范性文件”栏目下公开” (16) vs X3 (soft): 平潭综合实验区行政审批局 2022 had 42 in force; in force = 42 + issued − repealed (42)`);
    expect(Number.isNaN(await figure(r.report!.id, columnOf(`${ROW}.inForce`, "2021")))).toBe(true);
  });
});

describe.each(testDatabases())("resolvedBy through the API on %s", (_db, open) => {
  let ds: DataSource;
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    ds = await open();
    server = await serve(ds);
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
    stopSandboxes();
  });
  const IMPORT = `mutation($input: ImportReportInput!) { importReport(input: $input) {
    __typename
    ... on ImportSucceeded { status report { id year proactive { ... on Proactive2021 { normativeDocuments { issued repealed inForce } } } ambiguousCells { path reason resolvedBy { kind detail } } } }
    ... on ImportRejected { message }
  } }`;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const importReport = async (input: Record<string, unknown>) => {
    const { body } = await server.gql(IMPORT, { input }, auth);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data.importReport;
  };

  it("an earlier rendering settles the crawled text (kind OTHER_RENDERING); an open cell has resolvedBy null", async () => {
    const f = fixture("2023-pingtan-ziranziyuan");
    // The crawled text alone: the row is open, its entries plain reasons.
    const alone = await importReport({ content: f.content, fileName: "z.txt", agency: f.meta.agency, year: 2023 });
    expect(alone.status).toBe("imported");
    expect(alone.report.proactive.normativeDocuments).toEqual({ issued: null, repealed: null, inForce: null });
    expect(alone.report.ambiguousCells.map((c: { path: string; resolvedBy: unknown }) => [c.path, c.resolvedBy])).toEqual(
      ["issued", "repealed", "inForce"].map((k) => [`${ROW}.${k}`, null]));
    // The HTML page of the same report; then the text again (a new input: a comma more) reads exactly.
    expect((await importReport({ content: fixture("2023-pingtan-ziranziyuan", "html").content, fileName: "page.html", contentType: "text/html" })).status).toBe("revised");
    const again = await importReport({ content: f.content + "\n", fileName: "z2.txt", agency: f.meta.agency, year: 2023 });
    expect(again.report.proactive.normativeDocuments).toEqual({ issued: 2, repealed: 1, inForce: 35 });
    expect(again.report.ambiguousCells.find((c: { path: string }) => c.path === `${ROW}.inForce`)).toEqual({
      path: `${ROW}.inForce`,
      reason: alone.report.ambiguousCells[2].reason,
      resolvedBy: { kind: "OTHER_RENDERING", detail: "rendering page.html: proactive.normativeDocuments.issued = 2 + rendering page.html: proactive.normativeDocuments.repealed = 1 + rendering page.html: proactive.normativeDocuments.inForce = 35" },
    });
  });
});
