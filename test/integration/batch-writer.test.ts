/**
 * The batch writer (store/batch-writer.ts) stores what persistReport one report at a time stores,
 * row for row, on both databases: new agency-years in and out of year order (their X1–X3 and N1
 * against neighbours stored before the batch and inside it), an unchanged input, a revision and a
 * held copy of a report of the same batch, a new agency (and its name printed another way later in
 * the batch), an aggregate report and both templates.
 */
import type { DataSource } from "typeorm";
import { CountingLogger, testDatabases } from "../helpers/db";
import { fixture } from "../helpers/fixtures";
import { canonicalFromJson, CROSS_YEAR_CHECKER } from "../../src/ingestion/import.service";
import { RegionService } from "../../src/modules/region/region.service";
import { persistReport, PersistOutcome } from "../../src/store/report-writer";
import { BatchItem, persistReports } from "../../src/store/batch-writer";
import { SummaryLedger } from "../../src/store/summary-ledger";
import { rebuildReadModels } from "../../src/store/metric-index";

const SEED = fixture("2020-liaocheng-yingjiju").expected;
const T2021 = fixture("2023-pingtan-shenpiju").expected;

/** Narrative sections: the same text every year (N1 flags it as copied) but for the year itself. */
const SECTIONS = (year: number) => [
  { heading: "一、总体情况", text: `${year}年，本局坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，主动公开政府信息，依法办理政府信息公开申请。` },
  { heading: "五、存在的主要问题及改进情况", text: "政府信息公开工作仍存在公开内容不够全面、解读形式较为单一等问题。下一步将加强培训，完善制度，提高公开质量和实效。" },
];

/** A canonical report as an import reads it (rules run), with its JSON text as the source. */
function item(base: any, agency: string, year: number, regionCode: string, change: Record<string, unknown> = {}): BatchItem {
  const data = { ...base, agency, year, regionCode, sections: SECTIONS(year), ...change };
  const text = JSON.stringify(data);
  return { report: canonicalFromJson(text, `${agency}-${year}.json`), source: { content: text, contentType: "application/json", fileName: `${agency}-${year}.json`, importedBy: "test" } };
}

const A = "示例省第1市第1县批量局";
const B = "示例省第1市第2县批量局";
const C = "示例省第1市第2县新批量局";
const D = "示例省第1市第1县另一批量局";
const E = "示例省第1市第1县第五批量局";
/** New agencies whose later names a database may hold equal to the first (its collation) or match by name in another region. */
const F = "示例省第1市第1县ABC批量局";
const G = "示例省第1市第2县无区批量局";
/** A name collationFold cannot speak for (ß: s under general_ci, ss under the UCA collations), and one after it. */
const H = "示例省第1市第1县Straße批量局";
/** Half of the seed's newly received applications: enough to be a revision, not a damaged copy. */
const revised = { applications: { ...SEED.applications, newReceived: { ...SEED.applications.newReceived, natural: SEED.applications.newReceived.natural + 1 } } };

/** A cell the reader could not read: the summaries count the report as incomplete. */
const unreadable = {
  applications: { ...SEED.applications, newReceived: { ...SEED.applications.newReceived, natural: null } },
  ambiguousCells: { "applications.newReceived.natural": "digits smudged in the source" },
};

/** Stored before the batch. */
const BEFORE = [item(SEED, A, 2021, "990101"), item(SEED, A, 2023, "990101"), item(SEED, B, 2020, "990102"), item(SEED, D, 2019, "990101"), item(SEED, D, 2022, "990101")];
/** The batch, in input order. */
const BATCH = [
  item(SEED, A, 2020, "990101"), // new; the stored 2021 is read against it (X1–X3, N1)
  item(SEED, A, 2022, "990101"), // new between two stored years
  item(SEED, A, 2019, "990101", unreadable), // new, before a report earlier in the batch; a cell unreadable
  item(SEED, B, 2020, "990102"), // the stored input again: unchanged
  item(T2021, B, 2021, "990102"), // new, after that: a second run; the 2021 template
  item(SEED, A, 2022, "990101", revised), // a revision of a report stored earlier in this batch
  item(T2021, C, 2023, "990102"), // a new agency, years out of order
  item(T2021, C, 2022, "990102"),
  item(SEED, `${C}汇总`, 2022, "990102", { isAggregate: true }),
  item(T2021, C, 2022, "990102", { sections: [] }), // the same agency-year twice in a batch: a revision
  item(T2021, C.replace("县", "县 "), 2024, "990102"), // C printed with a space: the agency created above (same key), looked up again
  item(SEED, D, 2021, "990101"), // new: the stored 2022's N1 (against 2019) is replaced, and X1–X3 are read against it
  item(SEED, E, 2019, "990101"), // three new years of one agency, the last between the first two:
  item(SEED, E, 2022, "990101"), // 2022's N1 against 2019, written in this batch,
  item(SEED, E, 2021, "990101"), // is replaced by N1 and X1–X3 against 2021
  item(SEED, F, 2021, "990101"), // a new agency; then its name in lower case: the same agency where the
  item(SEED, F.replace("ABC", "abc"), 2022, "990101"), // collation ignores case (MariaDB, MySQL), another in SQLite
  item(SEED, G, 2021, null as unknown as string), // a new agency without a region; then the same name in a
  item(SEED, G, 2022, "990102"), // region: found by its name, as one by one
  item(SEED, H, 2021, "990101"), // a name the coarse form cannot speak for: every new name after it is looked up,
  item(SEED, H.replace("ße", "SE"), 2022, "990101"), // and this one is H's agency under general_ci, another in SQLite
];

