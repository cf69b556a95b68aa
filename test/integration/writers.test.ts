import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { openDataSource } from "../../src/db/data-source";
import { parseDatabaseUrl } from "../../src/config";
import fs from "node:fs";
import path from "node:path";
import { DEMO_DIR, demoReports, loadDemo } from "../../src/demo/real-reports";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { clearGenerated, generationState, loadProvince, loadProvinceOnce } from "../../src/demo/load-province";
import { ImportService } from "../../src/ingestion/import.service";
import { RegionService } from "../../src/modules/region/region.service";
import { SummaryLedger } from "../../src/store/summary-ledger";
import { correctCells } from "../../src/store/corrections";
import { renameAgency } from "../../src/store/agency-writer";
import { retries } from "../../src/store/keys";
import { checkReport } from "../../src/ingestion/rules";
import { CROSS_YEAR_CHECKER } from "../../src/ingestion/import.service";

/** Writers that never collide: held revisions, resumable generation, concurrent imports. */
const seed = demoReports().find((r) => r.stem === "2020-liaocheng-yingjiju")!;
const options = (extra: object = {}) => ({ fileName: seed.file, agency: seed.meta.agency, year: Number(seed.meta.year), source: seed.meta.source ?? null, importedBy: "test", ...extra });

/** What a database holds, by content (ids and clocks left out). */
async function contents(ds: DataSource) {
  const q = (sql: string) => ds.query(sql).then((rows: any[]) => rows.map((r) => JSON.stringify(Object.values(r).map((v) => (typeof v === "number" || typeof v === "bigint" ? Number(v) : v)))).sort());
  return {
    agencies: await q("SELECT name, regionCode, kind, nameKey FROM agency"),
    current: await q("SELECT a.name, r.year, r.revision, r.checksum, r.currentKey IS NOT NULL AS keyed FROM report r JOIN agency a ON a.id = r.agencyId WHERE r.isCurrent = 1"),
    reports: await q("SELECT COUNT(*) AS n FROM report"),
    findings: await q("SELECT a.name, r.year, f.rule, f.path FROM finding f JOIN report r ON r.id = f.reportId JOIN agency a ON a.id = r.agencyId"),
    summaries: await q("SELECT * FROM stat_summary"),
    events: await q("SELECT a.name, e.year, e.kind FROM report_event e JOIN agency a ON a.id = e.agencyId"),
    // The read model's counts (a recovered load must not add to a cleared load's).
    counts: await q("SELECT (SELECT SUM(n) FROM finding_count) AS f, (SELECT SUM(n) FROM metric_count) AS m, (SELECT SUM(n) FROM narrative_term) AS t, (SELECT SUM(n) FROM coverage_count) AS c, (SELECT COUNT(*) FROM report_metric) AS rm"),
  };
}

