/**
 * A batched `gongkai import` and evidence: a file whose reading needs the stored reports (an
 * ambiguous cell, store/stored-evidence.ts) has the waiting reports stored first only when one of
 * them may be the same agency's — so the file reads what it would read one by one, and batches of
 * other agencies' reports are not cut short.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { importCommand } from "../../src/cli/import";
import { openDataSource } from "../../src/db/data-source";
import { DbConfig, parseDatabaseUrl } from "../../src/config";
import { ImportService } from "../../src/ingestion/import.service";
import { renameAgency } from "../../src/store/agency-writer";
import { OpenTransaction } from "../../src/store/open-transaction";
import { canonicalJson, liaocheng } from "../helpers/evidence";

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

/** Imports `dir` into a new SQLite database; returns the sizes of the batches stored, the rows, and the database file. */
async function importFolder(dir: string, prepare?: (file: string) => Promise<void>, url?: string) {
  const file = path.join(tmp, `${path.basename(dir)}.sqlite`);
  if (prepare) await prepare(file);
  const batches: number[] = [];
  const store = ImportService.prototype.store;
  const spy = jest.spyOn(ImportService.prototype, "store").mockImplementation(function (this: ImportService, reads, options) {
    batches.push(reads.length);
    return store.call(this, reads, options);
  });
  const out: string[] = [];
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url ?? `sqlite:${file}`;
  try {
    await importCommand([dir, "--jsonl"], { stdout: new Writable({ write: (c, _e, done) => (out.push(String(c)), done()) }), stderr: new Writable({ write: (_c, _e, done) => done() }) });
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  const rows = out.join("").trim().split("\n").map((l) => JSON.parse(l));
  return { batches, rows, file };
}

/** The stored ambiguity entry of 聊城市应急管理局 2020's 上年结转 (自然人). */
async function carriedOver(file: string, db: DbConfig = { kind: "sqlite", location: file }): Promise<unknown> {
  const ds = await openDataSource(db);
  try {
    const [r] = await ds.query("SELECT r.ambiguousCells AS cells FROM report r JOIN agency a ON a.id = r.agencyId WHERE a.name = '聊城市应急管理局' AND r.year = 2020");
    return (typeof r.cells === "string" ? JSON.parse(r.cells) : r.cells)["applications.carriedOver.natural"];
  } finally {
    await ds.destroy();
  }
}

describe("evidence in a batched import", () => {
  it("stores the waiting reports first when one is the same agency's: last year's report settles the cell", async () => {
    const dir = folder("same", {
      "a.json": canonicalJson("聊城市应急管理局", 2019, "2019", CARRIED),
      "b.json": canonicalJson("聊城市民政局", 2019, "2019", {}),
      "c.txt": liaocheng.text,
    });
    const { batches, rows, file } = await importFolder(dir);
    expect(rows.map((r) => r.status)).toEqual(["imported", "imported", "imported"]);
    expect(batches).toEqual([2, 1]);
    expect(await carriedOver(file)).toMatchObject({ resolvedBy: { kind: "previousYear" } });
  });

  it("keeps other agencies' reports waiting: one batch, and the cell stays open as it would one by one", async () => {
    const dir = folder("other", {
      "a.json": canonicalJson("聊城市民政局", 2019, "2019", CARRIED),
      "b.json": canonicalJson("聊城市教育局", 2021, "2021", {}),
      "c.txt": liaocheng.text,
    });
    // A database that already holds an agency (and so its own name in agency_name: not an alias).
    const { batches, rows, file } = await importFolder(dir, async (f) => {
      const ds = await openDataSource({ kind: "sqlite", location: f });
      try {
        expect((await new ImportService(ds).importContent(canonicalJson("聊城市财政局", 2019, "2019", {}), { fileName: "x.json" })).status).toBe("imported");
      } finally {
        await ds.destroy();
      }
    });
    expect(rows.map((r) => r.status)).toEqual(["imported", "imported", "imported"]);
    expect(batches).toEqual([3]);
    expect(typeof (await carriedOver(file))).toBe("string");
  });

  it("counts a name that differs only in spaces and width as the same agency", async () => {
    const dir = folder("spaces", {
      "a.json": canonicalJson("聊城市 应急管理局", 2019, "2019", CARRIED),
      "c.txt": liaocheng.text,
    });
    const { batches } = await importFolder(dir);
    expect(batches).toEqual([1, 1]);
  });

  it("stores the waiting reports first while any agency has an alias (a rename may join two names)", async () => {
    const dir = folder("alias", {
      "a.json": canonicalJson("聊城市民政局", 2019, "2019", {}),
      "c.txt": liaocheng.text,
    });
    const { batches } = await importFolder(dir, async (file) => {
      const ds = await openDataSource({ kind: "sqlite", location: file });
      try {
        const r = await new ImportService(ds).importContent(canonicalJson("聊城市文化局", 2019, "2019", {}), { fileName: "x.json" });
        await renameAgency(ds, r.report!.agencyId, "聊城市文化和旅游局", 2020);
      } finally {
        await ds.destroy();
      }
    });
    expect(batches).toEqual([1, 1]);
  });

  it("on SQLite keeps the group in one open transaction: the evidence store does not commit", async () => {
    const dir = folder("one-commit", {
      "a.json": canonicalJson("聊城市应急管理局", 2019, "2019", CARRIED),
      "c.txt": liaocheng.text,
    });
    const commit = jest.spyOn(OpenTransaction.prototype, "commit");
    try {
      const { batches, file } = await importFolder(dir);
      expect(batches).toEqual([1, 1]);
      expect(commit).toHaveBeenCalledTimes(1);
      expect(await carriedOver(file)).toMatchObject({ resolvedBy: { kind: "previousYear" } });
    } finally {
      commit.mockRestore();
    }
  });

  it("a report refused inside the open transaction is rejected alone; the year stored before it still settles the cell", async () => {
    const dir = folder("refused", {
      "a.json": canonicalJson("聊城市应急管理局", 2019, "2019", CARRIED),
      "b.json": canonicalJson("聊城市坏局", 2019, "2019", {}),
      "c.txt": liaocheng.text,
    });
    const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { rows, file } = await importFolder(dir, async (f) => {
        const ds = await openDataSource({ kind: "sqlite", location: f });
        await ds.query("CREATE TRIGGER refuse BEFORE INSERT ON report WHEN NEW.printedAgencyName LIKE '%坏%' BEGIN SELECT RAISE(ABORT, 'refused'); END");
        await ds.destroy();
      });
      expect(rows.map((r) => r.status)).toEqual(["imported", "rejected", "imported"]);
      expect(await carriedOver(file)).toMatchObject({ resolvedBy: { kind: "previousYear" } });
      const ds = await openDataSource({ kind: "sqlite", location: file });
      try {
        expect((await ds.query("SELECT printedAgencyName AS name, year FROM report ORDER BY id")).map((r: { name: string; year: number }) => `${r.name} ${r.year}`))
          .toEqual(["聊城市应急管理局 2019", "聊城市应急管理局 2020"]);
      } finally {
        await ds.destroy();
      }
    } finally {
      error.mockRestore();
    }
  });

  it("on SQLite the open transaction takes the write lock when it begins (another writer waits, the group's writes never meet a stale snapshot)", async () => {
    const dir = folder("lock", {
      "a.json": canonicalJson("聊城市应急管理局", 2019, "2019", CARRIED),
      "c.txt": liaocheng.text,
    });
    const Database = (await import("better-sqlite3")).default;
    const outcomes: string[] = [];
    const begin = OpenTransaction.prototype.begin;
    const spy = jest.spyOn(OpenTransaction.prototype, "begin").mockImplementation(async function (this: OpenTransaction) {
      await begin.call(this);
      const other = new Database(path.join(tmp, "lock.sqlite"), { timeout: 0 });
      try {
        other.prepare("UPDATE data_version SET version = version + 1 WHERE id = 1").run();
        outcomes.push("written");
      } catch (e) {
        outcomes.push((e as { code?: string }).code ?? "error");
      } finally {
        other.close();
      }
    });
    try {
      const { rows, file } = await importFolder(dir);
      expect(outcomes.length).toBeGreaterThan(0);
      expect(new Set(outcomes)).toEqual(new Set(["SQLITE_BUSY"]));
      expect(rows.map((r) => r.status)).toEqual(["imported", "imported"]);
      expect(await carriedOver(file)).toMatchObject({ resolvedBy: { kind: "previousYear" } });
    } finally {
      spy.mockRestore();
    }
  });
});