const OPTIONS = { crossYear: CROSS_YEAR_CHECKER };

/** Tables and the columns left out: the clock. */
const TABLES: Record<string, string[]> = {
  agency: ["createdAt"], agency_name: [], report: ["importedAt"], report_source: [], report_figures: [], finding: [],
  stat_summary: [], narrative_section: [], narrative_token: [], narrative_term: [], report_event: ["at"],
  report_metric: [], finding_key: [], finding_count: [], finding_region: [], metric_count: [],
  coverage_key: [], coverage_count: [], coverage_year: [], aggregate_key: [],
};

/**
 * Every row of the tables. Finding ids become their rank: one-by-one imports leave gaps where a
 * finding was written and then replaced within the same run of imports (the batch never writes it),
 * and what the ids are for — the findings' order, which paging follows — must be the same.
 */
async function snapshot(ds: DataSource): Promise<Record<string, string[]>> {
  const ids: Array<{ id: unknown }> = await ds.query("SELECT id FROM finding ORDER BY id");
  const rank = new Map(ids.map((r, i) => [Number(r.id), i + 1]));
  const out: Record<string, string[]> = {};
  for (const [table, drop] of Object.entries(TABLES)) {
    const rows: Array<Record<string, unknown>> = await ds.query(`SELECT * FROM ${table}`);
    out[table] = rows.map((r) => {
      if (table === "finding") r.id = rank.get(Number(r.id));
      if (table === "finding_key") r.findingId = rank.get(Number(r.findingId));
      return JSON.stringify(Object.keys(r).sort().filter((k) => !drop.includes(k)).map((k) => [k, r[k] instanceof Date ? (r[k]).toISOString() : r[k]]));
    }).sort();
  }
  return out;
}

async function prepared(open: (logger?: CountingLogger) => Promise<DataSource>, logger?: CountingLogger): Promise<DataSource> {
  const ds = await open(logger);
  await new RegionService(ds).seed();
  for (const b of BEFORE) await persistReport(ds, b.report, b.source, OPTIONS);
  return ds;
}

const statuses = (outcomes: PersistOutcome[]) => outcomes.map((o) => o.status);

