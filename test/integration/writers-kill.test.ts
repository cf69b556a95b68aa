import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDataSource } from "../../src/db/data-source";

/**
 * `gongkai import demo/reports/` killed with SIGKILL at random moments, then run to the end: the
 * database equals one uninterrupted import (each report's rows, findings — X1–X3 included —,
 * summaries and events are written in one transaction, so a kill leaves a report whole or absent).
 */
const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "gongkai");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-kill-"));

const env = (file: string) => ({ ...process.env, DATABASE_URL: `sqlite:${file}`, GONGKAI_LOAD_DEMO: "false", USER: "test" });

async function contents(file: string) {
  const ds = await openDataSource({ kind: "sqlite", location: file });
  try {
    const q = async (sql: string) => (await ds.query(sql)).map((r: object) => JSON.stringify(r)).sort();
    return {
      agencies: await q("SELECT name, regionCode, kind, nameKey FROM agency"),
      reports: await q("SELECT a.name, r.year, r.revision, r.isCurrent, r.currentKey IS NOT NULL AS keyed, r.checksum FROM report r JOIN agency a ON a.id = r.agencyId"),
      findings: await q("SELECT a.name, r.year, f.rule, f.path, f.printed, f.computed FROM finding f JOIN report r ON r.id = f.reportId JOIN agency a ON a.id = r.agencyId"),
      summaries: await q("SELECT * FROM stat_summary"),
      events: await q("SELECT a.name, e.year, e.revision, e.kind FROM report_event e JOIN agency a ON a.id = e.agencyId"),
    };
  } finally {
    await ds.destroy();
  }
}

function killedRun(file: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "import", path.join(ROOT, "demo", "reports")], { env: env(file), stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), afterMs);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe("an import killed at random moments", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "dist", "src", "cli.js"))) execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is completed by the next run, leaving what one uninterrupted import leaves", async () => {
    const reference = path.join(dir, "reference.sqlite");
    spawnSync(process.execPath, [BIN, "import", path.join(ROOT, "demo", "reports")], { env: env(reference) });
    const expected = await contents(reference);
    expect(expected.reports.length).toBeGreaterThan(0);

    const killed = path.join(dir, "killed.sqlite");
    // Kill points spread over start-up, region seeding and the imports themselves.
    for (const ms of [400, 900, 1500, 2200, 3000, 3800]) await killedRun(killed, ms + Math.floor(Math.random() * 300));
    spawnSync(process.execPath, [BIN, "import", path.join(ROOT, "demo", "reports")], { env: env(killed) });
    expect(await contents(killed)).toEqual(expected);
  }, 180_000);
});
