import type { DataSource } from "typeorm";
import { CountingLogger, testDatabases } from "../helpers/db";
import { serve, Gql } from "../helpers/server";
import { buildProvince, GeneratedReport, SIZES } from "../../src/demo/generate";
import { loadProvince } from "../../src/demo/load-province";
import { getPath } from "../../src/domain/report-json";
import { ImportService } from "../../src/ingestion/import.service";
import { fixture } from "../helpers/fixtures";
import { updateAgency } from "../../src/store/agency-writer";
import { SummaryLedger } from "../../src/store/summary-ledger";
import type { RunningServer } from "../../src/server";

/**
 * Every statistics query checked against sums computed here, by plain loops over the generated
 * canonical reports — not through the service's SQL or the metric definitions.
 */
const province = buildProvince(SIZES.tiny);
const generated: GeneratedReport[] = [...province.reports()];
const agencyByKey = new Map(province.agencies.map((a) => [a.key, a]));
const COLS = ["natural", "commercial", "research", "publicInterest", "legal", "otherOrg", "total"];
const BOTH_ROWS = ["newReceived", "carriedOver", "outcomes.granted", "outcomes.partiallyGranted", "outcomes.denied.stateSecret", "outcomes.denied.processInfo",
  "outcomes.unableToProvide.notHeld", "outcomes.notProcessed.complaintPetition", "outcomes.total", "carriedForward"];

const v = (r: GeneratedReport, path: string) => (getPath(r.report, path) as number | undefined) ?? 0;
const units = (year: number, prefix = "99", kinds?: string[]) => generated.filter((g) => {
  const a = agencyByKey.get(g.agencyKey)!;
  return g.year === year && !g.report.isAggregate && a.regionCode.startsWith(prefix) && (!kinds || kinds.includes(a.kind));
});
const sum = (rs: GeneratedReport[], path: string) => rs.reduce((s, r) => s + v(r, path), 0);
const otherTotal = (r: GeneratedReport) => r.report.format === "2019" ? v(r, "applications.outcomes.other.total")
  : v(r, "applications.outcomes.other.overdueCorrection.total") + v(r, "applications.outcomes.other.overdueFee.total") + v(r, "applications.outcomes.other.otherReasons.total");

