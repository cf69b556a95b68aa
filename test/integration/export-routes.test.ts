import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { PassThrough } from "node:stream";
import express from "express";
import ExcelJS from "exceljs";
import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { loadProvince } from "../../src/demo/load-province";
import { loadConfig } from "../../src/config";
import { openDataSource } from "../../src/db/data-source";
import { cellFor } from "../../src/domain/cells";
import { mountExports, contentDisposition } from "../../src/export/routes";
import { BULK_COLUMNS, ExportAbortedError, writeBulkCsv, writeBulkXlsx } from "../../src/export/bulk";
import { csvRecords } from "../../src/ingestion/decode/csv";
import { parseInput } from "../../src/ingestion/parse";
import { exportCommand, renderCommand } from "../../src/render/cli";
import { REPORTS_DIR } from "../helpers/fixtures";

const province = buildProvince(SIZES.tiny);

describe.each(testDatabases())("downloads under /export on %s", (_db, open) => {
  let ds: DataSource;
  let server: Server;
  let base: string;
  const get = (p: string) => fetch(base + p);

  beforeAll(async () => {
    ds = await open();
    await loadProvince(ds, province);
    const app = express();
    mountExports(app, { ds, config: loadConfig({ NODE_ENV: "test" }) });
    server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await ds?.destroy();
  });

  it("reports.csv: one row per current report of the region-year, every cell as stored, UTF-8 name", async () => {
    const res = await get("/export/reports.csv?region=990100&year=2023");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="reports-990100-2023-2023.csv"; filename*=UTF-8''reports-990100-2023-2023.csv`);
    const text = Buffer.from(await res.arrayBuffer()).toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csvRecords(text.slice(1)).filter((r) => r.length > 1);
    expect(header).toEqual(BULK_COLUMNS);
    const want = await ds.query(`SELECT r.id AS id, f.a_newReceived_total AS n, f.rl_review_total AS rv FROM report r JOIN report_figures f ON f.reportId = r.id
      WHERE r.isCurrent = 1 AND r.year = 2023 AND r.regionCode LIKE '9901%' ORDER BY r.id`);
    expect(rows.map((r) => Number(r[0]))).toEqual(want.map((w: any) => Number(w.id)));
    const col = header.indexOf("applications.newReceived.total");
    const rv = header.indexOf("reviewLitigation.review.total");
    expect(rows.map((r) => [Number(r[col]), Number(r[rv])])).toEqual(want.map((w: any) => [Number(w.n), Number(w.rv)]));
    // 2021 template: the 2019-only cells are empty, the 2021 fee column is an exact decimal.
    expect(new Set(rows.map((r) => r[header.indexOf("applications.outcomes.other.natural[2019]")]))).toEqual(new Set([""]));
    expect(rows.every((r) => r[header.indexOf("proactive.fees.amountWanYuan[2021]")] !== "")).toBe(true);
  });

  it("limit and after page through the rows; reports.xlsx holds the same rows", async () => {
    const all = csvRecords((await (await get("/export/reports.csv?region=990000&years=2019-2025")).text()).slice(1)).filter((r) => r.length > 1).slice(1);
    const first = csvRecords((await (await get("/export/reports.csv?region=990000&years=2019-2025&limit=7")).text()).slice(1)).filter((r) => r.length > 1).slice(1);
    const rest = csvRecords((await (await get(`/export/reports.csv?region=990000&years=2019-2025&after=${first[6][0]}`)).text()).slice(1)).filter((r) => r.length > 1).slice(1);
    expect(first).toHaveLength(7);
    expect([...first, ...rest].map((r) => r[0])).toEqual(all.map((r) => r[0]));
    const xres = await get("/export/reports.xlsx?region=990100&year=2023&kind=TOWNSHIP");
    expect(xres.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xres.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const ids = await ds.query(`SELECT COUNT(*) AS n FROM report r JOIN agency a ON a.id = r.agencyId WHERE r.isCurrent = 1 AND r.year = 2023 AND r.regionCode LIKE '9901%' AND a.kind = 'TOWNSHIP'`);
    expect(ws.rowCount - 1).toBe(Number(ids[0].n));
    expect(ws.getCell(2, 3).value).toBe("TOWNSHIP");
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 2, ySplit: 1 });
    // Every cell of the workbook is the CSV's field (numbers as numbers, money as exact text, blanks
    // empty), over both templates: the CSV's cells are formatted by the database, the workbook's here.
    const csv = csvRecords(Buffer.from(await (await get("/export/reports.csv?region=990100")).arrayBuffer()).toString("utf8").slice(1)).filter((r) => r.length > 1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (await get("/export/reports.xlsx?region=990100")).arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = Array.from({ length: book.worksheets[0].rowCount }, (_, i) => BULK_COLUMNS.map((_c, j) => {
      const v = book.worksheets[0].getCell(i + 1, j + 1).value;
      return v == null ? "" : String(v);
    }));
    expect(sheet).toEqual(csv);
    const procurement = BULK_COLUMNS.indexOf("proactive.procurement.totalAmount[2019]");
    expect(csv.some((r) => /^\d+\.\d+$/.test(r[procurement]))).toBe(true);
  });

  it("a reader that does not read holds the database reads back (bounded buffer); one that leaves stops them", async () => {
    const total = Number((await ds.query("SELECT COUNT(*) AS n FROM report WHERE isCurrent = 1"))[0].n);
    const pageSize = 5;
    /** Lets the writer run until it makes no more progress (it is waiting on the stream). */
    const settle = async (count: () => number) => {
      for (let last = -1, same = 0; same < 5; ) {
        await new Promise((r) => setTimeout(r, 20));
        same = count() === last ? same + 1 : 0;
        last = count();
      }
    };
    for (const write of [writeBulkCsv, writeBulkXlsx]) {
      let pages = 0;
      const out = new PassThrough({ highWaterMark: 1024 });
      const done = write(ds, {}, out, { pageSize, onPage: () => pages++ });
      done.catch(() => undefined);
      await settle(() => pages);
      const buffered = out.writableLength + out.readableLength;
      // Paused: a few pages read of all of them, at most one compressed chunk and a page buffered.
      expect([write.name, pages < total / pageSize / 2, buffered < 400_000]).toEqual([write.name, true, true]);
      // Reading slowly lets it go on a little…
      const before = pages;
      for (let i = 0; i < 3; i++) {
        while (out.read() != null);
        await settle(() => pages);
      }
      expect(pages).toBeGreaterThan(before);
      // …and a reader that goes away stops the reads: the export rejects, no page is read afterwards.
      out.destroy();
      await expect(done).rejects.toBeInstanceOf(ExportAbortedError);
      const stopped = pages;
      await settle(() => pages);
      expect(pages).toBe(stopped);
      expect(pages).toBeLessThan(Math.ceil(total / pageSize));
    }
  });

  it("region and report documents; bad arguments get 400 naming them, unknown ids 404", async () => {
    const region = await get("/export/region/990100/2023.xlsx");
    expect(region.status).toBe(200);
    expect(region.headers.get("content-disposition")).toContain(`filename*=UTF-8''2023-${encodeURIComponent("示例省第1市-汇总稿")}.xlsx`);
    const id = Number((await ds.query("SELECT MIN(id) AS id FROM report WHERE year = 2020 AND isAggregate = 0"))[0].id);
    const page = await get(`/export/report/${id}.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const { report } = await parseInput(Buffer.from(await page.arrayBuffer()), { fileName: "p.html" });
    const stored = (await ds.query(`SELECT * FROM report_figures WHERE reportId = ?`, [id]))[0];
    expect(report.applications.newReceived).toMatchObject({ total: Number(stored[cellFor("applications.newReceived.total", "2019")!.column]) });
    const compare = await get(`/export/compare.csv?agencies=3,4&years=2020-2022`);
    expect(compare.status).toBe(200);
    const records = csvRecords((await compare.text()).slice(1));
    const head = records.find((r) => r[0] === "单元格")!;
    const total = records.find((r) => r[1] === "applications.newReceived.total")!;
    const values = await ds.query(`SELECT r.agencyId AS a, r.year AS y, f.a_newReceived_total AS v FROM report r JOIN report_figures f ON f.reportId = r.id
      WHERE r.isCurrent = 1 AND r.agencyId IN (3, 4) AND r.year IN (2020, 2021, 2022)`);
    const v = (a: number, y: number) => values.find((x: any) => Number(x.a) === a && Number(x.y) === y);
    const name3 = (await ds.query("SELECT name FROM agency WHERE id = 3"))[0].name;
    const at = (label: string) => head.indexOf(label);
    expect(total[at(`${name3} 2021`)]).toBe(v(3, 2021) ? String(v(3, 2021).v) : "—");
    const change = total[at(`${name3} 2020→2021 变化`)];
    expect(change).toBe(v(3, 2020) && v(3, 2021) ? String(Number(v(3, 2021).v) - Number(v(3, 2020).v)) : "不可比");
    // A section 二 cell of one template is not comparable across the 2020→2021 template change.
    const licensing2019 = records.find((r) => r[1] === "proactive.licensing.decisions" && r[2] === "2019年模板")!;
    expect(licensing2019[at(`${name3} 2020→2021 变化`)]).toBe("不可比");
    for (const [p, status, arg] of [
      ["/export/report/999999.html", 404, "id"], ["/export/report/1.pdf", 400, "file"], ["/export/region/12/2023.html", 400, "region"],
      ["/export/region/990100/1999.html", 400, "year"], ["/export/reports.csv?years=abc", 400, "years"], ["/export/reports.csv?kind=FOO", 400, "kind"],
      ["/export/reports.csv?limit=0", 400, "limit"], ["/export/reports.txt", 400, "format"], ["/export/compare.csv?agencies=1&years=2019-2099", 400, "years"],
      ["/export/region/990100/2023.html?subregions=maybe", 400, "subregions"],
    ] as const) {
      const res = await get(p);
      expect([p, res.status, ((await res.json())).argument]).toEqual([p, status, arg]);
    }
  });
});

