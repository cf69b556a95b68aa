import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { openDataSource, usePageCache } from "../../src/db/data-source";
import { runCli } from "../helpers/cli";
import { REPORTS_DIR } from "../helpers/fixtures";

/** The page cache each usePageCache call left on its connection, read back (the import's connection is closed when it ends). */
const applied: unknown[] = [];
jest.mock("../../src/db/data-source", () => {
  const actual = jest.requireActual("../../src/db/data-source");
  return {
    ...actual,
    usePageCache: async (ds: DataSource, mb: number) => {
      await actual.usePageCache(ds, mb);
      applied.push(Object.values((await ds.query("PRAGMA cache_size"))[0])[0]);
    },
  };
});

/** The embedded database's connection settings (src/db/data-source.ts), read back from SQLite. */
describe("SQLite connection settings", () => {
  it("a file database runs in WAL with synchronous NORMAL, a 32 MB page cache and a checkpoint every 10,000 pages, the WAL cut back to 64 MB", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-pragmas-"));
    const ds = await openDataSource({ kind: "sqlite", location: path.join(dir, "g.sqlite") }, { migrationsRun: false });
    try {
      const pragma = async (name: string) => Object.values((await ds.query(`PRAGMA ${name}`))[0])[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("synchronous")).toBe(1); // NORMAL
      expect(await pragma("cache_size")).toBe(-32768);
      expect(await pragma("wal_autocheckpoint")).toBe(10000);
      expect(await pragma("journal_size_limit")).toBe(67108864);
    } finally {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `gongkai import` on SQLite raises its own connection's page cache (GONGKAI_IMPORT_CACHE_MB). */
describe("the import's page cache", () => {
  beforeEach(() => {
    applied.length = 0;
  });

  it("usePageCache sets an SQLite connection's cache in MB and refuses a size below 1 MB", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-cache-"));
    const ds = await openDataSource({ kind: "sqlite", location: path.join(dir, "g.sqlite") }, { migrationsRun: false });
    try {
      await usePageCache(ds, 64);
      expect(Object.values((await ds.query("PRAGMA cache_size"))[0])[0]).toBe(-65536);
      await expect(usePageCache(ds, 0)).rejects.toThrow(/page cache must be a whole number of MB, got 0/);
    } finally {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gongkai import stores with the cache GONGKAI_IMPORT_CACHE_MB names (256 MB by default) and names the variable when it is out of range", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-import-cache-"));
    try {
      const file = path.join(REPORTS_DIR, "2020-liaocheng-yingjiju.txt");
      const url = `sqlite:${path.join(dir, "g.sqlite")}`;
      expect((await runCli(["import", file], { DATABASE_URL: url, GONGKAI_IMPORT_CACHE_MB: "48" })).code).toBe(0);
      expect((await runCli(["import", file], { DATABASE_URL: url, GONGKAI_IMPORT_CACHE_MB: "" })).code).toBe(0);
      expect(applied).toEqual([-48 * 1024, -256 * 1024]);
      const bad = await runCli(["import", file], { DATABASE_URL: url, GONGKAI_IMPORT_CACHE_MB: "0" });
      expect(bad.code).not.toBe(0);
      expect(bad.err).toMatch(/GONGKAI_IMPORT_CACHE_MB: expected an integer from 1 to 16384, got "0"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
