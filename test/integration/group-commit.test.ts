/**
 * `gongkai import` of many files on SQLite stores them in groups (store/group-commit.ts: one
 * transaction, each report a savepoint). The database it leaves is the one that importing the files
 * one by one leaves, row for row; a report that cannot be stored in the middle of a group is rejected
 * alone, and the group's other reports are stored (one by one, after the group is rolled back).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { importCommand } from "../../src/cli/import";
import { openDataSource } from "../../src/db/data-source";
import { fixture } from "../helpers/fixtures";
import { tableSnapshot } from "../helpers/snapshot";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-group-"));
const folder = path.join(tmp, "in");
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
}
writeFolder();

const TABLES: Record<string, string[]> = {
  agency: ["createdAt"], agency_name: [], report: ["importedAt"], report_source: [], report_figures: [], finding: [],
  stat_summary: [], narrative_section: [], narrative_token: [], report_event: ["at"], report_metric: [], finding_key: [],
  finding_count: [], coverage_key: [], coverage_count: [], coverage_year: [], data_version: ["epoch"],
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

describe("group commit (SQLite)", () => {
  it("stores what importing the files one by one stores; a report refused in the middle of a group is rejected alone", async () => {
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
