import type { DataSource } from "typeorm";
import { CountingLogger, testDatabases } from "../helpers/db";
import { serve, servedProvince, Gql } from "../helpers/server";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { ImportService } from "../../src/ingestion/import.service";
import { checkReport } from "../../src/ingestion/rules";
import { correctCells } from "../../src/store/corrections";
import { renameAgency, updateAgency } from "../../src/store/agency-writer";
import { rebuildReadModels } from "../../src/store/metric-index";
import { tierOf } from "../../src/domain/metrics";
import { fixture } from "../helpers/fixtures";
import type { RunningServer } from "../../src/server";

/**
 * The read model (store/metric-index.ts) kept by imports, revisions, corrections and agency edits
 * equals a rebuild from the stored reports; the short answers read it in a fixed number of
 * statements; the response cache never serves an answer older than the data.
 */
const province = buildProvince(SIZES.tiny);

async function snapshot(ds: DataSource) {
  const rows = async (sql: string) => (await ds.query(sql)).map((r: any) => JSON.stringify(Object.values(r).map((v) => (v == null ? null : typeof v === "number" || /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(String(v)) ? Number(v) : String(v)))));
  return {
    metrics: await rows("SELECT metric, reportId, agencyId, year, format, agencyKind, regionCode, prov, pref, cnty, numerator, denominator, value, tier FROM report_metric ORDER BY reportId, metric"),
    keys: await rows("SELECT regionKey, findingId, reportId, rule, severity, year, regionCode FROM finding_key ORDER BY regionKey, findingId"),
    counts: await rows("SELECT scope, regionKey, rule, severity, year, n FROM finding_count WHERE n <> 0 ORDER BY scope, regionKey, rule, severity, year"),
    coverage: await rows("SELECT scope, regionKey, year, status, agencyId, agencyKind FROM coverage_key ORDER BY scope, regionKey, year, status, agencyId"),
    coverageCounts: await rows("SELECT scope, regionKey, year, agencyKind, status, n FROM coverage_count WHERE n <> 0 ORDER BY scope, regionKey, year, agencyKind, status"),
    coverageYears: await rows("SELECT year FROM coverage_year ORDER BY year"),
    metricCounts: await rows("SELECT metric, year, regionKey, agencyKind, format, denominator, n FROM metric_count WHERE n <> 0 ORDER BY metric, year, regionKey, agencyKind, format, denominator"),
    findingRegions: await rows("SELECT regionKey, rule, regionCode, n FROM finding_region ORDER BY regionKey, rule, regionCode"),
    aggregateKeys: await rows("SELECT scope, regionKey, year, reportId FROM aggregate_key ORDER BY scope, regionKey, year, reportId"),
    // A count that went to 0 is deleted (by its key), as a rebuild never writes one.
    zeroCounts: await rows("SELECT (SELECT COUNT(*) FROM metric_count WHERE n = 0) AS m, (SELECT COUNT(*) FROM finding_count WHERE n = 0) AS f, (SELECT COUNT(*) FROM coverage_count WHERE n = 0) AS c, (SELECT COUNT(*) FROM finding_region WHERE n = 0) AS r"),
  };
}

/** The unreported agencies of a region-year the slow way (the scan the coverage list replaced), in the list's order. */
async function missingByScan(ds: DataSource, regionCode: string, year: number, includeSubregions: boolean, kinds: string[] | null) {
  const prefix = regionCode.replace(/(00)+$/, "");
  const region = includeSubregions ? { sql: "a.regionCode LIKE ?", param: `${prefix}%` } : { sql: "a.regionCode = ?", param: regionCode };
  const rows = await ds.query(`SELECT a.name AS name, CASE WHEN p.id IS NULL THEN 0 ELSE 1 END AS reportedBefore FROM agency a
    LEFT JOIN report p ON p.agencyId = a.id AND p.year = ? AND p.isCurrent = 1
    WHERE NOT EXISTS (SELECT 1 FROM report r WHERE r.agencyId = a.id AND r.year = ? AND r.isCurrent = 1) AND ${region.sql}
    ${kinds ? `AND a.kind IN (${kinds.map(() => "?").join(", ")})` : ""} ORDER BY CASE WHEN p.id IS NULL THEN 1 ELSE 0 END, a.id`,
  [year - 1, year, region.param, ...(kinds ?? [])]);
  return rows.map((r: any) => ({ agency: { name: r.name }, reportedPreviousYear: Number(r.reportedBefore) === 1 }));
}

