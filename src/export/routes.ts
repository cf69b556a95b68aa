/**
 * Downloads under /export (read-only, public like the GraphQL queries):
 *   GET /export/reports.csv|.xlsx?region=CODE&year=N|years=2019-2025&subregions=false&template=2021&kind=DEPARTMENT&after=ID&limit=N
 *   GET /export/region/CODE/YEAR.html|.xlsx|.csv|.docx?subregions=false&kind=…&annexes=false (tables only)
 *   GET /export/report/ID.html|.xlsx|.csv|.docx
 *   GET /export/compare.html|.xlsx|.csv|.docx?agencies=1,2&years=2019-2023
 * Cost is bounded: a bulk export stops at EXPORT_MAX_ROWS rows (resume with `after`, the last
 * report_id received), a comparison at 20 agencies × 15 years. Bad arguments get a 400 naming the
 * argument; unknown ids and regions a 404. File names are UTF-8 (RFC 5987 `filename*`).
 */
import express from "express";
import type { DataSource } from "typeorm";
import type { Config } from "../config";
import { AGENCY_KINDS, BulkFilter, BulkFilterError, checkFilter, writeBulkCsv, writeBulkXlsx } from "./bulk";
import { compareDocument, regionDocument, RenderInputError, storedReportDocument } from "../render/sources";
import { CONTENT_TYPES, isFormat, OutputFormat, renderAs } from "../render/output";
import type { RenderDoc } from "../render/document";

/** Rows one bulk request may return; `after` continues from the last report_id. */
export const EXPORT_MAX_ROWS = 200_000;

