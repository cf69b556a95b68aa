import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { openDataSource } from "../../src/db/data-source";
import { demoReports } from "../../src/demo/real-reports";
import { ImportService } from "../../src/ingestion/import.service";
import { RegionService } from "../../src/modules/region/region.service";
import { cmdCorrect } from "../../src/cli/correct";

/** `gongkai correct` as a command function: output, exit codes, and what it stores. */
describe("gongkai correct", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-correct-"));
  const file = path.join(dir, "db.sqlite");
  const saved = process.env.DATABASE_URL;
  let reportId: number;

  beforeAll(async () => {
    process.env.DATABASE_URL = `sqlite:${file}`;
    const ds = await openDataSource({ kind: "sqlite", location: file });
    await new RegionService(ds).seed({ townships: false });
    const seed = demoReports().find((r) => r.stem === "2020-liaocheng-yingjiju")!;
    const result = await new ImportService(ds).importContent(seed.content, { fileName: seed.file, agency: seed.meta.agency, year: 2020 });
    reportId = result.report!.id;
    await ds.destroy();
  });
  afterAll(() => {
    process.env.DATABASE_URL = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    stdout.on("data", (d) => out.push(String(d)));
    stderr.on("data", (d) => err.push(String(d)));
    const code = await cmdCorrect(argv, { stdout, stderr });
    return { code, out: out.join(""), err: err.join("") };
  };

  it("stores a new revision and prints each cell before and after", async () => {
    const r = await run([String(reportId), "applications.newReceived.natural=9", "applications.newReceived.total=12", "--reason", "read from the PDF"]);
    expect(r).toEqual({ code: 0, err: "", out: `report ${reportId} (revision 1) corrected: now report ${reportId + 1}, revision 2\n  applications.newReceived.natural: 4 → 9\n  applications.newReceived.total: 7 → 12\n` });
    const ds = await openDataSource({ kind: "sqlite", location: file });
    try {
      const events = await ds.query("SELECT kind, revision, reason FROM report_event ORDER BY id");
      expect(events).toEqual([{ kind: "import", revision: 1, reason: null }, { kind: "correction", revision: 2, reason: "read from the PDF" }]);
      const figures = await ds.query("SELECT reportId, a_newReceived_natural AS n FROM report_figures ORDER BY reportId");
      expect(figures).toEqual([{ reportId, n: 4 }, { reportId: reportId + 1, n: 9 }]);
    } finally {
      await ds.destroy();
    }
  });

  it("exits 2 naming the argument, storing nothing", async () => {
    expect(await run([String(reportId + 1), "applications.newReceived.natural=1"])).toMatchObject({ code: 2, err: expect.stringMatching(/^gongkai correct: say why with --reason/) });
    expect(await run(["abc", "x=1", "--reason", "r"])).toMatchObject({ code: 2, err: expect.stringMatching(/^gongkai correct: not a report id: "abc"/) });
    expect(await run([String(reportId), "applications.newReceived.natural=1", "--reason", "r"])).toEqual({ code: 2, out: "", err: `gongkai correct: report: report ${reportId} is not the current revision of its agency and year (see Report.revisions)\n` });
    expect(await run([String(reportId + 1), "applications.newReceived.natural=x", "--reason", "r"])).toEqual({ code: 2, out: "", err: 'gongkai correct: cells: applications.newReceived.natural: "x" is not a number (write digits, e.g. 7 or 12.5, or null to clear)\n' });
    expect((await run(["--help"])).code).toBe(0);
  });
});
