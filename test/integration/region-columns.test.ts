/**
 * regionStatistics sums only the columns its selection reads (modules/statistics/region-columns.ts).
 * Every cell of sections 三 and 四 and every metric is asked for alone, in a year of each template,
 * and must equal the same field of an answer that sums every column (aggregateComparison, X4, needs
 * them all); the statement must carry the sums that the rule names and no others.
 */
import { CountingLogger, testDatabases } from "../helpers/db";
import { servedProvince } from "../helpers/server";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { CELLS } from "../../src/domain/cells";
import { getPath } from "../../src/domain/report-json";
import { METRIC_FIELDS } from "../../src/domain/metric-set";
import { columnsRead } from "../../src/modules/statistics/region-columns";
import { SUBSET_LIMIT } from "../../src/modules/statistics/region-statistics.service";

const RATIO = "{ numerator denominator value }";
/** A dotted path as a nested selection: `a.b.c` → `a { b { c } }`. */
const nested = (path: string, leaf = "") => path.split(".").reduceRight((inner, k) => (inner ? `${k} { ${inner} }` : k), leaf);
const SUMMED = CELLS.filter((c) => c.section !== "proactive");
const METRIC_SELECTIONS = [
  ...Object.values(METRIC_FIELDS).map((f) => `metrics { ${f} ${RATIO} }`),
  `metrics { reasonMix { path label share ${RATIO} } }`,
  `metrics { applicantMix { path label share ${RATIO} } }`,
];
const sums = (sql: string) => (sql.match(/SUM\(/g) ?? []).length;
/** The paths a selection of these cells makes: each cell's path and the objects above it. */
const pathsOf = (cells: typeof CELLS) => new Set(cells.flatMap((c) => c.keys.map((_, i) => c.keys.slice(0, i + 1).join("."))));

describe("columnsRead", () => {
  const paths = (...p: string[]) => new Set(p);
  it("reads a selected row's columns (for （六） the 2019 row and the 2021 reason rows it combines) and a metric's terms", () => {
    const newReceived = SUMMED.filter((c) => c.path.startsWith("applications.newReceived.")).map((c) => c.column);
    expect(newReceived).toHaveLength(7);
    expect(columnsRead(paths("applications", "applications.newReceived", "applications.newReceived.total"))!.sort()).toEqual(newReceived.sort());
    // （六）: the 2019 row and the three 2021 reason rows, 7 columns each; one reason row: its own 7.
    expect(columnsRead(paths("applications", "applications.outcomes", "applications.outcomes.other", "applications.outcomes.other.total"))).toHaveLength(28);
    expect(columnsRead(paths("applications", "applications.outcomes", "applications.outcomes.other", "applications.outcomes.other.overdueFee", "applications.outcomes.other.overdueFee.natural"))).toHaveLength(7);
    expect(columnsRead(paths("metrics", "metrics.disclosureRate", "metrics.disclosureRate.value"))!.sort())
      .toEqual(["a_o_granted_total", "a_o_partiallyGranted_total", "a_o_total_total"]);
    expect(columnsRead(paths("region", "region.name", "year", "coverage", "coverage.reportingAgencies", "downloads", "downloads.xlsx"))).toEqual([]);
  });

  it("falls back to every column for X4 and for what it does not know", () => {
    expect(columnsRead(paths("aggregateComparison", "aggregateComparison.matches"))).toBeNull();
    expect(columnsRead(paths("metrics", "metrics.someNewRate"))).toBeNull();
    expect(columnsRead(paths("applications", "applications.noSuchRow", "applications.noSuchRow.total"))).toBeNull();
  });
});

describe.each(testDatabases())("regionStatistics columns on %s", (_db, open) => {
  const logger = new CountingLogger();
  const served = servedProvince(open, logger, buildProvince(SIZES.tiny));

  /** The answer and the statement that summed it. */
  async function ask(selection: string, year: number) {
    logger.reset();
    logger.enabled = true;
    const { body } = await served.server.gql(`{ regionStatistics(regionCode: "990000", year: ${year}) { ${selection} } }`);
    logger.enabled = false;
    expect(body.errors).toBeUndefined();
    const statement = logger.statements.find((s) => s.includes("FROM stat_summary"));
    expect(statement).toBeDefined();
    return { data: body.data.regionStatistics, statement: statement! };
  }

  // 2020: the 2019 template; 2023: the 2021 template.
  it.each([2020, 2023])("every cell of 三 and 四 asked for alone equals the full sum's (%i)", async (year) => {
    const everything = SUMMED.map((c) => nested(c.path)).join(" ");
    const full = await ask(`aggregateComparison { matches } ${everything} ${METRIC_SELECTIONS.join(" ")}`, year);
    expect(sums(full.statement)).toBe(CELLS.length + 2);
    let nonZero = 0;
    for (const cell of SUMMED) {
      const one = await ask(nested(cell.path), year);
      const value = getPath(one.data, cell.path);
      expect([cell.path, value]).toEqual([cell.path, getPath(full.data, cell.path)]);
      if (value) nonZero++;
      // The report counts, and the columns the rule names for this cell.
      expect([cell.path, sums(one.statement)]).toEqual([cell.path, columnsRead(pathsOf([cell]))!.length + 2]);
      expect(sums(one.statement)).toBeLessThanOrEqual(30);
    }
    // The sums compared are real ones.
    expect(nonZero).toBeGreaterThan(40);
  });

  it.each([2020, 2023])("every metric asked for alone equals the full sum's (%i)", async (year) => {
    const full = await ask(`aggregateComparison { matches } ${METRIC_SELECTIONS.join(" ")}`, year);
    for (const selection of METRIC_SELECTIONS) {
      const one = await ask(selection, year);
      const field = Object.keys(one.data.metrics)[0];
      expect([field, one.data.metrics[field]]).toEqual([field, full.data.metrics[field]]);
      expect(sums(one.statement)).toBeLessThan(CELLS.length);
    }
    expect(full.data.metrics.disclosureRate.denominator).toBeGreaterThan(0);
  });

  it("past SUBSET_LIMIT columns, sums every column (by the prepared statement)", async () => {
    const rows = SUMMED.filter((c) => c.section === "applications");
    expect(columnsRead(pathsOf(rows))!.length).toBeGreaterThan(SUBSET_LIMIT);
    const many = await ask(rows.map((c) => nested(c.path)).join(" "), 2023);
    expect(sums(many.statement)).toBe(CELLS.length + 2);
    const few = await ask("applications { newReceived { total } carriedOver { total } }", 2023);
    expect(sums(few.statement)).toBe(7 + 7 + 2);
    expect(few.data.applications.newReceived.total).toBe(many.data.applications.newReceived.total);
    expect(few.data.applications.newReceived.total).toBeGreaterThan(0);
  });

  it("a selection under @include reads by the request's variables, not by what an earlier request of the same document read", async () => {
    const query = `query($c: Boolean!) { regionStatistics(regionCode: "990000", year: 2023) { applications { newReceived { total } carriedOver @include(if: $c) { total } } } }`;
    const run = async (c: boolean) => {
      logger.reset();
      logger.enabled = true;
      const { body } = await served.server.gql(query, { c });
      logger.enabled = false;
      expect(body.errors).toBeUndefined();
      return { data: body.data.regionStatistics, sql: logger.statements.find((x) => x.includes("FROM stat_summary"))! };
    };
    const without = await run(false);
    const withIt = await run(true);
    const againWithout = await run(false);
    expect([sums(without.sql), sums(withIt.sql), sums(againWithout.sql)]).toEqual([9, 16, 9]);
    expect(withIt.data.applications.carriedOver.total).toBeGreaterThan(0);
    expect(againWithout.data.applications.carriedOver).toBeUndefined();
    // The same document without directives: read from the cache, the same statement.
    const plain = "applications { newReceived { total } } reviewLitigation { review { total } }";
    expect(sums((await ask(plain, 2023)).statement)).toBe(7 + 5 + 2);
    expect(sums((await ask(plain, 2023)).statement)).toBe(7 + 5 + 2);
  });

  it("section 二, coverage and fragments: the same answers as with every column", async () => {
    const selection = `coverage { reportingAgencies incompleteReports } proactive { template reportCount proactive2021 { licensing { decisions } } }
      ... on RegionStatistics { applications { ...Rows } } `;
    const fragment = "fragment Rows on Applications { carriedOver { total } outcomes { other { overdueFee { natural } } } }";
    const query = (extra: string) => `{ regionStatistics(regionCode: "990000", year: 2023) { ${selection} ${extra} } } ${fragment}`;
    logger.reset();
    logger.enabled = true;
    const narrow = (await served.server.gql(query(""))).body;
    const narrowSql = logger.statements.find((s) => s.includes("FROM stat_summary"))!;
    const wide = (await served.server.gql(query("aggregateComparison { matches }"))).body;
    logger.enabled = false;
    expect(narrow.errors).toBeUndefined();
    const { aggregateComparison: _x4, ...rest } = wide.data.regionStatistics;
    expect(narrow.data.regionStatistics).toEqual(rest);
    expect(narrow.data.regionStatistics.proactive[0].proactive2021.licensing.decisions).toBeGreaterThan(0);
    // 二's columns, 上年结转's 7 and 逾期不缴费's 7, and the two report counts.
    const proactive = CELLS.filter((c) => c.section === "proactive").length;
    expect(sums(narrowSql)).toBe(proactive + 7 + 7 + 2);
  });
});