describe.each(testDatabases())("batch writer on %s", (_db, open) => {
  let single: Record<string, string[]>;
  let singleStatuses: string[];

  beforeAll(async () => {
    const ds = await prepared(open);
    try {
      const outcomes: PersistOutcome[] = [];
      for (const b of BATCH) outcomes.push(await persistReport(ds, b.report, b.source, OPTIONS));
      singleStatuses = statuses(outcomes);
      single = await snapshot(ds);
    } finally {
      await ds.destroy();
    }
  });

  it("stores, row for row, what storing the reports one by one stores", async () => {
    expect(singleStatuses).toEqual(["imported", "imported", "imported", "unchanged", "imported", "revised", "imported", "imported", "imported", "revised", "imported", "imported", "imported", "imported", "imported", "imported", "imported", "imported", "imported", "imported", "imported"]);
    const ds = await prepared(open);
    try {
      const outcomes = await persistReports(ds, BATCH, OPTIONS);
      expect(statuses(outcomes)).toEqual(singleStatuses);
      const batch = await snapshot(ds);
      // The batch exercised the neighbours: X1–X3 and N1 findings of batch and stored reports.
      expect(batch.finding.filter((f) => /"rule","N1"/.test(f)).length).toBeGreaterThanOrEqual(4);
      expect(batch.finding.filter((f) => /"rule","X\d"/.test(f)).length).toBeGreaterThan(0);
      expect(batch.report).toHaveLength(BEFORE.length + 20);
      // C's two printed forms are one agency, and so are G's two reports.
      expect(batch.agency.filter((a) => a.includes("新批量局") && !a.includes("汇总"))).toHaveLength(1);
      expect(batch.agency.filter((a) => a.includes("无区批量局"))).toHaveLength(1);
      expect(batch.agency.filter((a) => /ABC批量局/i.test(a))).toHaveLength(ds.options.type === "better-sqlite3" ? 2 : 1);
      expect(batch.agency.filter((a) => /Stra(ß|S)[Ee]批量局/.test(a))).toHaveLength(ds.options.type === "better-sqlite3" ? 2 : 1);
      for (const table of Object.keys(TABLES)) expect({ table, rows: batch[table] }).toEqual({ table, rows: single[table] });
      // And the precomputed tables are what a rebuild makes of the stored reports.
      await ds.transaction(async (em) => {
        await new SummaryLedger(em).rebuild();
        await rebuildReadModels(em);
      });
      const rebuilt = await snapshot(ds);
      for (const table of ["stat_summary", "report_metric", "finding_count", "metric_count", "coverage_key", "coverage_count", "aggregate_key"]) {
        expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: batch[table] });
      }
    } finally {
      await ds.destroy();
    }
  });

  it("stores nothing of a batch the database refuses, and names no partial result", async () => {
    const ds = await prepared(open);
    try {
      const before = await snapshot(ds);
      // The second report is refused (SQLite: a trigger; MySQL: its agency name is longer than the column): the whole batch fails.
      if (ds.options.type === "better-sqlite3") {
        await ds.query("CREATE TRIGGER refuse BEFORE INSERT ON report WHEN NEW.printedAgencyName LIKE '%局局局%' BEGIN SELECT RAISE(ABORT, 'refused'); END");
      }
      const bad = [BATCH[0], item(SEED, "局".repeat(300), 2020, "990101"), BATCH[1]];
      await expect(persistReports(ds, bad, OPTIONS)).rejects.toThrow();
      expect(await snapshot(ds)).toEqual(before);
    } finally {
      await ds.destroy();
    }
  });

  it("creates a batch's new agencies in one statement, and their names in another", async () => {
    const logger = new CountingLogger();
    const ds = await prepared(open, logger);
    try {
      const fresh = [1, 2, 3, 4, 5].map((n) => item(SEED, `示例省第1市第1县第${n}新建局`, 2021, "990101"));
      logger.enabled = true;
      await persistReports(ds, fresh, OPTIONS);
      logger.enabled = false;
      const inserts = (table: string) => logger.statements.filter((q) => new RegExp(`^INSERT INTO \\W?${table}\\W`, "i").test(q.trim()));
      expect(inserts("agency")).toHaveLength(1);
      expect(inserts("agency_name")).toHaveLength(1);
      const stored: Array<{ name: string; n: unknown }> = await ds.query(
        "SELECT a.name AS name, COUNT(r.id) AS n FROM agency a JOIN report r ON r.agencyId = a.id WHERE a.name LIKE '%新建局' GROUP BY a.id, a.name ORDER BY a.id");
      expect(stored.map((a) => [a.name, Number(a.n)])).toEqual([1, 2, 3, 4, 5].map((n) => [`示例省第1市第1县第${n}新建局`, 1]));
    } finally {
      await ds.destroy();
    }
  });

  it("sends no write after one that failed, and stores nothing of the batch", async () => {
    const logger = new CountingLogger();
    const ds = await prepared(open, logger);
    try {
      const before = await snapshot(ds);
      // The search index refuses its rows: a write in the middle of the batch's pipe (store/pipe.ts).
      await ds.query(ds.options.type === "better-sqlite3"
        ? "CREATE TRIGGER refuse_postings BEFORE INSERT ON narrative_token BEGIN SELECT RAISE(ABORT, 'refused'); END"
        : "CREATE TRIGGER refuse_postings BEFORE INSERT ON narrative_token FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'");
      logger.enabled = true;
      await expect(persistReports(ds, BATCH.slice(0, 3), OPTIONS)).rejects.toThrow(/refused/);
      logger.enabled = false;
      const statements = logger.statements.map((q) => q.trim());
      const failed = statements.findIndex((q) => /^INSERT INTO narrative_token/i.test(q));
      expect(failed).toBeGreaterThan(0);
      // The writes before it went out (the report's source, figures and summary); none after it.
      expect(statements.slice(0, failed).some((q) => /^INSERT INTO report_source/i.test(q))).toBe(true);
      expect(statements.slice(failed + 1).filter((q) => !/^ROLLBACK/i.test(q))).toEqual([]);
      await ds.query("DROP TRIGGER refuse_postings");
      expect(await snapshot(ds)).toEqual(before);
    } finally {
      await ds.destroy();
    }
  });
});
