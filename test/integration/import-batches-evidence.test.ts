/**
 * A batched `gongkai import` and evidence: a file whose reading needs the stored reports (an
 * ambiguous cell, store/stored-evidence.ts) is read again inside the batch's transaction at its turn,
 * after the reports before it are written there (ReadReport.settle) — so it reads what it would read
 * one by one, and the batch is not cut short by a commit.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { importCommand } from "../../src/cli/import";
import { openDataSource } from "../../src/db/data-source";
import { ImportService } from "../../src/ingestion/import.service";
import { canonicalJson, liaocheng } from "../helpers/evidence";
import { IMPORT_TABLES, tableSnapshot } from "../helpers/snapshot";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-batch-evidence-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const CARRIED = { "applications.carriedForward.natural": 3, "applications.carriedForward.total": 3 };

/** A folder of files, named in import order. */
function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), content);
  return dir;
}

/** Imports `inputs` into the SQLite database `name`; returns the sizes of the batches stored, the rows, and the database file. */
async function importInto(name: string, inputs: string[], prepare?: (file: string) => Promise<void>) {
  const file = path.join(tmp, `${name}.sqlite`);
  if (prepare && !fs.existsSync(file)) await prepare(file);
  const batches: number[] = [];
  const store = ImportService.prototype.store;
  const spy = jest.spyOn(ImportService.prototype, "store").mockImplementation(function (this: ImportService, reads, options) {
    batches.push(reads.length);
    return store.call(this, reads, options);
  });
  const out: string[] = [];
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `sqlite:${file}`;
  try {
    await importCommand([...inputs, "--jsonl"], { stdout: new Writable({ write: (c, _e, done) => (out.push(String(c)), done()) }), stderr: new Writable({ write: (_c, _e, done) => done() }) });
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  const rows = out.join("").trim().split("\n").map((l) => JSON.parse(l));
  return { batches, rows, file };
}

/** The stored ambiguity entry of 聊城市应急管理局 2020's 上年结转 (自然人). */
async function carriedOver(file: string): Promise<unknown> {
  const ds = await openDataSource({ kind: "sqlite", location: file });
  try {
    const [r] = await ds.query("SELECT r.ambiguousCells AS cells FROM report r JOIN agency a ON a.id = r.agencyId WHERE a.name = '聊城市应急管理局' AND r.year = 2020");
    return JSON.parse(r.cells)["applications.carriedOver.natural"];
  } finally {
    await ds.destroy();
  }
}

/** A database whose INSERT of a report printed with 坏 in its name fails (a trigger), as a refused write would. */
async function refusing(file: string): Promise<void> {
  const ds = await openDataSource({ kind: "sqlite", location: file });
  await ds.query("CREATE TRIGGER refuse BEFORE INSERT ON report WHEN NEW.printedAgencyName LIKE '%坏%' BEGIN SELECT RAISE(ABORT, 'refused'); END");
  await ds.destroy();
}

describe("evidence in a batched import", () => {
  it("settles the cell with last year's report written earlier in the same batch — one batch, one transaction", async () => {
    const dir = folder("same", {
      "a.json": canonicalJson("聊城市应急管理局", 2019, "2019", CARRIED),
      "b.json": canonicalJson("聊城市民政局", 2019, "2019", {}),
      "c.txt": liaocheng.text,
    });
    const { batches, rows, file } = await importInto("same", [dir]);
    expect(rows.map((r) => r.status)).toEqual(["imported", "imported", "imported"]);
    expect(batches).toEqual([3]);
    expect(await carriedOver(file)).toMatchObject({ resolvedBy: { kind: "previousYear" } });
  });

  it("settles with the year after, written earlier in the batch (nextYear)", async () => {
    const dir = folder("next", {
      "a.json": canonicalJson("聊城市应急管理局", 2021, "2021", { "applications.carriedOver.natural": 3, "applications.carriedOver.total": 3 }),
      "c.txt": liaocheng.text,
    });
    const { batches, file } = await importInto("next", [dir]);
    expect(batches).toEqual([2]);
    const ds = await openDataSource({ kind: "sqlite", location: file });
    try {
      const [r] = await ds.query("SELECT ambiguousCells AS cells FROM report WHERE year = 2020");
      expect(JSON.parse(r.cells)["applications.carriedForward.natural"]).toMatchObject({ resolvedBy: { kind: "nextYear" } });
    } finally {
      await ds.destroy();
    }
  });

  it("leaves the cell open when the batch holds only other agencies' reports, as one by one", async () => {
    const dir = folder("other", {
      "a.json": canonicalJson("聊城市民政局", 2019, "2019", CARRIED),
      "c.txt": liaocheng.text,
    });
    const { batches, file } = await importInto("other", [dir]);
    expect(batches).toEqual([2]);
    expect(typeof (await carriedOver(file))).toBe("string");
  });

  it("leaves the database row for row as importing the files one by one", async () => {
    const files = {
      "a.json": canonicalJson("聊城市应急管理局", 2019, "2019", CARRIED),
      "b.json": canonicalJson("聊城市民政局", 2019, "2019", {}),
      "c.txt": liaocheng.text,
      "d.json": canonicalJson("聊城市应急管理局", 2021, "2021", { "applications.carriedOver.natural": 3, "applications.carriedOver.total": 3 }),
    };
    const dir = folder("mixed", files);
    const batched = await importInto("mixed-batched", [dir]);
    expect(batched.batches).toEqual([4]);
    let single = "";
    for (const f of Object.keys(files)) single = (await importInto("mixed-single", [path.join(dir, f)])).file;
    const a = await tableSnapshot({ kind: "sqlite", location: batched.file }, IMPORT_TABLES);
    expect(a.report).toHaveLength(4);
    expect(a.report.some((r) => r.includes("previousYear"))).toBe(true);
    expect(a).toEqual(await tableSnapshot({ kind: "sqlite", location: single }, IMPORT_TABLES));
  });

  it("a refused report in the batch is rejected alone; the year before still settles the cell (each stored again in its own transaction)", async () => {
    const dir = folder("refused", {
      "a.json": canonicalJson("聊城市应急管理局", 2019, "2019", CARRIED),
      "b.json": canonicalJson("聊城市坏局", 2019, "2019", {}),
      "c.txt": liaocheng.text,
    });
    const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { rows, file } = await importInto("refused", [dir], refusing);
      expect(rows.map((r) => r.status)).toEqual(["imported", "rejected", "imported"]);
      expect(await carriedOver(file)).toMatchObject({ resolvedBy: { kind: "previousYear" } });
    } finally {
      error.mockRestore();
    }
  });
});