describe.each(testDatabases())("writers on %s", (_db, open) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await open();
  });
  afterEach(async () => ds?.destroy());

  it("holds a truncated copy back (stored, not current, says why) until forced", async () => {
    await new RegionService(ds).seed({ townships: false });
    const service = new ImportService(ds);
    const full = await service.importContent(Buffer.from(seed.content), options());
    expect(full.status).toBe("imported");
    expect(full.canonical!.applications).toMatchObject({ newReceived: { total: 7 } });
    const regionSum = async () => Number((await ds.query("SELECT SUM(a_newReceived_total) AS n FROM stat_summary WHERE scope = 'own'"))[0].n);
    expect(await regionSum()).toBe(7);

    const truncated = Buffer.from(seed.content).subarray(0, 2272);
    const held = await service.importContent(truncated, options());
    expect(held.canonical!.format).toBe("legacy");
    expect(held).toMatchObject({ status: "held", reason: "the template fell from 2019 to legacy (no statistics tables were read), where the current revision has them" });
    expect(held.report).toMatchObject({ revision: 2, isCurrent: false, currentKey: null });
    const current = await ds.query("SELECT id, revision FROM report WHERE isCurrent = 1");
    expect(current.map((r: any) => [Number(r.id), Number(r.revision)])).toEqual([[full.report!.id, 1]]);
    expect(await regionSum()).toBe(7);
    // The same truncated copy again: unchanged, still held.
    expect((await service.importContent(truncated, options())).status).toBe("unchanged");

    // Forced: the held revision becomes current and the agency leaves the sums (a legacy report has none).
    const forced = await service.importContent(truncated, options({ force: true }));
    expect(forced).toMatchObject({ status: "revised", report: { id: held.report!.id, isCurrent: true } });
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM stat_summary"))[0].n)).toBe(0);
    const events = await ds.query("SELECT kind, revision, reason FROM report_event ORDER BY id");
    expect(events.map((e: any) => [e.kind, Number(e.revision)])).toEqual([["import", 1], ["held", 2], ["forced", 2]]);
    expect(events[1].reason).toBe(held.reason);

    // Back to the complete report with force: current again, in the sums again.
    expect((await service.importContent(Buffer.from(seed.content), options({ force: true }))).status).toBe("revised");
    expect(await regionSum()).toBe(7);
  });

  it("keeps the ledger equal to a rebuild when a region's only report has a cell cleared (0, never NULL, for the template's cells)", async () => {
    await new RegionService(ds).seed({ townships: false });
    const imported = await new ImportService(ds).importContent(Buffer.from(seed.content), options());
    const corrected = await correctCells(ds, imported.report!.id, [{ path: "applications.outcomes.granted.legal", value: null }, { path: "proactive.procurement.totalAmount", value: null }],
      { actor: "test", reason: "unreadable", checkReport, crossYear: CROSS_YEAR_CHECKER });
    expect(corrected.report).toMatchObject({ revision: 2, unreadableCount: 2, hasUnreadableCells: true });
    const snapshot = async () => (await ds.query("SELECT * FROM stat_summary ORDER BY scope, regionKey")).map((r: any) => JSON.stringify(Object.values(r).map((v) => (v == null ? null : String(v)))));
    const rows = await ds.query("SELECT a_o_granted_legal AS legal, p19_procurement_totalAmount AS fees, a_newReceived_total AS total, p21_fees_amountWanYuan AS other FROM stat_summary WHERE scope = 'own'");
    expect(rows.map((r: any) => [r.legal == null ? null : Number(r.legal), r.fees == null ? null : Number(r.fees), Number(r.total), r.other])).toEqual([[0, 0, 7, null]]);
    const maintained = await snapshot();
    await ds.transaction((em) => new SummaryLedger(em).rebuild());
    expect(await snapshot()).toEqual(maintained);
  });

  it("stores cross-year findings with the report or not at all: a failure at the last step loses nothing once re-run", async () => {
    await new RegionService(ds).seed({ townships: false });
    const expectedJson = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, "2020-liaocheng-yingjiju.expected.json"), "utf8"));
    const y2020 = { ...expectedJson, agency: "聊城市应急管理局", year: 2020 };
    const y2019 = JSON.parse(JSON.stringify({ ...y2020, year: 2019 }));
    y2019.applications.carriedForward.natural = 2;
    y2019.applications.carriedForward.total = 2;
    const service = new ImportService(ds);
    expect((await service.importContent(JSON.stringify(y2019), { fileName: "2019.json" })).status).toBe("imported");
    // The last write of the transaction (the audit event) fails once: nothing of 2020 is stored.
    const logged = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await ds.query("ALTER TABLE report_event RENAME TO report_event_away");
    try {
      expect((await service.importContent(JSON.stringify(y2020), { fileName: "2020.json" })).status).toBe("rejected");
    } finally {
      await ds.query("ALTER TABLE report_event_away RENAME TO report_event");
      logged.mockRestore();
    }
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM report WHERE year = 2020"))[0].n)).toBe(0);
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM finding WHERE rule = 'X1'"))[0].n)).toBe(0);
    // Re-run: the report and its X1 findings (2019 carried 2 forward, 2020 carried 0 over) arrive together.
    expect((await service.importContent(JSON.stringify(y2020), { fileName: "2020.json" })).status).toBe("imported");
    const x1 = await ds.query("SELECT f.path AS path, f.printed AS printed, f.computed AS computed FROM finding f JOIN report r ON r.id = f.reportId WHERE r.year = 2020 AND f.rule = 'X1' ORDER BY f.path");
    expect(x1.map((f: any) => [f.path, Number(f.printed), Number(f.computed)])).toEqual([["applications.carriedOver.natural", 0, 2], ["applications.carriedOver.total", 0, 2]]);
  });

  it("records a rename in the history and refuses a name another agency of the region carries", async () => {
    await new RegionService(ds).seed({ townships: false });
    const imported = await new ImportService(ds).importContent(Buffer.from(seed.content), options());
    const agencyId = imported.report!.agencyId;
    const other = await new ImportService(ds).importContent(JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(DEMO_DIR, "2020-liaocheng-yingjiju.expected.json"), "utf8")), agency: "聊城市消防救援支队", year: 2020, regionCode: imported.report!.regionCode }), { fileName: "other.json" });
    expect(other.status).toBe("imported");
    await expect(renameAgency(ds, agencyId, "聊城市消防救援支队", 2021)).rejects.toThrow(`agency ${other.report!.agencyId} of the same region is already called 聊城市消防救援支队`);
    await renameAgency(ds, agencyId, "聊城市应急管理和消防局", 2021, "admin-token");
    const events = await ds.query("SELECT kind, year, actor, reason FROM report_event WHERE agencyId = ? ORDER BY id", [agencyId]);
    expect(events).toEqual([
      { kind: "import", year: 2020, actor: "test", reason: null },
      { kind: "rename", year: 2021, actor: "admin-token", reason: "聊城市应急管理局 → 聊城市应急管理和消防局 from 2021" },
    ].map((e) => expect.objectContaining({ ...e, year: e.year })));
    expect((await ds.query("SELECT nameKey FROM agency WHERE id = ?", [agencyId]))[0].nameKey).toBe(`${imported.report!.regionCode}:聊城市应急管理和消防局`);
  });

  // SQLite only for now: on MariaDB this test passes but leaves Jest unable to exit (an open handle not yet found).
  (_db === "sqlite" ? it : it.skip)("completes an interrupted generation on the next run", async () => {
    const province = buildProvince(SIZES.tiny);
    await loadProvince(ds, province);
    const expected = await contents(ds);
    await clearGenerated(ds);
    expect(await generationState(ds)).toBe("empty");

    // What a kill after the first batches leaves: agencies and some reports, no summaries, no marker.
    await loadProvince(ds, province);
    await ds.query("DELETE FROM report_event WHERE kind = 'generation'");
    await ds.query("DELETE FROM stat_summary");
    // The later half of this load's reports (ids go on after the cleared load's: AUTOINCREMENT).
    const [{ lo, hi }] = await ds.query("SELECT MIN(id) AS lo, MAX(id) AS hi FROM report");
    const cut = Math.floor((Number(lo) + Number(hi)) / 2);
    for (const table of ["finding", "report_figures", "report_source", "report_event"]) await ds.query(`DELETE FROM ${table} WHERE reportId > ?`, [cut]);
    await ds.query("DELETE FROM report WHERE id > ?", [cut]);
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n)).toBeGreaterThan(0);
    expect(await generationState(ds)).toBe("interrupted");
    const again = await loadProvinceOnce(ds, province);
    expect(again.state).toBe("interrupted");
    expect(await generationState(ds)).toBe("complete");
    expect(await contents(ds)).toEqual(expected);
    expect((await loadProvinceOnce(ds, province)).stats).toBeNull();
  });
});

