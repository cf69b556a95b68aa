/**
 * `gongkai import` of many files stores them in batches (store/batch-writer.ts: one transaction for
 * up to GONGKAI_IMPORT_GROUP reports). The database it leaves is the one that importing the files
 * one by one leaves, row for row (ids included: the files are in year order, so no finding is written
 * and then replaced within the batch); a report that cannot
 * be stored in the middle of a batch is rejected alone, and the batch's other reports are stored
 * (one by one, after the batch is rolled back).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { importCommand } from "../../src/cli/import";
import { openDataSource } from "../../src/db/data-source";
import { fixture } from "../helpers/fixtures";
import { tableSnapshot } from "../helpers/snapshot";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-batches-"));
const folder = path.join(tmp, "in");
const good = path.join(tmp, "good");
const NAMES = ["a", "b", "c", "d", "e"];

/** Five canonical reports: three years of one agency (X1–X3, N1), one of another, one named 坏 (made to fail below). */
function writeFolder(): void {
  fs.mkdirSync(folder, { recursive: true });
  const seed = fixture("2020-liaocheng-yingjiju").expected;
  const reports = [
    { ...seed, agency: "示例省第1市第1县分组局", year: 2021, regionCode: "990101" },
    { ...seed, agency: "示例省第1市第1县分组局", year: 2022, regionCode: "990101" },
    { ...seed, agency: "示例省第1市第1县坏局", year: 2022, regionCode: "990101" },
    { ...seed, agency: "示例省第1市第1县分组局", year: 2023, regionCode: "990101" },
    { ...seed, agency: "示例省第1市第2县分组局", year: 2022, regionCode: "990102" },
  ];
  reports.forEach((r, i) => fs.writeFileSync(path.join(folder, `${NAMES[i]}.json`), JSON.stringify(r)));
  // The same without the refused one.
  fs.mkdirSync(good, { recursive: true });
  reports.forEach((r, i) => i !== 2 && fs.writeFileSync(path.join(good, `${NAMES[i]}.json`), JSON.stringify(r)));
}
writeFolder();

const TABLES: Record<string, string[]> = {
  agency: ["createdAt"], agency_name: [], report: ["importedAt"], report_source: [], report_figures: [], finding: [],
  stat_summary: [], narrative_section: [], narrative_token: [], report_event: ["at"], report_metric: [], finding_key: [],
  finding_count: [], coverage_key: [], coverage_count: [], coverage_year: [], aggregate_key: [], metric_count: [], finding_region: [],
  narrative_term: [],
};

/** A database whose INSERT of the report named 坏 fails (a trigger), as a refused write would. */
async function database(name: string): Promise<{ url: string; file: string }> {
  const file = path.join(tmp, `${name}.sqlite`);
  const ds = await openDataSource({ kind: "sqlite", location: file });
  await ds.query("CREATE TRIGGER refuse BEFORE INSERT ON report WHEN NEW.printedAgencyName LIKE '%坏%' BEGIN SELECT RAISE(ABORT, 'refused'); END");
  await ds.destroy();
  return { url: `sqlite:${file}`, file };
}

async function importFiles(url: string, files: string[]): Promise<string[]> {
  const out: string[] = [];
  const stdout = new Writable({ write: (c, _e, done) => (out.push(String(c)), done()) });
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  const error = console.error;
  console.error = () => undefined;
  try {
    await importCommand([...files, "--jsonl"], { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }) });
  } finally {
    console.error = error;
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  return out.join("").trim().split("\n").map((l) => JSON.parse(l).status);
}

const snapshot = (file: string) => tableSnapshot({ kind: "sqlite", location: file }, TABLES);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("import in batches", () => {
  it("stores in one batch what importing the files one by one stores", async () => {
    const batched = await database("batched");
    expect(await importFiles(batched.url, [good])).toEqual(["imported", "imported", "imported", "imported"]);
    const single = await database("single-good");
    const statuses: string[] = [];
    for (const n of NAMES.filter((_n, i) => i !== 2)) statuses.push(...(await importFiles(single.url, [path.join(good, `${n}.json`)])));
    expect(statuses).toEqual(["imported", "imported", "imported", "imported"]);
    const a = await snapshot(batched.file);
    expect(a.report).toHaveLength(4);
    expect(a.finding.some((f) => /"rule","X1"|"rule","X2"|"rule","X3"/.test(f))).toBe(true);
    expect(a).toEqual(await snapshot(single.file));
  });

  it("rejects alone a report refused in the middle of a batch, and stores the others", async () => {
    const grouped = await database("grouped");
    expect(await importFiles(grouped.url, [folder])).toEqual(["imported", "imported", "rejected", "imported", "imported"]);
    const single = await database("single");
    const statuses: string[] = [];
    for (const n of NAMES) statuses.push(...(await importFiles(single.url, [path.join(folder, `${n}.json`)])));
    expect(statuses).toEqual(["imported", "imported", "rejected", "imported", "imported"]);
    const a = await snapshot(grouped.file);
    expect(a.report).toHaveLength(4);
    expect(a.finding_key.length).toBeGreaterThan(0);
    expect(a).toEqual(await snapshot(single.file));
  });
});