const MISSING = (regionCode: string, year: number, includeSubregions: boolean, kinds: string | null) =>
  `{ regionStatistics(regionCode: "${regionCode}", year: ${year}, includeSubregions: ${includeSubregions}${kinds ? `, agencyKinds: [${kinds}]` : ""}) { coverage { missingCount missing { agency { name } reportedPreviousYear } } } }`;

const R2023 = `{ regionStatistics(regionCode: "990101", year: 2023) { applications { newReceived { total } } coverage { reportingAgencies } } }`;

describe.each(testDatabases())("read model on %s", (_db, open) => {
  const logger = new CountingLogger();
  const served = servedProvince(open, logger, province);
  const counted = async (query: string) => {
    logger.reset();
    logger.enabled = true;
    const { body } = await served.server.gql(query);
    logger.enabled = false;
    expect(body.errors).toBeUndefined();
    return { data: body.data, statements: logger.count, sql: logger.statements };
  };

  it("is filled by the bulk load as a rebuild would fill it", async () => {
    const kept = await snapshot(served.ds);
    expect(kept.metrics.length).toBeGreaterThan(500);
    // Each row's sample tier is its denominator's step on the ladder, and every step is used.
    const tiers: any[] = await served.ds.query("SELECT denominator AS d, tier AS t FROM report_metric");
    expect(tiers.filter((r) => Number(r.t) !== tierOf(Number(r.d)))).toEqual([]);
    expect(new Set(tiers.map((r) => Number(r.t))).size).toBeGreaterThanOrEqual(6);
    expect(kept.keys.length).toBeGreaterThan(0);
    await served.ds.transaction((em) => rebuildReadModels(em));
    expect(await snapshot(served.ds)).toEqual(kept);
  });

  it("answers rankings, small samples, findings and finding counts in a fixed number of statements", async () => {
    const ranking = await counted(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", minDenominator: 5, first: 50) { rankedCount entries { rank agency { name } value { value } regionAverage { value } } smallSamples { agency { name } } } }`);
    // version-free (cache off): the page (ties included: they follow the index order), the count, the averages, the small samples.
    expect(ranking.statements).toBe(4);
    expect(ranking.sql.filter((s) => /FROM report_figures|JOIN report_figures/.test(s))).toEqual([]);
    expect(ranking.data.ranking.entries.length).toBeGreaterThan(0);
    const findings = await counted(`{ findings(regionCode: "990000", first: 20) { totalCount nodes { rule year agency { name } } } }`);
    // the page (with each finding's year and agency), the total, the page's agencies (one batched load)
    expect(findings.statements).toBe(3);
    expect(findings.sql.some((s) => /COUNT\(\*\)/.test(s))).toBe(false);
    const counts = await counted(`{ findingCounts(regionCode: "990000") { total byRule { key count } byRegion { key count } } }`);
    expect(counts.statements).toBe(2);
    expect(counts.data.findingCounts.total).toBe(findings.data.findings.totalCount);
    // Every finding of a current report, counted the slow way.
    const slow = await served.ds.query("SELECT COUNT(*) AS n FROM finding fi JOIN report r ON r.id = fi.reportId WHERE r.isCurrent = 1 AND r.regionCode LIKE '99%'");
    expect(counts.data.findingCounts.total).toBe(Number(slow[0].n));
  });

  /** Every coverage list of these region-years equals the scan, in order (the first 100), and its count the scan's. */
  async function expectCoverageAsScan(cases: Array<[string, number, boolean, string[] | null]>) {
    for (const [regionCode, year, sub, kinds] of cases) {
      const { body } = await served.server.gql(MISSING(regionCode, year, sub, kinds ? kinds.join(", ") : null));
      expect(body.errors).toBeUndefined();
      const scan = await missingByScan(served.ds, regionCode, year, sub, kinds);
      expect({ at: [regionCode, year, sub, kinds], count: body.data.regionStatistics.coverage.missingCount, missing: body.data.regionStatistics.coverage.missing })
        .toEqual({ at: [regionCode, year, sub, kinds], count: scan.length, missing: scan.slice(0, 100) });
    }
  }

  const COVERAGE_CASES: Array<[string, number, boolean, string[] | null]> = [
    ["990000", 2023, true, null], ["990100", 2020, true, null], ["990101", 2019, true, null], ["990101", 2025, false, null],
    ["990000", 2026, true, null], ["990000", 2031, true, null], ["990000", 2010, true, null],
    ["990000", 2024, true, ["DEPARTMENT", "TOWNSHIP"]], ["990102", 2022, true, ["GOVERNMENT"]],
  ];

  it("lists unreported agencies from the coverage read model as the scan did, in two statements whatever the region's size", async () => {
    const q = await counted(MISSING("990000", 2023, true, null));
    // the region (cached per process after the first request), its sums (stat_summary), the list
    // (first 100 of one index range, with the agencies) and the counts (coverage_year, coverage_count)
    expect(q.statements).toBeLessThanOrEqual(4);
    expect(q.sql.filter((s) => /coverage_/.test(s))).toHaveLength(2);
    expect(q.sql.filter((s) => /FROM report\b/.test(s) || /NOT EXISTS/.test(s))).toEqual([]);
    expect(q.data.regionStatistics.coverage.missingCount).toBeGreaterThan(0);
    // Those that reported the year before come first.
    const flags = q.data.regionStatistics.coverage.missing.map((m: any) => m.reportedPreviousYear);
    expect(flags).toEqual([...flags].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
    expect(flags).toContain(true);
    const kinds = await counted(MISSING("990000", 2023, true, "DEPARTMENT, TOWNSHIP"));
    expect(kinds.sql.filter((s) => /coverage_/.test(s))).toHaveLength(2);
    // A year no report touches: every registered agency (year 0), one more statement.
    const none = await counted(MISSING("990000", 2031, true, null));
    expect(none.sql.filter((s) => /coverage_/.test(s))).toHaveLength(3);
    expect(none.data.regionStatistics.coverage.missingCount).toBe(Number((await served.ds.query("SELECT COUNT(*) AS n FROM agency WHERE regionCode LIKE '99%'"))[0].n));
    await expectCoverageAsScan(COVERAGE_CASES);
    // Aggregate reports left out: the first 100 by id, and how many (index over the aggregates only).
    const aggregates = (await served.ds.query("SELECT id FROM report WHERE year = 2023 AND isAggregate = 1 AND isCurrent = 1 AND regionCode LIKE '99%' ORDER BY id")).map((r: any) => String(r.id));
    expect(aggregates.length).toBeGreaterThan(0);
    const excluded = await counted(`{ regionStatistics(regionCode: "990000", year: 2023) { coverage { excludedAggregateCount excludedAggregates { id } } } }`);
    expect(excluded.data.regionStatistics.coverage).toEqual({ excludedAggregateCount: aggregates.length, excludedAggregates: aggregates.slice(0, 100).map((id: string) => ({ id })) });
    // Read from aggregate_key (one key range each), never by a region-code prefix over report.
    expect(excluded.sql.filter((s) => /aggregate_key/.test(s))).toHaveLength(2);
    expect(excluded.sql.filter((s) => /isAggregate = 1/.test(s))).toEqual([]);
    // The left-out reports are read in the statement that finds them: no second read of report.
    expect(excluded.sql.filter((s) => /FROM [`"]?report[`"]?[\s;]/.test(s))).toEqual([]);
    // …with every field as `report(id:)` reads it.
    const FIELDS = "id year format isAggregate revision isCurrent printedAgencyName sourceUrl publishedAt importedAt importedBy parserVersion blankCells sections { heading text }";
    const { body: detailed } = await served.server.gql(`{ regionStatistics(regionCode: "990000", year: 2023) { coverage { excludedAggregates { ${FIELDS} } } } }`);
    const { body: one } = await served.server.gql(`{ report(id: ${aggregates[0]}) { ${FIELDS} } }`);
    expect(detailed.data.regionStatistics.coverage.excludedAggregates[0]).toEqual(one.data.report);
    expect(one.data.report.isAggregate).toBe(true);
    // Every level, with and without subregions, as a scan of the reports.
    const regions = (await served.ds.query("SELECT DISTINCT regionCode FROM report WHERE isAggregate = 1 AND regionCode IS NOT NULL ORDER BY regionCode")).map((r: any) => String(r.regionCode));
    expect(regions.length).toBeGreaterThan(2);
    for (const code of [...new Set([...regions.slice(0, 4), regions[regions.length - 1]])]) {
      for (const sub of [true, false]) {
        const prefix = code.replace(/(00)+$/, "");
        const scan = (await served.ds.query(`SELECT id FROM report WHERE year = 2022 AND isAggregate = 1 AND isCurrent = 1 AND ${sub ? "regionCode LIKE ?" : "regionCode = ?"} ORDER BY id`,
          [sub ? `${prefix}%` : code])).map((r: any) => String(r.id));
        const { body } = await served.server.gql(`{ regionStatistics(regionCode: "${code}", year: 2022, includeSubregions: ${sub}) { coverage { excludedAggregateCount excludedAggregates { id } } } }`);
        expect({ at: [code, sub], ...body.data.regionStatistics.coverage }).toEqual({ at: [code, sub], excludedAggregateCount: scan.length, excludedAggregates: scan.slice(0, 100).map((id: string) => ({ id })) });
      }
    }
  });

  it("counts ranked agencies from metric_count as a count of report_metric does: every level, kind and template, below and above the cap", async () => {
    const cases: Array<[string | null, number, string | null, string | null]> = [
      [null, 1, null, null], ["990000", 1, null, null], ["990000", 5, null, null], ["990000", 100, null, null], ["990000", 101, null, null],
      ["990100", 3, "DEPARTMENT", null], ["990101", 2, null, null], ["990101001000", 1, null, null], ["990000", 2, "TOWNSHIP", "2021"], ["990200", 1, null, "2019"],
    ];
    let positive = 0;
    for (const [region, min, kind, template] of cases) {
      const prefix = region ? region.replace(/(00)+$/, "") : "";
      const scan = await served.ds.query(`SELECT COUNT(*) AS n FROM report_metric m WHERE m.metric = 'DISCLOSURE_RATE' AND m.year = ?
        AND COALESCE(m.regionCode, '') LIKE ? AND m.denominator >= ?${kind ? " AND m.agencyKind = ?" : ""}${template ? " AND m.format = ?" : ""}`,
      [template === "2019" ? 2020 : 2023, `${prefix}%`, min, ...(kind ? [kind] : []), ...(template ? [template] : [])]);
      const args = `${region ? `, regionCode: "${region}"` : ""}${kind ? `, agencyKind: ${kind}` : ""}${template ? `, template: T${template}` : ""}`;
      const q = await counted(`{ ranking(measure: "DISCLOSURE_RATE", year: ${template === "2019" ? 2020 : 2023}, minDenominator: ${min}, first: 1${args}) { rankedCount } }`);
      expect({ at: [region, min, kind, template], n: q.data.ranking.rankedCount }).toEqual({ at: [region, min, kind, template], n: Number(scan[0].n) });
      if (Number(scan[0].n) > 0) positive++;
      // Up to the cap the count is a sum over metric_count; above it, a count of the index range.
      expect(q.sql.some((s) => /FROM metric_count/.test(s))).toBe(min <= 100);
    }
    expect(positive).toBeGreaterThanOrEqual(8);
  });

  it("lists findings by region as a scan of the findings does: ranked from finding_region, or grouped with year filters", async () => {
    const cases: Array<[string | null, string | null, number | null]> = [[null, null, null], ["990000", null, null], ["990100", null, null], ["990101", "R2", null],
      ["990000", "X1", null], ["990101001000", null, null], ["990000", null, 2023], ["990200", "R2", 2021]];
    let nonTrivial = 0;
    for (const [region, rule, year] of cases) {
      const prefix = !region ? "" : region.length > 6 ? region : region.replace(/(00)+$/, "");
      const scan = await served.ds.query(`SELECT COALESCE(r.regionCode, '') AS k, COUNT(*) AS n FROM finding fi JOIN report r ON r.id = fi.reportId
        WHERE r.isCurrent = 1 AND COALESCE(r.regionCode, '') LIKE ?${rule ? " AND fi.rule = ?" : ""}${year ? " AND r.year >= ? AND r.year <= ?" : ""}
        GROUP BY COALESCE(r.regionCode, '') ORDER BY COUNT(*) DESC, COALESCE(r.regionCode, '') DESC LIMIT 500`,
      [`${prefix}%`, ...(rule ? [rule] : []), ...(year ? [year, year] : [])]);
      const args = [region ? `regionCode: "${region}"` : "", rule ? `rule: "${rule}"` : "", year ? `fromYear: ${year}, toYear: ${year}` : ""].filter(Boolean).join(", ");
      const q = await counted(`{ findingCounts${args ? `(${args})` : ""} { byRegion { key count } } }`);
      expect({ at: [region, rule, year], byRegion: q.data.findingCounts.byRegion })
        .toEqual({ at: [region, rule, year], byRegion: scan.map((r: any) => ({ key: r.k || "unknown", count: Number(r.n) })) });
      expect(q.sql.some((s) => /FROM finding_region/.test(s))).toBe(year == null);
      if (scan.length > 1) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThanOrEqual(5);
  });

  it("lists small samples page-bounded (one range per denominator) as the scan does, under both paths", async () => {
    for (const [region, min, prefix] of [["990000", 5, "99"], ["990100", 12, "9901"], ["990000", 40, "99"]] as const) {
      const scan = (await served.ds.query(`SELECT a.name AS name FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_metric m ON m.reportId = r.id
        WHERE m.metric = 'DISCLOSURE_RATE' AND m.year = 2023 AND r.regionCode LIKE ? AND m.denominator < ? ORDER BY a.id LIMIT 100`, [`${prefix}%`, min])).map((r: any) => r.name);
      expect(scan.length).toBeGreaterThan(0);
      const q = await counted(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "${region}", minDenominator: ${min}, first: 5) { smallSamples { agency { name } value { denominator } } } }`);
      expect(q.data.ranking.smallSamples.map((s: any) => s.agency.name)).toEqual(scan);
      expect(q.data.ranking.smallSamples.every((s: any) => s.value.denominator < min)).toBe(true);
    }
  });

  it("pages findings with a cursor in id order, the same findings as a scan", async () => {
    const scan = (await served.ds.query(`SELECT fi.id AS id FROM finding fi JOIN report r ON r.id = fi.reportId WHERE r.isCurrent = 1 AND fi.rule = 'R2' AND r.regionCode LIKE '9901%' AND r.year >= 2021 ORDER BY fi.id`)).map((r: any) => Number(r.id));
    expect(scan.length).toBeGreaterThan(3);
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const { body } = await served.server.gql(`query($after: String) { findings(rule: "R2", regionCode: "990100", fromYear: 2021, first: 3, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`, { after });
      expect(body.errors).toBeUndefined();
      expect(body.data.findings.totalCount).toBe(scan.length);
      seen.push(...body.data.findings.nodes.map((n: any) => Number(n.id)));
      if (!body.data.findings.pageInfo.hasNextPage) break;
      after = body.data.findings.pageInfo.endCursor;
    }
    expect(seen).toEqual(scan);
  });

  it("stays equal to a rebuild after imports, revisions, held and forced revisions, corrections and agency edits", async () => {
    const service = new ImportService(served.ds);
    const seed = fixture("2020-liaocheng-yingjiju").expected;
    const json = { ...seed, agency: "示例省第1市第1县读模型局", year: 2023, format: "2019", regionCode: "990101" };
    expect((await service.importContent(JSON.stringify(json), { fileName: "a.json" })).status).toBe("imported");
    const y2024 = { ...json, year: 2024 };
    expect((await service.importContent(JSON.stringify(y2024), { fileName: "b.json" })).status).toBe("imported");
    const revised = JSON.parse(JSON.stringify(json));
    revised.applications.newReceived.natural += 7;
    revised.applications.newReceived.total += 7;
    expect((await service.importContent(JSON.stringify(revised), { fileName: "a2.json" })).status).toBe("revised");
    const { rows: [current] } = { rows: await served.ds.query("SELECT id FROM report WHERE printedAgencyName = ? AND year = 2023 AND isCurrent = 1", [json.agency]) };
    await correctCells(served.ds, Number(current.id), [{ path: "applications.outcomes.granted.total", value: "0" }], { actor: "test", reason: "read model", checkReport });
    const someAgency = Number((await served.ds.query("SELECT agencyId FROM report_metric WHERE cnty = '990102' ORDER BY agencyId LIMIT 1"))[0].agencyId);
    await updateAgency(served.ds, someAgency, { regionCode: "990201", kind: "OTHER" });
    await renameAgency(served.ds, someAgency, "示例省改名局", 2024);
    const kept = await snapshot(served.ds);
    await served.ds.transaction((em) => rebuildReadModels(em));
    expect(await snapshot(served.ds)).toEqual(kept);
    const moved = await served.ds.query("SELECT DISTINCT cnty, agencyKind FROM report_metric WHERE agencyId = ?", [someAgency]);
    expect(moved).toEqual([{ cnty: "990201", agencyKind: "OTHER" }]);
    expect((await served.ds.query("SELECT DISTINCT regionKey, agencyKind FROM coverage_key WHERE agencyId = ? AND scope = 'cnty'", [someAgency]))).toEqual([{ regionKey: "990201", agencyKind: "OTHER" }]);
    await expectCoverageAsScan([...COVERAGE_CASES, ["990201", 2024, true, ["OTHER"]], ["990102", 2024, true, null]]);
  });

  it("follows a new agency and a year after the last: the years between are materialized, the counts follow", async () => {
    const service = new ImportService(served.ds);
    const json = { ...fixture("2020-liaocheng-yingjiju").expected, agency: "示例省第2市第1县远年局", year: 2029, format: "2019", regionCode: "990201" };
    expect((await service.importContent(JSON.stringify(json), { fileName: "far.json" })).status).toBe("imported");
    const years = (await served.ds.query("SELECT year FROM coverage_year ORDER BY year")).map((r: any) => Number(r.year));
    expect(years).toEqual([0, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    await expectCoverageAsScan([["990000", 2029, true, null], ["990200", 2030, true, null], ["990201", 2028, false, null], ["990000", 2027, true, null]]);
    // The same import's agency is listed as unreported for 2023 (registered now), after those that reported 2022.
    const { body } = await served.server.gql(MISSING("990201", 2023, false, null));
    expect(body.data.regionStatistics.coverage.missing.map((m: any) => m.agency.name)).toContain("示例省第2市第1县远年局");
    const kept = await snapshot(served.ds);
    await served.ds.transaction((em) => rebuildReadModels(em));
    expect(await snapshot(served.ds)).toEqual(kept);
  });

  describe("response cache", () => {
    const prefix = `gk:scaleread:${process.pid}:`;
    const modes: Array<[string, Record<string, string>]> = [
      ["memory", {}],
      ["redis", { REDIS_URL: "redis://127.0.0.1:6379/3", GONGKAI_RESPONSE_CACHE_PREFIX: prefix }],
    ];

    it.each(modes)("serves the new total at once after an import, on two instances sharing the database (%s)", async (kind, env) => {
      let one: RunningServer & { gql: Gql };
      let two: RunningServer & { gql: Gql };
      try {
        one = await serve(served.ds, env);
        two = await serve(served.ds, env);
      } catch (e) {
        if (kind === "redis") return; // no Redis on this machine: the memory test stands
        throw e;
      }
      const statements = async (s: RunningServer & { gql: Gql }, query: string, headers?: Record<string, string>) => {
        logger.reset();
        logger.enabled = true;
        const { body } = await s.gql(query, undefined, headers);
        logger.enabled = false;
        expect(body.errors).toBeUndefined();
        // Served from the cache: the data version is the only statement.
        return { data: body.data.regionStatistics, cached: logger.statements.every((s) => /FROM data_version/.test(s)) };
      };
      try {
        const first = await statements(one, R2023);
        expect(first.cached).toBe(false);
        expect(await statements(one, R2023)).toEqual({ data: first.data, cached: true });
        const onTwo = await statements(two, R2023);
        expect(onTwo.data).toEqual(first.data);
        expect(onTwo.cached).toBe(kind === "redis"); // shared through Redis; each instance's own memory otherwise
        // Not for an admin: computed for each request.
        expect((await statements(two, R2023, { authorization: "Bearer test-admin-token" })).cached).toBe(false);
        const service = new ImportService(served.ds);
        const json = { ...fixture("2020-liaocheng-yingjiju").expected, agency: `示例省第1市第1县缓存局${kind}`, year: 2023, format: "2019", regionCode: "990101" };
        expect((await service.importContent(JSON.stringify(json), { fileName: "cache.json" })).status).toBe("imported");
        for (const s of [one, two]) {
          const { data: after, cached } = await statements(s, R2023);
          expect(cached).toBe(s === two && kind === "redis");
          expect(after.applications.newReceived.total).toBe(first.data.applications.newReceived.total + json.applications.newReceived.total);
          expect(after.coverage.reportingAgencies).toBe(first.data.coverage.reportingAgencies + 1);
        }
        // A rename changes no total but bumps the version too.
        const agencyId = Number((await served.ds.query("SELECT id FROM agency ORDER BY id LIMIT 1"))[0].id);
        await renameAgency(served.ds, agencyId, `示例省缓存改名${kind}`, 2025);
        expect((await statements(one, R2023)).cached).toBe(false);
      } finally {
        await one.stop();
        await two.stop();
      }
    });
  });
});