const url = process.env.TEST_MYSQL_URL;
(url ? describe : describe.skip)("concurrent imports on MariaDB/MySQL", () => {
  const sources: DataSource[] = [];
  afterEach(async () => {
    for (const ds of sources.splice(0)) await ds.destroy();
  });

  it.each([2, 4])("%i imports of demo/reports/ at once store what one import stores", async (n) => {
    const one = await openDataSource(parseDatabaseUrl(url), { dropSchema: true });
    sources.push(one);
    const single = await loadDemo(one, { townships: false });
    const expected = await contents(one);
    expect(expected.current.length).toBe(single.filter((r) => r.status === "imported" || r.status === "revised").length);
    await one.destroy();
    sources.length = 0;

    sources.push(await openDataSource(parseDatabaseUrl(url), { dropSchema: true }));
    for (let i = 1; i < n; i++) sources.push(await openDataSource(parseDatabaseUrl(url)));
    const retried = retries.count;
    const runs = await Promise.all(sources.map((ds) => loadDemo(ds, { townships: false })));
    process.stderr.write(`[writers.test] ${n} concurrent imports: ${retries.count - retried} transactions run again after a collision\n`);
    for (const run of runs) expect(run.filter((r) => r.status === "rejected")).toEqual([]);
    const got = await contents(sources[0]);
    expect(got).toEqual(expected);
    // Every report stored once: each file was imported by exactly one of the writers.
    const stored = runs.flat().filter((r) => r.status !== "unchanged").length;
    expect(stored).toBe(single.filter((r) => r.status !== "unchanged").length);
  }, 240_000); // five loads of the shipped reports, with collisions retried: ~36 s alone, several times that on a loaded CI machine
});
