import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { main } from "../../src/cli";
import { REPORTS_DIR } from "../helpers/fixtures";
import { minimalPdf } from "../helpers/pdf";

const BIN = path.join(__dirname, "..", "..", "bin", "gongkai");

/** Runs the CLI in-process, capturing what it prints. */
async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = jest.spyOn(process.stdout, "write").mockImplementation((s: any) => ((out += s), true));
  const e = jest.spyOn(process.stderr, "write").mockImplementation((s: any) => ((err += s), true));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    process.env = saved;
    o.mockRestore();
    e.mockRestore();
  }
}

describe("gongkai CLI", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-cli-"));
  const seedBody = path.join(tmp, "seed.txt");
  fs.writeFileSync(seedBody, fs.readFileSync(path.join(REPORTS_DIR, "2020-liaocheng-yingjiju.txt"), "utf8").split("\n").slice(4).join("\n"));

  it("parse prints the seed's canonical JSON", async () => {
    const { code, out } = await run(["parse", seedBody, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.applications.newReceived).toEqual({ natural: 4, commercial: 1, research: 0, publicInterest: 0, legal: 2, otherOrg: 0, total: 7 });
    expect(report.proactive.licensing.change).toBe(-7125);
    expect(report.diagnostics.find((d: any) => d.rule === "R6")).toMatchObject({ path: "proactive.licensing.change", printed: -7125 });
  });

  it("parse takes the agency and year from flags when the body lacks its title, and prints an array for several files", async () => {
    const body = path.join(tmp, "body.txt");
    fs.writeFileSync(body, fs.readFileSync(path.join(REPORTS_DIR, "2023-pingtan-shenpiju.txt"), "utf8").split("\n").slice(4).join("\n"));
    const { code, out } = await run(["parse", body, seedBody, "--agency", "平潭综合实验区行政审批局", "--year", "2023"]);
    expect(code).toBe(0);
    const reports = JSON.parse(out);
    expect(reports.map((r: any) => [r.agency, r.year, r.format])).toEqual([["平潭综合实验区行政审批局", 2023, "2021"], ["平潭综合实验区行政审批局", 2023, "2019"]]);
    expect(reports[0].applications.newReceived.total).toBe(7);
  });

  it("parse names the file and the problem, and exits non-zero", async () => {
    const bad = path.join(tmp, "guide.txt");
    fs.writeFileSync(bad, "政府信息公开指南");
    const { code, out, err } = await run(["parse", bad]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain(`${bad}: not an annual report`);
    expect((await run(["parse", "--year", "twenty"])).err).toMatch(/--year must be a four-digit year/);
  });

  it("import loads a folder, then changes nothing on a second run", async () => {
    const db = `sqlite:${path.join(tmp, "cli.sqlite")}`;
    const folder = path.join(tmp, "in");
    fs.mkdirSync(folder);
    fs.copyFileSync(path.join(REPORTS_DIR, "2023-pingtan-ziranziyuan.html"), path.join(folder, "a.html"));
    fs.copyFileSync(path.join(REPORTS_DIR, "2020-liaocheng-yingjiju.expected.json"), path.join(folder, "seed.json"));
    fs.writeFileSync(path.join(folder, "broken.txt"), "政府信息公开指南");
    const first = await run(["import", folder], { DATABASE_URL: db });
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/imported\s+2/);
    expect(first.out).toMatch(/rejected\s+1/);
    expect(first.out).toContain("broken.txt: not an annual report");
    fs.rmSync(path.join(folder, "broken.txt"));
    const second = await run(["import", folder], { DATABASE_URL: db });
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/unchanged\s+2/);
    expect(second.out).toMatch(/imported\s+0/);
  });

  it("keeps generated data and real reports in separate databases", async () => {
    const generated = `sqlite:${path.join(tmp, "generated.sqlite")}`;
    const gen = await run(["generate", "--size", "tiny"], { DATABASE_URL: generated });
    expect(gen.code).toBe(0);
    const refused = await run(["import", path.join(REPORTS_DIR, "2023-pingtan-ziranziyuan.html")], { DATABASE_URL: generated });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("holds generated demo data");
    const real = `sqlite:${path.join(tmp, "real.sqlite")}`;
    expect((await run(["import", path.join(REPORTS_DIR, "2023-pingtan-ziranziyuan.html")], { DATABASE_URL: real })).code).toBe(0);
    const mixed = await run(["generate", "--size", "tiny"], { DATABASE_URL: real });
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain("holds real reports");
    expect((await run(["generate", "--size", "huge"], { DATABASE_URL: generated })).err).toMatch(/--size must be one of tiny, small, 10k, 100k, 1m/);
  });

  it("the installed bin reads a PDF's text layer (and rejects one without Chinese text)", () => {
    if (!fs.existsSync(path.join(__dirname, "..", "..", "dist", "src", "cli.js"))) execFileSync("npx", ["tsc", "-p", "tsconfig.json"]);
    const pdf = path.join(tmp, "scan.pdf");
    fs.writeFileSync(pdf, Buffer.from(minimalPdf("Scanned page"), "latin1"));
    const res = spawnSync(process.execPath, [BIN, "parse", pdf], { encoding: "utf8" });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`${pdf}: the PDF has no text layer`);
  });
});