// MariaDB/MySQL (when TEST_MYSQL_URL names a throwaway database): each batch is its own transaction,
// so the evidence store commits the waiting reports of the same agency first.
const mysqlUrl = process.env.TEST_MYSQL_URL;
(mysqlUrl ? describe : describe.skip)("evidence in a batched import on MariaDB/MySQL", () => {
  const fresh = async () => {
    const ds = await openDataSource(parseDatabaseUrl(mysqlUrl), { dropSchema: true });
    await ds.destroy();
  };

  it("commits the same agency's waiting report first; last year's report settles the cell", async () => {
    await fresh();
    const dir = folder("mysql-same", {
      "a.json": canonicalJson("聊城市应急管理局", 2019, "2019", CARRIED),
      "b.json": canonicalJson("聊城市民政局", 2019, "2019", {}),
      "c.txt": liaocheng.text,
    });
    const { batches, rows } = await importFolder(dir, undefined, mysqlUrl);
    expect(rows.map((r) => r.status)).toEqual(["imported", "imported", "imported"]);
    expect(batches).toEqual([2, 1]);
    expect(await carriedOver("", parseDatabaseUrl(mysqlUrl))).toMatchObject({ resolvedBy: { kind: "previousYear" } });
  });

  it("keeps other agencies' reports waiting: one batch, the cell stays open", async () => {
    await fresh();
    const dir = folder("mysql-other", {
      "a.json": canonicalJson("聊城市民政局", 2019, "2019", CARRIED),
      "c.txt": liaocheng.text,
    });
    const { batches } = await importFolder(dir, undefined, mysqlUrl);
    expect(batches).toEqual([2]);
    expect(typeof (await carriedOver("", parseDatabaseUrl(mysqlUrl)))).toBe("string");
  });
});