export class ArgumentError extends Error {
  constructor(readonly argument: string, message: string, readonly status = 400) {
    super(`${argument}: ${message}`);
  }
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** `2019-2025`, `2021` or `2019,2021` → years (at most 30). */
export function parseYears(argument: string, value: string): number[] {
  const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(value);
  const years = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : value.split(",").map((s) => s.trim());
  if (!years.length || years.length > 30 || years.some((y) => !/^\d{4}$/.test(String(y)))) {
    throw new ArgumentError(argument, `give a year, a range like 2019-2025 or a list like 2019,2021 (at most 30 years), got "${value}"`);
  }
  return years.map(Number);
}

function one(req: express.Request, name: string): string | undefined {
  const v = req.query[name];
  if (v == null) return undefined;
  if (typeof v !== "string") throw new ArgumentError(name, "give it once");
  return v;
}

function bool(req: express.Request, name: string, fallback: boolean): boolean {
  const v = one(req, name);
  if (v == null) return fallback;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new ArgumentError(name, `must be true or false, got "${v}"`);
}

function kinds(req: express.Request): string[] | null {
  const v = one(req, "kind");
  if (!v) return null;
  const list = v.split(",").map((s) => s.trim().toUpperCase());
  for (const k of list) if (!AGENCY_KINDS.includes(k)) throw new ArgumentError("kind", `"${k}" is not one of ${AGENCY_KINDS.join(", ")}`);
  return list;
}

function intArg(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value == null) return undefined;
  if (!/^\d{1,12}$/.test(value) || Number(value) < min || Number(value) > max) throw new ArgumentError(name, `must be a whole number from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

/** Splits `NAME.EXT` and checks the format. */
function fileArg(argument: string, file: string, allowed: readonly OutputFormat[]): { stem: string; format: OutputFormat } {
  const m = /^(.+)\.([a-z]+)$/.exec(file);
  if (!m || !isFormat(m[2]) || !allowed.includes(m[2])) throw new ArgumentError(argument, `ask for ${allowed.map((f) => `.${f}`).join(", ")}, got "${file}"`);
  return { stem: m[1], format: m[2] };
}

async function sendDoc(res: express.Response, doc: RenderDoc, format: OutputFormat): Promise<void> {
  const body = await renderAs(doc, format);
  res.setHeader("Content-Type", CONTENT_TYPES[format]);
  res.setHeader("Content-Disposition", contentDisposition(`${doc.fileStem}.${format}`));
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (format === "html") res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  res.end(body);
}

function bulkFilter(req: express.Request): BulkFilter {
  const year = one(req, "year");
  const years = one(req, "years");
  if (year && years) throw new ArgumentError("years", "give year or years, not both");
  const template = one(req, "template");
  if (template != null && template !== "2019" && template !== "2021") throw new ArgumentError("template", `must be 2019 or 2021, got "${template}"`);
  const filter: BulkFilter = {
    regionCode: one(req, "region") ?? null,
    includeSubregions: bool(req, "subregions", true),
    years: year ? parseYears("year", year) : years ? parseYears("years", years) : null,
    template: (template) ?? null,
    agencyKinds: kinds(req),
    includeAggregates: bool(req, "aggregates", true),
    afterId: intArg("after", one(req, "after"), 0, Number.MAX_SAFE_INTEGER) ?? null,
  };
  checkFilter(filter);
  return filter;
}

export function exportRouter(deps: { ds: DataSource; config: Config }): express.Router {
  const router = express.Router();
  const wrap = (fn: (req: express.Request, res: express.Response) => Promise<void>) => (req: express.Request, res: express.Response, next: express.NextFunction) => {
    fn(req, res).catch((e) => {
      if (e instanceof ArgumentError || e instanceof BulkFilterError || e instanceof RenderInputError) {
        const notFound = e instanceof RenderInputError && /\bno (report|region|agency) /.test(e.message);
        const status = e instanceof ArgumentError ? e.status : notFound ? 404 : 400;
        if (res.headersSent) return res.destroy(e);
        res.status(status).json({ error: e.message, argument: e.argument });
        return;
      }
      if (res.headersSent) return res.destroy(e);
      next(e);
    });
  };

  router.get("/export/reports.:ext", wrap(async (req, res) => {
    const ext = String(req.params.ext);
    if (ext !== "csv" && ext !== "xlsx") throw new ArgumentError("format", `ask for reports.csv or reports.xlsx, got "reports.${ext}"`);
    const filter = bulkFilter(req);
    const limit = intArg("limit", one(req, "limit"), 1, EXPORT_MAX_ROWS) ?? EXPORT_MAX_ROWS;
    const name = `reports-${filter.regionCode ?? "all"}${filter.years ? `-${filter.years[0]}-${filter.years[filter.years.length - 1]}` : ""}.${ext}`;
    res.setHeader("Content-Type", ext === "csv" ? CONTENT_TYPES.csv : CONTENT_TYPES.xlsx);
    res.setHeader("Content-Disposition", contentDisposition(name));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Export-Row-Limit", String(limit));
    const write = ext === "csv" ? writeBulkCsv : writeBulkXlsx;
    await write(deps.ds, filter, res, { maxRows: limit });
    if (!res.writableEnded) res.end();
  }));

  router.get("/export/region/:code/:file", wrap(async (req, res) => {
    const code = String(req.params.code);
    const { stem, format } = fileArg("file", String(req.params.file), ["html", "xlsx", "csv", "docx"]);
    const year = intArg("year", stem, 2019, 2100)!;
    const doc = await regionDocument(deps.ds, { regionCode: code, year, includeSubregions: bool(req, "subregions", true), agencyKinds: kinds(req), annexes: bool(req, "annexes", true) }, deps.config);
    await sendDoc(res, doc, format);
  }));

  router.get("/export/report/:file", wrap(async (req, res) => {
    const { stem, format } = fileArg("file", String(req.params.file), ["html", "xlsx", "csv", "docx"]);
    const id = intArg("id", stem, 1, Number.MAX_SAFE_INTEGER)!;
    await sendDoc(res, await storedReportDocument(deps.ds, id), format);
  }));

  router.get("/export/compare.:ext", wrap(async (req, res) => {
    const ext = String(req.params.ext);
    if (!isFormat(ext)) throw new ArgumentError("format", `ask for compare.html, .xlsx, .csv or .docx, got "compare.${ext}"`);
    const agencies = (one(req, "agencies") ?? "").split(",").filter(Boolean).map((s) => intArg("agencies", s.trim(), 1, Number.MAX_SAFE_INTEGER)!);
    const years = parseYears("years", one(req, "years") ?? "");
    await sendDoc(res, await compareDocument(deps.ds, agencies, years), ext);
  }));
  return router;
}

/** The contract with src/server.ts: mounts the /export routes on the app. */
export function mountExports(app: express.Express, deps: { ds: DataSource; config: Config }): void {
  app.use(exportRouter(deps));
}
