import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDataSource } from "../../src/db/data-source";
import { DbConfig, parseDatabaseUrl } from "../../src/config";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { getPath, setPath, Tree } from "../../src/domain/report-json";
import { REPORTS_DIR } from "../helpers/fixtures";
import { runCli as run } from "../helpers/cli";
import { renderReport } from "../helpers/render";
import { tableSnapshot } from "../helpers/snapshot";

/**
 * `gongkai import --jobs N` reads files ahead in N sandboxed readers but stores them one by one in
 * input order: the database it leaves is the serial import's, row for row and id for id (only the
 * database's clock differs) — revisions, rejected files, X1–X3 and N1 included.
 */


const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-pool-"));
const folder = path.join(tmp, "in");

/** Real reports (a page and its text: a revision), one copied into the next year (N1), generated years of one agency (X1–X3), canonical JSON, a broken file. */
function writeFolder(): void {
  fs.mkdirSync(folder, { recursive: true });
  const copy = (from: string, to: string) => fs.copyFileSync(path.join(REPORTS_DIR, from), path.join(folder, to));
  copy("2023-pingtan-ziranziyuan.txt", "a-2023-ziranziyuan.txt");
  copy("2023-pingtan-ziranziyuan.meta.json", "a-2023-ziranziyuan.meta.json");
  copy("2023-pingtan-ziranziyuan.html", "a-2023-ziranziyuan.html");
  copy("2019-pingtan-haitan.txt", "b-2019-haitan.txt");
  copy("2019-pingtan-haitan.meta.json", "b-2019-haitan.meta.json");
  // The same report again as the next year's: its narrative is copied (N1).
  copy("2019-pingtan-haitan.txt", "b-2020-haitan.txt");
  const meta = JSON.parse(fs.readFileSync(path.join(REPORTS_DIR, "2019-pingtan-haitan.meta.json"), "utf8"));
  fs.writeFileSync(path.join(folder, "b-2020-haitan.meta.json"), JSON.stringify({ ...meta, year: 2020 }));
  const province = buildProvince(SIZES.tiny);
  const agency = province.agencies.find((a) => a.kind === "DEPARTMENT")!;
  for (const g of [...province.reports()].filter((r) => r.agencyKey === agency.key)) {
    // 2020 carries over more than 2019 carried forward: X1.
    if (g.year === 2020) setPath(g.report as unknown as Tree, "applications.carriedOver.natural", (getPath(g.report, "applications.carriedOver.natural") as number) + 2);
    fs.writeFileSync(path.join(folder, `c-${g.year}.txt`), renderReport(g.report, "\t"));
    fs.writeFileSync(path.join(folder, `c-${g.year}.meta.json`), JSON.stringify({ agency: "示例市教育局", regionCode: "110101" }));
  }
  copy("2020-liaocheng-yingjiju.expected.json", "d-seed.json");
  fs.writeFileSync(path.join(folder, "e-broken.txt"), "政府信息公开指南");
}
writeFolder();

const TABLES: Record<string, string[]> = {
  agency: ["createdAt"], agency_name: [], report: ["importedAt"], report_source: [], report_figures: [], finding: [],
  stat_summary: [], narrative_section: [], narrative_token: [], report_event: ["at"],
};

/** Every row of every table the import writes, ordered, without the database's timestamps. */
const snapshot = (db: DbConfig) => tableSnapshot(db, TABLES);

type Target = [string, () => Promise<{ url: string; db: DbConfig }>];

function targets(): Target[] {
  let n = 0;
  const out: Target[] = [["sqlite", async () => {
    const file = path.join(tmp, `db-${++n}.sqlite`);
    return { url: `sqlite:${file}`, db: { kind: "sqlite", location: file } };
  }]];
  const url = process.env.TEST_MYSQL_URL;
  if (url) {
    out.push([url.split(":")[0], async () => {
      const db = parseDatabaseUrl(url);
      await (await openDataSource(db, { dropSchema: true })).destroy();
      return { url, db };
    }]);
  }
  return out;
}

describe.each(targets())("import --jobs on %s", (_name, fresh) => {
  it("leaves the same database as the serial import, row for row", async () => {
    const serialDb = await fresh();
    const serial = await run(["import", folder, "--jsonl"], { DATABASE_URL: serialDb.url });
    const one = await snapshot(serialDb.db);
    const pooledDb = await fresh();
    const pooled = await run(["import", folder, "--jsonl", "--jobs", "3"], { DATABASE_URL: pooledDb.url });
    const three = await snapshot(pooledDb.db);

    expect(pooled.code).toBe(1);
    expect(pooled.out).toBe(serial.out);
    const lines = serial.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual(["imported", "revised", "imported", "imported", ...Array(7).fill("imported"), "imported", "rejected"]);
    expect(lines[lines.length - 1].error).toContain("not an annual report");
    const rules = one.finding.map((f) => (JSON.parse(f) as Array<[string, unknown]>).find(([k]) => k === "rule")![1]);
    expect(rules).toEqual(expect.arrayContaining(["X1", "N1"]));
    for (const table of Object.keys(TABLES)) expect([table, three[table]]).toEqual([table, one[table]]);
  });

  it("refuses a --jobs that is not a whole number from 1 to 64", async () => {
    const { url } = await fresh();
    for (const jobs of ["0", "65", "two", "1.5"]) {
      const res = await run(["import", folder, "--jobs", jobs], { DATABASE_URL: url });
      expect([jobs, res.code]).toEqual([jobs, 2]);
      expect(res.err).toContain(`--jobs must be a whole number from 1 to 64, got "${jobs}"`);
    }
  });
});