describe.each(testDatabases())("statistics on %s", (_db, open) => {
  let ds: DataSource;
  let server: RunningServer & { gql: Gql };
  const logger = new CountingLogger();
  let idOf: Map<string, string>;

  beforeAll(async () => {
    ds = await open(logger);
    const stats = await loadProvince(ds, province);
    expect(stats.reports).toBe(generated.length);
    server = await serve(ds);
    const { body } = await server.gql(`{ agencies(filter: { regionCode: "990000" }, first: 100) { totalCount nodes { id name } } }`);
    expect(body.data.agencies.totalCount).toBe(province.agencies.length);
    idOf = new Map(body.data.agencies.nodes.map((n: any) => [n.name, n.id]));
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  it("sums a province-year's sections 三 and 四 without its aggregate reports, with coverage", async () => {
    const { body } = await server.gql(`{ regionStatistics(regionCode: "990000", year: 2023) {
      region { name } applications { ${BOTH_ROWS.map((r) => r.split(".").reduceRight((inner, k) => `${k} { ${inner} }`, COLS.join(" "))).join(" ")} outcomes { other { total } } }
      reviewLitigation { review { total corrected } litigationDirect { total } }
      proactive { template reportCount proactive2021 { licensing { decisions } fees { amountWanYuan } } }
      coverage { reportingAgencies missingCount missing { agency { name } reportedPreviousYear } excludedAggregates { printedAgencyName isAggregate } }
      metrics { disclosureRate { numerator denominator value } backlogRate { numerator denominator } }
    } }`);
    expect(body.errors).toBeUndefined();
    const s = body.data.regionStatistics;
    const rs = units(2023);
    expect(s.region.name).toBe("示例省");
    for (const row of BOTH_ROWS) for (const col of COLS) expect([row, col, getPath(s.applications, `${row}.${col}`)]).toEqual([row, col, sum(rs, `applications.${row}.${col}`)]);
    expect(s.applications.outcomes.other.total).toBe(rs.reduce((a, r) => a + otherTotal(r), 0));
    expect(s.reviewLitigation.review).toEqual({ total: sum(rs, "reviewLitigation.review.total"), corrected: sum(rs, "reviewLitigation.review.corrected") });
    expect(s.proactive).toEqual([{ template: "T2021", reportCount: rs.length, proactive2021: {
      licensing: { decisions: sum(rs, "proactive.licensing.decisions") },
      fees: { amountWanYuan: String(Math.round(sum(rs, "proactive.fees.amountWanYuan") * 1e6) / 1e6) },
    } }]);
    const reported = new Set(rs.map((r) => r.agencyKey));
    const missing = province.agencies.filter((a) => !reported.has(a.key) && !generated.some((g) => g.agencyKey === a.key && g.year === 2023));
    expect(s.coverage.reportingAgencies).toBe(rs.length);
    expect(s.coverage.missingCount).toBe(missing.length);
    expect(s.coverage.missing.map((m: any) => m.agency.name).sort()).toEqual(missing.map((a) => a.name).sort());
    const aggregates = generated.filter((g) => g.year === 2023 && g.report.isAggregate);
    expect(s.coverage.excludedAggregates).toHaveLength(aggregates.length);
    const granted = sum(rs, "applications.outcomes.granted.total") + sum(rs, "applications.outcomes.partiallyGranted.total");
    const handled = sum(rs, "applications.outcomes.total.total");
    expect(s.metrics.disclosureRate).toEqual({ numerator: granted, denominator: handled, value: granted / handled });
    expect(s.metrics.backlogRate).toEqual({ numerator: sum(rs, "applications.carriedForward.total"), denominator: sum(rs, "applications.newReceived.total") + sum(rs, "applications.carriedOver.total") });
  });

  it("filters by agency kind and compares a county's own aggregate report with the computed sum (X4)", async () => {
    for (const county of ["990101", "990102", "990201", "990202"]) {
      const { body } = await server.gql(`{ regionStatistics(regionCode: "${county}", year: 2022) {
        applications { newReceived { natural total } } aggregateComparison { matches differences { path reported computed difference } }
      } }`);
      const rs = units(2022, county);
      const agg = generated.find((g) => g.year === 2022 && g.report.isAggregate && agencyByKey.get(g.agencyKey)!.regionCode === county)!;
      const s = body.data.regionStatistics;
      expect(s.applications.newReceived.total).toBe(sum(rs, "applications.newReceived.total"));
      const diff = v(agg, "applications.newReceived.natural") - sum(rs, "applications.newReceived.natural");
      expect(s.aggregateComparison.matches).toBe(diff === 0);
      if (diff) {
        expect(s.aggregateComparison.differences).toEqual([
          { path: "applications.newReceived.natural", reported: v(agg, "applications.newReceived.natural"), computed: sum(rs, "applications.newReceived.natural"), difference: diff },
          { path: "applications.newReceived.total", reported: v(agg, "applications.newReceived.total"), computed: sum(rs, "applications.newReceived.total"), difference: diff },
        ]);
      }
    }
    const { body } = await server.gql(`{ regionStatistics(regionCode: "990100", year: 2021, agencyKinds: [DEPARTMENT]) { applications { newReceived { total } } coverage { reportingAgencies } } }`);
    const depts = units(2021, "9901", ["DEPARTMENT"]);
    expect(body.data.regionStatistics).toEqual({ applications: { newReceived: { total: sum(depts, "applications.newReceived.total") } }, coverage: { reportingAgencies: depts.length } });
  });

  it("ranks by a metric with dense ranks, lists small samples apart, and benchmarks against averages", async () => {
    const rs = units(2024);
    const rows = rs.map((r) => {
      const num = v(r, "applications.outcomes.granted.total") + v(r, "applications.outcomes.partiallyGranted.total");
      const den = v(r, "applications.outcomes.total.total");
      return { name: agencyByKey.get(r.agencyKey)!.name, kind: agencyByKey.get(r.agencyKey)!.kind, key: r.agencyKey, num, den };
    });
    const eligible = rows.filter((r) => r.den >= 5).sort((a, b) => b.num / b.den - a.num / a.den || b.key - a.key); // ties: the larger agency id first (descending ranking)
    let rank = 0;
    let last: number | null = null;
    const expected = eligible.map((r) => {
      const value = r.num / r.den;
      if (value !== last) rank++;
      last = value;
      return { rank, name: r.name, value };
    });
    // Region and kind values are ratios of sums over every reporting agency.
    const regionValue = rows.reduce((s, r) => s + r.num, 0) / rows.reduce((s, r) => s + r.den, 0);
    const depts = rows.filter((r) => r.kind === "DEPARTMENT");
    const deptValue = depts.reduce((s, r) => s + r.num, 0) / depts.reduce((s, r) => s + r.den, 0);
    const { body } = await server.gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2024, regionCode: "990000", minDenominator: 5, first: 100) {
      rankedCount entries { rank agency { name kind } value { value } regionAverage { value } kindAverage { value } } smallSamples { agency { name } } } }`);
    expect(body.errors).toBeUndefined();
    const ranking = body.data.ranking;
    expect(ranking.rankedCount).toBe(eligible.length);
    expect(ranking.entries.map((e: any) => ({ rank: e.rank, name: e.agency.name, value: e.value.value }))).toEqual(expected.slice(0, 100).map((e) => ({ ...e, value: expect.closeTo(e.value, 12) })));
    expect(ranking.entries[0].regionAverage.value).toBeCloseTo(regionValue, 12);
    const dept = ranking.entries.find((e: any) => e.agency.kind === "DEPARTMENT");
    expect(dept.kindAverage.value).toBeCloseTo(deptValue, 12);
    expect(ranking.smallSamples.map((s: any) => s.agency.name).sort()).toEqual(rows.filter((r) => r.den > 0 && r.den < 5).map((r) => r.name).sort());

    // Both directions, other thresholds and short pages (cut inside a run of ties), as the scan orders them.
    const denseRanks = (list: typeof rows) => {
      let r = 0;
      let prev: number | null = null;
      return list.map((x) => {
        const value = x.num / x.den;
        if (value !== prev) r++;
        prev = value;
        return { rank: r, name: x.name, value: expect.closeTo(value, 12) };
      });
    };
    // Regions at three levels, kinds, thresholds on and between the sample tiers' steps (and above the
    // last), pages cut inside a run of ties.
    const regionOf = (r: (typeof rows)[number]) => agencyByKey.get(r.key)!.regionCode;
    const prefecture = regionOf(rows[0]).slice(0, 4);
    const county = regionOf(rows.find((r) => regionOf(r).length >= 6 && regionOf(r).slice(4, 6) !== "00")!).slice(0, 6);
    const cases: Array<[string, number, number, string, string | null]> = [
      ["ASC", 3, 30, "990000", null], ["ASC", 1, 7, "990000", null], ["DESC", 2, 7, "990000", null], ["DESC", 10, 3, "990000", null],
      ["DESC", 1, 1, "990000", null], ["DESC", 1, 2, "990000", null], ["DESC", 4, 5, "990000", null], ["DESC", 7, 5, "990000", null],
      ["ASC", 7, 9, "990000", null], ["DESC", 150, 5, "990000", null], ["DESC", 1, 3, `${prefecture}00`, null], ["ASC", 4, 4, county, null],
      ["DESC", 1, 2, "990000", "DEPARTMENT"], ["DESC", 4, 6, `${prefecture}00`, "TOWNSHIP"],
    ];
    let cutInTies = 0;
    for (const [order, min, first, region, kind] of cases) {
      const sign = order === "DESC" ? -1 : 1;
      const prefix = region.replace(/(00)+$/, "");
      const eligible = rows.filter((r) => r.den >= min && regionOf(r).startsWith(prefix) && (!kind || r.kind === kind))
        .sort((a, b) => sign * (a.num / a.den - b.num / b.den) || sign * (a.key - b.key));
      const scan = denseRanks(eligible).slice(0, first);
      const page = await server.gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2024, regionCode: "${region}", minDenominator: ${min}, first: ${first}, order: ${order}${kind ? `, agencyKind: ${kind}` : ""}) { rankedCount entries { rank agency { name } value { value } } } }`);
      expect(page.body.errors).toBeUndefined();
      const at = [order, min, first, region, kind];
      expect({ at, count: page.body.data.ranking.rankedCount, entries: page.body.data.ranking.entries.map((e: any) => ({ rank: e.rank, name: e.agency.name, value: e.value.value })) })
        .toEqual({ at, count: eligible.length, entries: scan });
      // The page ends inside a run of equal values: the tied agencies first in agency-id order (in the ranking's direction) belong in it.
      if (scan.length === first && eligible.filter((r) => r.num / r.den === eligible[first - 1].num / eligible[first - 1].den).length > first) cutInTies++;
    }
    expect(cutInTies).toBeGreaterThanOrEqual(2);

    const byCount = await server.gql(`{ ranking(measure: "applications.newReceived.total", year: 2024, first: 5) { entries { rank value { value } } } }`);
    const counts = rows.map((r) => v(rs.find((x) => x.agencyKey === r.key)!, "applications.newReceived.total")).sort((a, b) => b - a);
    const dense = [...new Set(counts)];
    expect(byCount.body.data.ranking.entries.map((e: any) => [e.rank, e.value.value])).toEqual(counts.slice(0, 5).map((c) => [dense.indexOf(c) + 1, c]));
  });

  it("compares agencies across years in at most three statements, flagging template changes", async () => {
    const picked = province.agencies.filter((a) => a.kind !== "GOVERNMENT").slice(0, 3);
    const ids = picked.map((a) => idOf.get(a.name));
    logger.reset();
    logger.enabled = true;
    const { body } = await server.gql(`query($ids: [ID!]!) { compareAgencies(agencyIds: $ids, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], measures: ["applications.newReceived.total", "DISCLOSURE_RATE", "proactive.licensing.decisions"]) {
      agency { name } series { measure values { year value { value } template } changes { fromYear toYear absolute relative comparable reason } } } }`, { ids });
    logger.enabled = false;
    expect(body.errors).toBeUndefined();
    // The agencies, the data version, and one statement for the values: the reports from the index
    // (agencyId, isCurrent, year, format), then their figures by primary key, in a forced order (a
    // plain join let MariaDB scan every figures row when its statistics were stale).
    expect(logger.count).toBeLessThanOrEqual(3);
    const values = logger.statements.filter((q) => /report_figures/.test(q));
    expect(values).toHaveLength(1);
    expect(values[0]).toMatch(_db === "sqlite" ? /FROM report r CROSS JOIN report_figures f/ : /FROM report r FORCE INDEX \(IDX_report_agency_years\) STRAIGHT_JOIN report_figures f/);
    // No field asked for the printed names: the reports are read from the index alone.
    expect(values[0]).not.toMatch(/printedAgencyName/);
    // The years as one range of the index per agency, not a dive per agency and year.
    expect(values[0]).toMatch(/r\.year BETWEEN \? AND \?\s*$/);
    const plan = _db === "sqlite"
      ? (await ds.query(`EXPLAIN QUERY PLAN ${values[0]}`, [...ids.map(Number), 2019, 2025])).map((p: any) => p.detail).join(" | ")
      : (await ds.query(`EXPLAIN ${values[0]}`, [...ids.map(Number), 2019, 2025])).map((p: any) => `${p.table} ${p.type} ${p.key} ${p.Extra}`).join(" | ");
    expect(plan).toMatch(_db === "sqlite"
      ? /^SEARCH r USING COVERING INDEX IDX_report_agency_years [^|]*\| SEARCH f USING (INTEGER )?PRIMARY KEY/
      : /^r range IDX_report_agency_years [^|]*Using index[^|]*\| f eq_ref PRIMARY/);
    const cmp = body.data.compareAgencies;
    picked.forEach((a, i) => {
      expect(cmp[i].agency.name).toBe(a.name);
      const series = cmp[i].series[0];
      const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
      const mine = (y: number) => generated.find((g) => g.agencyKey === a.key && g.year === y);
      expect(series.values.map((x: any) => x.value?.value ?? null)).toEqual(years.map((y) => (mine(y) ? v(mine(y)!, "applications.newReceived.total") : null)));
      series.changes.forEach((c: any) => {
        const from = mine(c.fromYear);
        const to = mine(c.toYear);
        if (from && to) expect(c).toMatchObject({ comparable: true, absolute: v(to, "applications.newReceived.total") - v(from, "applications.newReceived.total") });
        else expect(c).toMatchObject({ comparable: false, absolute: null });
      });
      const licensing = cmp[i].series[2].changes.find((c: any) => c.fromYear === 2020);
      if (mine(2020) && mine(2021)) expect(licensing).toMatchObject({ comparable: false, reason: expect.stringMatching(/template changed from 2019 to 2021/) });
    });

    // Years with gaps, unsorted and repeated: the range and a filter on it, every value in its year.
    logger.reset();
    logger.enabled = true;
    const gapped = await server.gql(`query($ids: [ID!]!) { compareAgencies(agencyIds: $ids, years: [2025, 2019, 2021, 2019], measures: ["applications.newReceived.total"]) { series { values { year value { value } } } } }`, { ids });
    logger.enabled = false;
    expect(gapped.body.errors).toBeUndefined();
    expect(logger.statements.find((q) => /report_figures/.test(q))).toMatch(/r\.year BETWEEN \? AND \? AND r\.year \+ 0 IN \(\?, \?, \?\)/);
    picked.forEach((a, i) => {
      const mine = (y: number) => generated.find((g) => g.agencyKey === a.key && g.year === y);
      expect(gapped.body.data.compareAgencies[i].series[0].values).toEqual([2019, 2021, 2025].map((y) => ({ year: y, value: mine(y) ? { value: v(mine(y)!, "applications.newReceived.total") } : null })));
    });
  });

  it("gives each compared year the name printed on its report only when asked, from the report rows", async () => {
    const picked = province.agencies.filter((a) => a.kind !== "GOVERNMENT").slice(0, 4);
    const ids = picked.map((a) => idOf.get(a.name));
    const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
    const stored: Array<{ agencyId: number; year: number; name: string }> = (await ds.query(
      `SELECT agencyId, year, printedAgencyName AS name FROM report WHERE isCurrent = 1 AND agencyId IN (${ids.map(() => "?").join(", ")})`, ids.map(Number)))
      .map((r: any) => ({ agencyId: Number(r.agencyId), year: Number(r.year), name: r.name }));
    expect(stored.length).toBeGreaterThan(10);
    const query = `query($ids: [ID!]!, $names: Boolean!) { compareAgencies(agencyIds: $ids, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], measures: ["applications.newReceived.total"]) {
      agency { id } series { values { year template printedAgencyName @include(if: $names) value { value } } } } }`;
    // Each answer once (a repeated request could come from the response cache, without statements).
    for (const names of [false, true]) {
      logger.reset();
      logger.enabled = true;
      const { body } = await server.gql(query, { ids, names });
      logger.enabled = false;
      expect(body.errors).toBeUndefined();
      const read = logger.statements.find((q) => /report_figures/.test(q))!;
      expect(/printedAgencyName/.test(read)).toBe(names);
      body.data.compareAgencies.forEach((c: any) => {
        const values = c.series[0].values;
        expect(values.map((x: any) => x.year)).toEqual(years);
        for (const x of values) {
          const mine = stored.find((r) => r.agencyId === Number(c.agency.id) && r.year === x.year);
          expect(x.template === null).toBe(!mine);
          if (names) expect(x.printedAgencyName).toBe(mine?.name ?? null);
          else expect(x).not.toHaveProperty("printedAgencyName");
        }
      });
    }
  });

  it("reads any measures' figures in one of two column shapes (8 or 16 slots), with every value in place", async () => {
    const picked = province.agencies.filter((a) => a.kind !== "GOVERNMENT").slice(0, 3);
    const ids = picked.map((a) => idOf.get(a.name));
    const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
    const cols = ["natural", "commercial", "research", "publicInterest", "legal", "otherOrg", "total"];
    for (const paths of [
      ["applications.newReceived.total"],
      [...cols.map((c) => `applications.newReceived.${c}`), "applications.carriedOver.total", "applications.outcomes.granted.total"],
      [...cols.map((c) => `applications.outcomes.granted.${c}`), ...cols.map((c) => `applications.carriedForward.${c}`)],
    ]) {
      logger.reset();
      logger.enabled = true;
      const { body } = await server.gql(`query($ids: [ID!]!, $m: [String!]!) { compareAgencies(agencyIds: $ids, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], measures: $m) {
        agency { name } series { measure values { year value { value } } } } }`, { ids, m: paths });
      logger.enabled = false;
      expect(body.errors).toBeUndefined();
      const read = logger.statements.find((q) => /report_figures/.test(q))!;
      const slots = paths.length <= 8 ? 8 : 16;
      expect([/ AS v0\b/.test(read), new RegExp(` AS v${slots - 1}\\b`).test(read), new RegExp(` AS v${slots}\\b`).test(read)]).toEqual([true, true, false]);
      body.data.compareAgencies.forEach((c: any, i: number) => {
        const mine = (y: number) => generated.find((g) => g.agencyKey === picked[i].key && g.year === y);
        expect(c.series.map((x: any) => x.measure)).toEqual(paths);
        for (const [k, path] of paths.entries()) {
          expect(c.series[k].values.map((x: any) => x.value?.value ?? null)).toEqual(years.map((y) => (mine(y) ? v(mine(y)!, path) : null)));
        }
      });
    }
  });

  it("answers 100 agencies × 7 years in the same number of statements", async () => {
    const ids = province.agencies.slice(0, 44).map((a) => idOf.get(a.name));
    logger.reset();
    logger.enabled = true;
    const { body } = await server.gql(`query($ids: [ID!]!) { compareAgencies(agencyIds: $ids, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], measures: ["applications.newReceived.total"]) { agency { id } series { values { value { value } } } } }`, { ids });
    logger.enabled = false;
    expect(body.data.compareAgencies).toHaveLength(44);
    expect(logger.count).toBeLessThanOrEqual(3);
  });

  it("draws a region trend with coverage per year", async () => {
    const { body } = await server.gql(`{ trend(measure: "applications.newReceived.total", regionCode: "990000", fromYear: 2019, toYear: 2025) { year value { value } reportCount templates comparableWithPrevious } }`);
    expect(body.data.trend).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025].map((year, i) => ({
      year, value: { value: sum(units(year), "applications.newReceived.total") }, reportCount: units(year).length,
      templates: [year >= 2021 ? "T2021" : "T2019"], comparableWithPrevious: i > 0,
    })));
    const key = province.agencies.find((a) => a.kind === "DEPARTMENT" && generated.some((g) => g.agencyKey === a.key && g.year === 2019))!.key;
    const agencyTrend = await server.gql(`query($id: ID!) { trend(measure: "BACKLOG_RATE", agencyId: $id, fromYear: 2019, toYear: 2020) { year value { numerator denominator } } }`, { id: idOf.get(agencyByKey.get(key)!.name) });
    const mine = (y: number) => generated.find((g) => g.agencyKey === key && g.year === y)!;
    expect(agencyTrend.body.data.trend[0].value).toEqual({ numerator: v(mine(2019), "applications.carriedForward.total"), denominator: v(mine(2019), "applications.newReceived.total") + v(mine(2019), "applications.carriedOver.total") });
  });

  it("aggregates by year and kind, by agency, and by prefecture, ordered in SQL", async () => {
    const { body } = await server.gql(`{ aggregate(paths: ["applications.newReceived.total", "applications.outcomes.granted.total"], groupBy: [YEAR, AGENCY_KIND], orderBy: { path: "applications.newReceived.total", direction: DESC }, first: 3) {
      year agencyKind reportCount values { path value } } }`);
    expect(body.errors).toBeUndefined();
    const groups = new Map<string, { year: number; kind: string; n: number; count: number }>();
    for (const g of generated.filter((x) => !x.report.isAggregate)) {
      const kind = agencyByKey.get(g.agencyKey)!.kind;
      const key = `${g.year}|${kind}`;
      const e = groups.get(key) ?? { year: g.year, kind, n: 0, count: 0 };
      e.n += v(g, "applications.newReceived.total");
      e.count++;
      groups.set(key, e);
    }
    const top = [...groups.values()].sort((a, b) => b.n - a.n || a.year - b.year || a.kind.localeCompare(b.kind)).slice(0, 3);
    expect(body.data.aggregate.map((g: any) => [g.year, g.agencyKind, g.reportCount, g.values[0].value])).toEqual(top.map((t) => [t.year, t.kind, t.count, t.n]));

    const byAgency = await server.gql(`{ aggregate(paths: ["applications.newReceived.total"], groupBy: [AGENCY], filter: { years: [2025] }, first: 2) { agency { name } values { value } } }`);
    const top2 = units(2025).sort((a, b) => v(b, "applications.newReceived.total") - v(a, "applications.newReceived.total") || a.agencyKey - b.agencyKey).slice(0, 2);
    expect(byAgency.body.data.aggregate.map((g: any) => g.values[0].value)).toEqual(top2.map((r) => v(r, "applications.newReceived.total")));

    const byPrefecture = await server.gql(`{ aggregate(paths: ["applications.newReceived.total"], groupBy: [REGION], regionLevel: PREFECTURE, filter: { years: [2020] }, orderBy: { direction: ASC }) { regionCode values { value } } }`);
    const perPref = ["990100", "990200"].map((code) => ({ regionCode: code, values: [{ value: sum(units(2020, code.slice(0, 4)), "applications.newReceived.total") }] })).sort((a, b) => a.values[0].value - b.values[0].value);
    expect(byPrefecture.body.data.aggregate).toEqual(perPref);

    const ambiguous = await server.gql(`{ aggregate(paths: ["proactive.licensing.decisions"]) { reportCount } }`);
    expect(ambiguous.body.errors[0].message).toMatch(/exists in both templates.*filter.template/);
  });

  it("lists findings by rule with counts by rule and region", async () => {
    // Every report is checked as an import would check it, aggregates (汇总) included.
    const r2 = generated.reduce((n, g) => {
      const rows = ["newReceived", "carriedOver", "carriedForward", "outcomes.total", "outcomes.granted", "outcomes.partiallyGranted"];
      return n + rows.filter((row) => COLS.slice(0, 6).reduce((s, c) => s + v(g, `applications.${row}.${c}`), 0) !== v(g, `applications.${row}.total`)).length;
    }, 0);
    expect(r2).toBeGreaterThan(0);
    const { body } = await server.gql(`{ findings(rule: "R2", regionCode: "990000", first: 5) { totalCount nodes { rule path printed computed year agency { name } } } findingCounts(regionCode: "990000") { total byRule { key count } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.findings.totalCount).toBe(r2);
    expect(body.data.findings.nodes[0]).toMatchObject({ rule: "R2", agency: { name: expect.stringMatching(/^示例省/) } });
    expect(body.data.findingCounts.byRule.find((c: any) => c.key === "R2").count).toBe(r2);
    const bad = await server.gql(`{ findings(rule: "drop table", first: 1) { totalCount } }`);
    expect(bad.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("keeps region sums current as reports are imported and revised", async () => {
    const before = (await server.gql(`{ regionStatistics(regionCode: "990101", year: 2023) { applications { newReceived { total } } coverage { reportingAgencies } } }`)).body.data.regionStatistics;
    const seed = fixture("2020-liaocheng-yingjiju").expected;
    const json = { ...seed, agency: "示例省第1市第1县新设局", year: 2023, format: "2019", regionCode: "990101" };
    const service = new ImportService(ds);
    expect((await service.importContent(JSON.stringify(json), { fileName: "new.json" })).status).toBe("imported");
    const after = (await server.gql(`{ regionStatistics(regionCode: "990101", year: 2023) { applications { newReceived { total } } coverage { reportingAgencies } } }`)).body.data.regionStatistics;
    expect(after).toEqual({ applications: { newReceived: { total: before.applications.newReceived.total + 7 } }, coverage: { reportingAgencies: before.coverage.reportingAgencies + 1 } });
    const revised = JSON.parse(JSON.stringify(json));
    revised.applications.newReceived.natural = 14;
    revised.applications.newReceived.total = 17;
    expect((await service.importContent(JSON.stringify(revised), { fileName: "new-v2.json" })).status).toBe("revised");
    const again = (await server.gql(`{ regionStatistics(regionCode: "990101", year: 2023) { applications { newReceived { total } } coverage { reportingAgencies } } }`)).body.data.regionStatistics;
    expect(again).toEqual({ applications: { newReceived: { total: before.applications.newReceived.total + 17 } }, coverage: { reportingAgencies: before.coverage.reportingAgencies + 1 } });
  });

  it("keeps the summaries maintained by deltas equal to a rebuild from the reports", async () => {
    const agencyId = Number(idOf.get(province.agencies.find((a) => a.kind === "TOWNSHIP")!.name));
    await updateAgency(ds, agencyId, { kind: "OTHER", regionCode: "990102" });
    const snapshot = async () => (await ds.query("SELECT * FROM stat_summary ORDER BY scope, regionKey, year, format, agencyKind"))
      .map((r: any) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, x]) => [k, x == null ? null : Number(x) === Number(x) && k !== "regionKey" && k !== "scope" && k !== "format" && k !== "agencyKind" ? Number(x) : x]))));
    const maintained = await snapshot();
    await ds.transaction((em) => new SummaryLedger(em).rebuild());
    const rebuilt = await snapshot();
    expect(maintained.length).toBe(rebuilt.length);
    expect(maintained).toEqual(rebuilt);
  });
});
