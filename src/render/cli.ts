/**
 * CLI commands (wired into the command table by src/cli):
 *   gongkai render <file> [--format html|xlsx|csv|docx] [--out FILE]
 *   gongkai render --report-id ID […]
 *   gongkai render --region CODE --year N [--no-subregions] [--kind DEPARTMENT,TOWNSHIP] […]
 *   gongkai render --compare 1,2,3 --years 2019-2023 […]
 *   gongkai export [--region CODE] [--years 2019-2025 | --year N] [--no-subregions] [--template 2021]
 *                  [--kind DEPARTMENT] [--no-aggregates] [--format csv|xlsx] [--out FILE]
 * Without --out the bytes go to stdout. The format defaults to the --out extension, else html (render)
 * or csv (export). Exit codes: 0 done, 1 the input could not be rendered, 2 bad arguments.
 */
import fs from "node:fs";
import { PassThrough, Writable } from "node:stream";
import { parseArgs } from "node:util";
import type { DataSource } from "typeorm";
import { loadConfig, ConfigError } from "../config";
import { openDataSource } from "../db/data-source";
import { compareDocument, fileDocument, fileReport, regionDocument, RenderInputError, storedReportDocument } from "./sources";
import { isFormat, OutputFormat, renderAs } from "./output";
import { AGENCY_KINDS, BulkFilterError, writeBulkCsv, writeBulkXlsx } from "../export/bulk";
import { ArgumentError, parseYears } from "../export/routes";
import type { RenderDoc } from "./document";

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const RENDER_USAGE = `usage: gongkai render <file> | --report-id ID | --region CODE --year N | --compare IDS --years Y1-Y2
         [--format html|xlsx|csv|docx] [--out FILE] [--no-subregions] [--kind KIND,…] [--no-annexes]`;
export const EXPORT_USAGE = `usage: gongkai export [--region CODE] [--years 2019-2025 | --year N] [--no-subregions] [--template 2019|2021]
         [--kind KIND,…] [--no-aggregates] [--format csv|xlsx] [--out FILE]`;

class UsageError extends Error {}

function formatOf(flag: string | undefined, out: string | undefined, allowed: readonly string[], fallback: OutputFormat): OutputFormat {
  const f = flag ?? (out ? /\.([a-z]+)$/i.exec(out)?.[1]?.toLowerCase() : undefined) ?? fallback;
  if (!isFormat(f) || !allowed.includes(f)) throw new UsageError(`--format must be one of ${allowed.join(", ")}, got "${f}"`);
  return f;
}

function kindsOf(v: string | undefined): string[] | null {
  if (!v) return null;
  const list = v.split(",").map((s) => s.trim().toUpperCase());
  for (const k of list) if (!AGENCY_KINDS.includes(k)) throw new UsageError(`--kind: "${k}" is not one of ${AGENCY_KINDS.join(", ")}`);
  return list;
}

async function withDatabase<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const ds = await openDataSource(config.db);
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** Writes to the file (atomically: a temporary file renamed) or to stdout. */
async function emit(bytes: Buffer, out: string | undefined, io: CommandIo): Promise<void> {
  if (!out) {
    await new Promise<void>((resolve, reject) => io.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
    return;
  }
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, out);
}

