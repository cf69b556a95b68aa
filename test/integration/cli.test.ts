import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { COMMANDS } from "../../src/cli";
import { ImportService } from "../../src/ingestion/import.service";
import { REPORTS_DIR } from "../helpers/fixtures";
import { runCli as run } from "../helpers/cli";
import { minimalPdf } from "../helpers/pdf";

const BIN = path.join(__dirname, "..", "..", "bin", "gongkai");

const ENTRY = path.join(__dirname, "..", "..", "dist", "src", "cli", "index.js");
const PORT = 4141; // the cli helper's range is 4140-4149


function buildOnce(): void {
  if (!fs.existsSync(ENTRY)) execFileSync("npx", ["tsc", "-p", "tsconfig.json"]);
}

/** Runs the built bin as a child process with stdout on a pipe; a slow reader keeps the pipe full, so the writer must wait for it. */
function spawnBin(args: string[], env: Record<string, string> = {}, readDelayMs = 20): Promise<{ code: number | null; out: Buffer; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out.push(c);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), readDelayMs);
    });
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out: Buffer.concat(out), err }));
  });
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
    expect(reports.map((r: any) => r.file)).toEqual([body, seedBody]);
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
    buildOnce();
    const pdf = path.join(tmp, "scan.pdf");
    fs.writeFileSync(pdf, Buffer.from(minimalPdf("Scanned page"), "latin1"));
    const res = spawnSync(process.execPath, [BIN, "parse", pdf], { encoding: "utf8" });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`${pdf}: the PDF has no text layer`);
  });

  it("pipes more than 1 MB whole through a child process, then exits 0 (and 1 when a file fails)", async () => {
    buildOnce();
    const reports = fs.readdirSync(REPORTS_DIR).filter((f) => /\.(txt|html)$/.test(f)).map((f) => path.join(REPORTS_DIR, f));
    const args = ["parse", ...Array.from({ length: 6 }, () => reports).flat()];
    const res = await spawnBin(args);
    expect(res.err).toBe("");
    expect(res.code).toBe(0);
    expect(res.out.length).toBeGreaterThan(1_000_000);
    const parsed = JSON.parse(res.out.toString("utf8"));
    expect(parsed).toHaveLength(6 * reports.length);
    expect(parsed.filter((r: any) => r.file.endsWith("2020-liaocheng-yingjiju.txt")).map((r: any) => r.applications.newReceived.total)).toEqual(new Array(6).fill(7));

    const lines = await spawnBin(["parse", ...reports, "--jsonl", path.join(tmp, "missing.txt")]);
    expect(lines.code).toBe(1);
    const rows = lines.out.toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(reports.length + 1);
    expect(rows.slice(0, -1).map((r: any) => r.file)).toEqual(reports);
    expect(rows.at(-1)).toEqual({ file: path.join(tmp, "missing.txt"), error: "no such file or folder" });
    expect(lines.err).toBe(`gongkai parse: ${path.join(tmp, "missing.txt")}: no such file or folder\n`);
  });

  it("a reader that stops early (| head) ends the process quietly", () => {
    buildOnce();
    const res = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" parse "${REPORTS_DIR}" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: "utf8" });
    expect(res.stdout.trim()).toBe("0");
    expect(res.stderr).toBe("");
  });

  it("--help and -h on every command print its usage, exit 0 and start nothing", async () => {
    const db = path.join(tmp, "help.sqlite");
    for (const command of Object.keys(COMMANDS)) {
      for (const flag of ["--help", "-h"]) {
        const res = await run([command, flag], { DATABASE_URL: `sqlite:${db}` });
        expect([command, flag, res.code, res.err]).toEqual([command, flag, 0, ""]);
        expect(res.out).toContain(`usage: gongkai ${command}`);
      }
    }
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.existsSync(path.join(tmp, "data"))).toBe(false);
    expect((await run(["help", "import"])).out).toContain("usage: gongkai import");
    const top = await run(["--help"]);
    expect(top.code).toBe(0);
    for (const command of Object.keys(COMMANDS)) expect(top.out).toContain(`  ${command} `);
  });

  it("--version prints the version in package.json", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
    expect(await run(["--version"])).toEqual({ code: 0, out: `gongkai ${version}\n`, err: "" });
  });

  it("usage errors exit 2 with one line naming the mistake", async () => {
    const cases: Array<[string[], string]> = [
      [["frobnicate"], 'gongkai: unknown command "frobnicate"'],
      [["parse", seedBody, "--frob"], "gongkai parse: unknown option --frob"],
      [["parse", seedBody, "--agency"], "gongkai parse: --agency needs a value"],
      [["parse", seedBody, "--region", "35"], 'gongkai parse: --region must be a GB/T 2260 code (6 or 12 digits), got "35"'],
      [["parse", seedBody, "--published", "2024-02-30"], 'gongkai parse: --published must be a date YYYY-MM-DD, got "2024-02-30"'],
      [["import", "x.html", "--timeout", "soon"], 'gongkai import: --timeout must be a positive number, got "soon"'],
      [["parse"], "gongkai parse: parse needs at least one file, folder or http(s) address"],
      [["generate"], "gongkai generate: generate needs --size"],
      [["serve", "now"], 'gongkai serve: unexpected argument "now"'],
    ];
    for (const [args, message] of cases) {
      const res = await run(args);
      expect([args, res.code, res.err.split("\n")[0]]).toEqual([args, 2, message]);
      expect(res.out).toBe("");
    }
  });

  it("a database that cannot be opened is one line naming it (password hidden), exit 1", async () => {
    const res = await run(["migrate"], { DATABASE_URL: `mysql://gongkai:secret@127.0.0.1:${PORT + 9}/none` });
    expect(res).toEqual({ code: 1, out: "", err: `gongkai migrate: cannot open the database mysql://…@127.0.0.1:${PORT + 9}/none: connect ECONNREFUSED 127.0.0.1:${PORT + 9}\n` });
  });

  it("migrate names the migrations it ran, then says there are none left", async () => {
    const url = `sqlite:${path.join(tmp, "migrate.sqlite")}`;
    const first = await run(["migrate"], { DATABASE_URL: url });
    expect(first.code).toBe(0);
    const names = /^ran (\d+) migrations in [\d.]+ s: (.*)\n$/.exec(first.out);
    expect(names?.[2].split(", ")[0]).toBe("Init1764470000000");
    expect(names?.[2].split(", ")).toContain("NarrativeTerm1796340000000");
    expect(Number(names?.[1])).toBe(names?.[2].split(", ").length);
    expect(await run(["migrate"], { DATABASE_URL: url })).toEqual({ code: 0, out: "migrations are up to date\n", err: "" });
  });

  it("missing paths and folders get one clear line, not ENOENT/EISDIR; a folder is read file by file with each file named", async () => {
    const missing = await run(["parse", path.join(tmp, "nope.txt")]);
    expect(missing).toEqual({ code: 1, out: "", err: `gongkai parse: ${path.join(tmp, "nope.txt")}: no such file or folder\n` });
    const folder = path.join(tmp, "two");
    fs.mkdirSync(folder);
    fs.copyFileSync(path.join(REPORTS_DIR, "2020-liaocheng-yingjiju.txt"), path.join(folder, "liaocheng.txt"));
    fs.writeFileSync(path.join(folder, "guide.txt"), "政府信息公开指南");
    fs.writeFileSync(path.join(folder, "notes.csv"), "not a report");
    const res = await run(["parse", folder]);
    expect(res.code).toBe(1);
    expect(res.err.startsWith(`gongkai parse: ${path.join(folder, "guide.txt")}: not an annual report`)).toBe(true);
    expect(res.err.split("\n")).toHaveLength(2); // one line
    expect(res.err).not.toMatch(/ENOENT|EISDIR|\n\s+at /);
    const items = JSON.parse(res.out);
    expect(items.map((i: any) => [i.file, i.error === undefined ? i.applications.newReceived.total : "error"])).toEqual([
      [path.join(folder, "guide.txt"), "error"],
      [path.join(folder, "liaocheng.txt"), 7],
    ]);
    expect(items[0].error).toMatch(/^not an annual report/);
    const empty = path.join(tmp, "empty");
    fs.mkdirSync(empty);
    expect(await run(["parse", empty])).toMatchObject({ code: 2, err: expect.stringContaining(`no report files in ${empty}`) });
  });

  it("reads <name>.meta.json beside a report; flags override it; a bad one rejects that file only", async () => {
    const folder = path.join(tmp, "meta");
    fs.mkdirSync(folder);
    const body = fs.readFileSync(path.join(REPORTS_DIR, "2023-pingtan-shenpiju.txt"), "utf8").split("\n").slice(4).join("\n");
    fs.writeFileSync(path.join(folder, "page.txt"), body);
    fs.writeFileSync(path.join(folder, "page.meta.json"), JSON.stringify({
      agency: "平潭综合实验区行政审批局", year: 2023, regionCode: "350128", url: "https://example.gov.cn/a.htm", publishedAt: "2024-01-30", title: "ignored",
    }));
    const fromMeta = JSON.parse((await run(["parse", path.join(folder, "page.txt")])).out);
    expect([fromMeta.agency, fromMeta.year, fromMeta.regionCode, fromMeta.source, fromMeta.publishedAt]).toEqual(["平潭综合实验区行政审批局", 2023, "350128", "https://example.gov.cn/a.htm", "2024-01-30"]);
    expect(fromMeta.applications.newReceived.total).toBe(7);
    const flagged = JSON.parse((await run(["parse", path.join(folder, "page.txt"), "--year", "2022", "--published", "2024-02-01", "--source", "https://example.gov.cn/b.htm"])).out);
    expect([flagged.agency, flagged.year, flagged.source, flagged.publishedAt]).toEqual(["平潭综合实验区行政审批局", 2022, "https://example.gov.cn/b.htm", "2024-02-01"]);

    fs.writeFileSync(path.join(folder, "other.txt"), body);
    fs.writeFileSync(path.join(folder, "other.meta.json"), JSON.stringify({ agency: "某局", year: "twenty" }));
    const db = `sqlite:${path.join(tmp, "meta.sqlite")}`;
    const imported = await run(["import", folder, "--jsonl"], { DATABASE_URL: db });
    expect(imported.code).toBe(1);
    expect(imported.out.trimEnd().split("\n").map((l) => JSON.parse(l))).toEqual([
      { file: path.join(folder, "other.txt"), status: "rejected", error: `${path.join(folder, "other.meta.json")}: "year" must be a four-digit year, got "twenty"` },
      { file: path.join(folder, "page.txt"), status: "imported", reportId: 1, agency: "平潭综合实验区行政审批局", year: 2023, format: "2021", findings: 0 },
    ]);
    const sqlite = new Database(path.join(tmp, "meta.sqlite"), { readonly: true });
    try {
      expect(sqlite.prepare("SELECT sourceUrl, publishedAt, regionCode FROM report").all()).toEqual([{ sourceUrl: "https://example.gov.cn/a.htm", publishedAt: "2024-01-30", regionCode: "350128" }]);
    } finally {
      sqlite.close();
    }
  });

  it("imports every file of demo/reports (metadata beside them), leaving each page as the current revision", async () => {
    const db = path.join(tmp, "demo.sqlite");
    // A child process: the PDF in the folder needs pdf.js's worker, which Jest's module sandbox cannot load.
    const res = await spawnBin(["import", REPORTS_DIR, "--jsonl"], { DATABASE_URL: `sqlite:${db}` });
    expect(res.err).toBe("");
    expect(res.code).toBe(0);
    const rows = res.out.toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    const reportFiles = fs.readdirSync(REPORTS_DIR).filter((f) => /\.(txt|html|pdf)$/.test(f));
    expect(rows.map((r) => path.basename(r.file)).sort()).toEqual(reportFiles.sort());
    expect(rows.filter((r) => r.status === "rejected")).toEqual([]);
    expect(rows.filter((r) => r.status === "revised").map((r) => path.basename(r.file))).toEqual(["2020-pingtan-ziranziyuan.html", "2023-pingtan-ziranziyuan.html"]);
    const sqlite = new Database(db, { readonly: true });
    try {
      const current = sqlite.prepare("SELECT fileName FROM report WHERE isCurrent = 1 ORDER BY fileName").all().map((r: any) => path.basename(r.fileName));
      expect(current).toHaveLength(reportFiles.length - 2); // the two pages and their text: one current each
      expect(current.filter((f: string) => f.includes("ziranziyuan"))).toEqual(["2020-pingtan-ziranziyuan.html", "2023-pingtan-ziranziyuan.html"]);
    } finally {
      sqlite.close();
    }
  });

  it("one bad file (stack overflow, symlink loop, broken link) is one rejected row; the import goes on and exits 1 with no stack trace", async () => {
    const folder = path.join(tmp, "hostile");
    fs.mkdirSync(path.join(folder, "sub"), { recursive: true });
    fs.writeFileSync(path.join(folder, "deep.html"), `<html><body>${"<div>".repeat(20000)}政府信息公开工作年度报告${"</div>".repeat(20000)}</body></html>`);
    fs.symlinkSync("..", path.join(folder, "sub", "up"));
    fs.symlinkSync("nowhere.txt", path.join(folder, "dangling.txt"));
    fs.symlinkSync("self.txt", path.join(folder, "self.txt"));
    fs.copyFileSync(path.join(REPORTS_DIR, "2020-liaocheng-yingjiju.txt"), path.join(folder, "z-liaocheng.txt"));
    const res = await run(["import", folder], { DATABASE_URL: `sqlite:${path.join(tmp, "hostile.sqlite")}` });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/imported\s+1\n/);
    expect(res.out).toMatch(/rejected\s+4\n/);
    expect(res.out).toContain(`  ${path.join(folder, "dangling.txt")}: broken symlink\n`);
    // Today the HTML reader overflows the stack on 20 000 nested divs; a bounded reader may reject it with its own one-line reason.
    expect(res.out).toMatch(new RegExp(`\\n  ${path.join(folder, "deep.html").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: [^\\n]+\\n`));
    expect(res.out).toContain(`  ${path.join(folder, "self.txt")}: symlink loop\n`);
    expect(res.out).toContain(`  ${path.join(folder, "sub", "up")}: symlink loop (leads back to ${fs.realpathSync(folder)})\n`);
    expect(res.out + res.err).not.toMatch(/\n\s+at /);
  });

  it("a file whose import throws (any error) is one rejected row with a one-line reason; the files after it are imported", async () => {
    const folder = path.join(tmp, "throws");
    fs.mkdirSync(folder);
    for (const stem of ["2023-pingtan-shenpiju", "2023-pingtan-shijianju", "2020-liaocheng-yingjiju"]) {
      fs.copyFileSync(path.join(REPORTS_DIR, `${stem}.txt`), path.join(folder, `${stem}.txt`));
      fs.copyFileSync(path.join(REPORTS_DIR, `${stem}.meta.json`), path.join(folder, `${stem}.meta.json`));
    }
    const original = ImportService.prototype.read;
    const spy = jest.spyOn(ImportService.prototype, "read").mockImplementation(function (this: ImportService, content, options, beforeDatabase) {
      if (String(options.fileName).includes("shenpiju")) throw new RangeError("Maximum call stack size exceeded");
      if (String(options.fileName).includes("shijianju")) throw new RangeError("Invalid typed array length: -1\n    at somewhere (x.js:1:1)");
      return original.call(this, content, options, beforeDatabase);
    });
    try {
      const res = await run(["import", folder], { DATABASE_URL: `sqlite:${path.join(tmp, "throws.sqlite")}` });
      expect(res.code).toBe(1);
      expect(res.out).toMatch(/imported\s+1\n/);
      expect(res.out).toContain(`  ${path.join(folder, "2023-pingtan-shenpiju.txt")}: too deeply nested to read (stack overflow)\n`);
      expect(res.out).toContain(`  ${path.join(folder, "2023-pingtan-shijianju.txt")}: RangeError: Invalid typed array length: -1\n`);
      expect(res.out + res.err).not.toMatch(/\n\s+at /);
    } finally {
      spy.mockRestore();
    }
  });

  describe("import from an address", () => {
    let server: http.Server;
    const page = fs.readFileSync(path.join(REPORTS_DIR, "2023-pingtan-ziranziyuan.html"));
    const base = `http://127.0.0.1:${PORT}`;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        const url = req.url ?? "/";
        if (url === "/report.html") return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
        if (url === "/nb?id=2") return void res.writeHead(200, { "content-type": "text/html" }).end(page);
        if (url === "/moved") return void res.writeHead(301, { location: "/nb?id=2" }).end();
        if (url === "/loop-a") return void res.writeHead(302, { location: "/loop-b" }).end();
        if (url === "/loop-b") return void res.writeHead(302, { location: "/loop-a" }).end();
        if (url.startsWith("/hop")) return void res.writeHead(302, { location: `/hop${Number(url.slice(4)) + 1}` }).end();
        if (url === "/to-file") return void res.writeHead(302, { location: "file:///etc/passwd" }).end();
        if (url === "/big") return void res.writeHead(200, { "content-type": "text/html", "content-length": String(3 * 1024 * 1024) }).end();
        if (url === "/endless") {
          res.writeHead(200, { "content-type": "text/html" });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const pump = () => { while (res.write(chunk)); };
          res.on("drain", pump);
          pump();
          req.on("close", () => res.destroy());
          return;
        }
        if (url === "/slow") return; // never answers
        if (url === "/notes.txt") return void res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("会议纪要：本周工作安排。");
        res.writeHead(404, { "content-type": "text/plain" }).end("not here");
      });
      await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("fetches a page, keeps the address as its source, and rejects each failure in one row while the others import", async () => {
      const db = path.join(tmp, "url.sqlite");
      const args = [
        `${base}/report.html`, `${base}/loop-a`, `${base}/hop0`, `${base}/big`, `${base}/endless`, `${base}/slow`, `${base}/missing.html`,
        `${base}/to-file`, "ftp://127.0.0.1/report.html", "file:///etc/passwd", `${base}/notes.txt`, `${base}/moved`,
      ];
      const res = await run(["import", ...args, "--timeout", "2", "--max-mb", "1", "--jsonl"], { DATABASE_URL: `sqlite:${db}` });
      expect(res.code).toBe(1);
      const rows = res.out.trimEnd().split("\n").map((l) => JSON.parse(l));
      expect(rows.map((r) => [r.file, r.status, r.error ?? r.agency])).toEqual([
        [`${base}/report.html`, "imported", "平潭综合实验区自然资源与生态环境局"],
        [`${base}/loop-a`, "rejected", `redirect loop (${base}/loop-b → ${base}/loop-a)`],
        [`${base}/hop0`, "rejected", "more than 5 redirects"],
        [`${base}/big`, "rejected", "larger than the limit of 1 MB (Content-Length 3145728)"],
        [`${base}/endless`, "rejected", "larger than the limit of 1 MB"],
        [`${base}/slow`, "rejected", "no complete answer within 2 s"],
        [`${base}/missing.html`, "rejected", "HTTP 404 Not Found"],
        [`${base}/to-file`, "rejected", "only http and https addresses can be fetched, not file: (redirected to file:///etc/passwd)"],
        ["ftp://127.0.0.1/report.html", "rejected", "only http and https addresses can be fetched, not ftp:"],
        ["file:///etc/passwd", "rejected", "only http and https addresses can be fetched, not file:"],
        // A fetched page that is not a report is named by its address, not by the page's file name.
        [`${base}/notes.txt`, "rejected", "not an annual report: no 年度报告 title, no template table headers and no section 三 were found"],
        [`${base}/moved`, "unchanged", "平潭综合实验区自然资源与生态环境局"],
      ]);
      const sqlite = new Database(db, { readonly: true });
      try {
        expect(sqlite.prepare("SELECT sourceUrl, fileName, contentType, year FROM report").all()).toEqual([
          { sourceUrl: `${base}/report.html`, fileName: "report.html", contentType: "text/html", year: 2023 },
        ]);
      } finally {
        sqlite.close();
      }
      const parsed = await run(["parse", `${base}/moved`]);
      expect(parsed.code).toBe(0);
      const report = JSON.parse(parsed.out);
      expect([report.source, report.year, report.applications.newReceived.total]).toEqual([`${base}/moved`, 2023, 19]);
    });
  });
});
