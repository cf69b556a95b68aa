import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDataSource } from "../../src/db/data-source";

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