async function run(name: string, usage: string, io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError || e instanceof ArgumentError || e instanceof ConfigError || (e instanceof TypeError && (e as any).code?.startsWith?.("ERR_PARSE_ARGS"))) {
      io.stderr.write(`gongkai ${name}: ${(e).message}\n${usage}\n`);
      return 2;
    }
    if (e instanceof RenderInputError || e instanceof BulkFilterError) {
      io.stderr.write(`gongkai ${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

export function renderCommand(argv: string[], io: CommandIo): Promise<number> {
  return run("render", RENDER_USAGE, io, async () => {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        format: { type: "string" }, out: { type: "string" }, "report-id": { type: "string" }, region: { type: "string" }, year: { type: "string" },
        compare: { type: "string" }, years: { type: "string" }, "no-subregions": { type: "boolean" }, "no-annexes": { type: "boolean" }, kind: { type: "string" }, help: { type: "boolean" },
      },
    });
    if (values.help) {
      io.stdout.write(RENDER_USAGE + "\n");
      return 0;
    }
    const format = formatOf(values.format, values.out, ["html", "xlsx", "csv", "docx"], "html");
    const sources = [positionals.length ? "file" : null, values["report-id"] ? "--report-id" : null, values.region ? "--region" : null, values.compare ? "--compare" : null].filter(Boolean);
    if (sources.length !== 1 || positionals.length > 1) throw new UsageError("give exactly one of: a file, --report-id, --region, --compare");
    let doc: RenderDoc;
    if (positionals.length) {
      const file = positionals[0];
      if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
      doc = fileDocument(await fileReport(file));
    } else if (values["report-id"]) {
      if (!/^\d+$/.test(values["report-id"])) throw new UsageError(`--report-id must be a number, got "${values["report-id"]}"`);
      doc = await withDatabase((ds) => storedReportDocument(ds, Number(values["report-id"])));
    } else if (values.region) {
      if (!values.year || !/^\d{4}$/.test(values.year)) throw new UsageError("--region needs --year N (four digits)");
      const req = { regionCode: values.region, year: Number(values.year), includeSubregions: !values["no-subregions"], agencyKinds: kindsOf(values.kind), annexes: !values["no-annexes"] };
      doc = await withDatabase((ds) => regionDocument(ds, req, loadConfig()));
    } else {
      const ids = values.compare!.split(",").map((s) => s.trim());
      if (ids.some((s) => !/^\d+$/.test(s))) throw new UsageError(`--compare takes agency ids like 1,2,3, got "${values.compare}"`);
      if (!values.years) throw new UsageError("--compare needs --years, e.g. 2019-2023");
      const years = parseYears("--years", values.years);
      doc = await withDatabase((ds) => compareDocument(ds, ids.map(Number), years));
    }
    await emit(await renderAs(doc, format), values.out, io);
    if (values.out) io.stderr.write(`gongkai render: wrote ${values.out} (${doc.title})\n`);
    return 0;
  });
}

export function exportCommand(argv: string[], io: CommandIo): Promise<number> {
  return run("export", EXPORT_USAGE, io, async () => {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: false, strict: true,
      options: {
        format: { type: "string" }, out: { type: "string" }, region: { type: "string" }, year: { type: "string" }, years: { type: "string" },
        "no-subregions": { type: "boolean" }, template: { type: "string" }, kind: { type: "string" }, "no-aggregates": { type: "boolean" }, help: { type: "boolean" },
      },
    });
    void positionals;
    if (values.help) {
      io.stdout.write(EXPORT_USAGE + "\n");
      return 0;
    }
    const format = formatOf(values.format, values.out, ["csv", "xlsx"], "csv");
    if (values.year && values.years) throw new UsageError("give --year or --years, not both");
    if (values.template && values.template !== "2019" && values.template !== "2021") throw new UsageError(`--template must be 2019 or 2021, got "${values.template}"`);
    const filter = {
      regionCode: values.region ?? null,
      includeSubregions: !values["no-subregions"],
      years: values.year ? parseYears("--year", values.year) : values.years ? parseYears("--years", values.years) : null,
      template: (values.template as "2019" | "2021" | undefined) ?? null,
      agencyKinds: kindsOf(values.kind),
      includeAggregates: !values["no-aggregates"],
    };
    return withDatabase(async (ds) => {
      const tmp = values.out ? `${values.out}.${process.pid}.tmp` : null;
      // stdout is never ended (Node keeps it open): the workbook writer ends a pass-through instead.
      const out: Writable = tmp ? fs.createWriteStream(tmp) : new PassThrough();
      if (!tmp) out.pipe(io.stdout as unknown as Writable, { end: false });
      const write = format === "csv" ? writeBulkCsv : writeBulkXlsx;
      let rows: number;
      try {
        rows = await write(ds, filter, out);
        if (!out.writableFinished) await new Promise<void>((resolve, reject) => out.once("error", reject).end(resolve));
        if (tmp) await new Promise<void>((resolve) => (out.closed ? resolve() : out.once("close", () => resolve())));
      } catch (e) {
        out.destroy();
        if (tmp) fs.rmSync(tmp, { force: true });
        throw e;
      }
      if (tmp) fs.renameSync(tmp, values.out!);
      io.stderr.write(`gongkai export: ${rows} reports${values.out ? ` written to ${values.out}` : ""}\n`);
      return 0;
    });
  });
}