describe("CLI commands", () => {
  const io = () => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    const errs: Buffer[] = [];
    out.on("data", (c) => chunks.push(c));
    err.on("data", (c) => errs.push(c));
    return { io: { stdout: out, stderr: err }, out: () => Buffer.concat(chunks), err: () => Buffer.concat(errs).toString() };
  };

  it("render <file>: a fixture as CSV on stdout parses back to its cells; bad arguments exit 2", async () => {
    const s = io();
    expect(await renderCommand([path.join(REPORTS_DIR, "2020-liaocheng-yingjiju.expected.json"), "--format", "csv"], s.io)).toBe(0);
    const { report } = await parseInput(s.out(), { fileName: "x.csv" });
    expect(report.applications.newReceived).toEqual({ natural: 4, commercial: 1, research: 0, publicInterest: 0, legal: 2, otherOrg: 0, total: 7 });
    const bad = io();
    expect(await renderCommand(["--format", "pdf", "x.html"], bad.io)).toBe(2);
    expect(bad.err()).toContain("--format must be one of html, xlsx, csv, docx");
    const missing = io();
    expect(await renderCommand(["nope.html"], missing.io)).toBe(2);
    expect(missing.err()).toContain("nope.html: no such file");
  });

  it("export --region --year --out: a CSV file of the region-year, and render --region writes the draft", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-export-"));
    const db = path.join(dir, "g.sqlite");
    const ds = await openDataSource({ kind: "sqlite", location: db });
    await loadProvince(ds, province);
    const n = Number((await ds.query("SELECT COUNT(*) AS n FROM report WHERE isCurrent = 1 AND year = 2022 AND regionCode LIKE '9902%'"))[0].n);
    await ds.destroy();
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `sqlite:${db}`;
    try {
      const s = io();
      expect(await exportCommand(["--region", "990200", "--year", "2022", "--out", path.join(dir, "r.csv")], s.io)).toBe(0);
      expect(s.err()).toBe(`gongkai export: ${n} reports written to ${path.join(dir, "r.csv")}\n`);
      expect(csvRecords(fs.readFileSync(path.join(dir, "r.csv"), "utf8")).filter((r) => r.length > 1)).toHaveLength(n + 1);
      const x = io();
      expect(await exportCommand(["--region", "990200", "--year", "2022", "--format", "xlsx"], x.io)).toBe(0);
      expect(x.out().subarray(0, 2).toString("latin1")).toBe("PK");
      const r = io();
      expect(await renderCommand(["--region", "990200", "--year", "2022", "--out", path.join(dir, "d.docx")], r.io)).toBe(0);
      expect(fs.readFileSync(path.join(dir, "d.docx")).subarray(0, 2).toString("latin1")).toBe("PK");
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Content-Disposition carries the UTF-8 name (RFC 5987) and an ASCII fallback", () => {
    expect(contentDisposition("2024-平潭县-汇总稿.docx")).toBe(`attachment; filename="2024-___-___.docx"; filename*=UTF-8''2024-%E5%B9%B3%E6%BD%AD%E5%8E%BF-%E6%B1%87%E6%80%BB%E7%A8%BF.docx`);
  });
});
