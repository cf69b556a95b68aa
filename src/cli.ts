/**
 * Command-line entry: an adapter over the same services as the API.
 *   gongkai serve | parse <file>… [--json] | import <files or folders>… | migrate | emit-schema
 */
import "reflect-metadata";
import { isRegionCode } from "./domain/regions";
import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { Config, ConfigError, loadConfig } from "./config";
import { buildProvince, SIZES } from "./demo/generate";
import { loadProvinceOnce } from "./demo/load-province";
import { SummaryLedger } from "./store/summary-ledger";
import { isFindingRule } from "./domain/rule-ids";
import { openDataSource } from "./db/data-source";
import { parseInput, ParseError } from "./ingestion/parse";
import { ImportResult, ImportService } from "./ingestion/import.service";
import { RegionService } from "./modules/region/region.service";
import { loadDemo } from "./demo/real-reports";
import { startServer } from "./server";
import { createSchema } from "./graphql/schema";
import { cmdCorrect } from "./cli/correct";

const USAGE = `usage: gongkai <command> [options]

commands:
  serve                          start the GraphQL service (GraphiQL at http://localhost:$PORT/graphql)
  parse <file>… [--json]         print the canonical report JSON of each file
  import <files or folders>…     import reports (HTML, text, .docx, PDF, or canonical *.json) into DATABASE_URL
                                 [--force: make a held (suspicious) revision current]
  demo [--size small]            serve a generated province (示例省) from its own database file
  generate --size 10k|100k|1m    load a generated province into DATABASE_URL (for benchmarks)
  correct <id> path=value… --reason "…"   correct cells of a stored report (a new revision)
  rebuild-summaries              recompute the statistics summaries from the stored reports
  migrate                        run the database migrations and exit
  emit-schema                    rewrite schema.graphql from the code

options (parse, import): --agency NAME  --region CODE  --year N  --source URL
environment: DATABASE_URL (default sqlite:data/gongkai.sqlite), PORT (4000), GONGKAI_ADMIN_TOKEN, GONGKAI_LOAD_DEMO
`;

export class UsageError extends Error {}

interface Parsed {
  command: string;
  files: string[];
  flags: Record<string, string | boolean>;
}

export function parseArgs(argv: string[]): Parsed {
  const [command = "help", ...rest] = argv;
  const files: string[] = [];
  const flags: Record<string, string | boolean> = {};
  const valued = new Set(["agency", "region", "year", "source", "size"]);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2);
      if (valued.has(name)) {
        const v = inline ?? rest[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        flags[name] = v;
      } else if (["json", "help", "force"].includes(name)) flags[name] = true;
      else throw new UsageError(`unknown option --${name}`);
    } else files.push(a);
  }
  if (flags.year !== undefined && !/^\d{4}$/.test(String(flags.year))) throw new UsageError(`--year must be a four-digit year, got "${flags.year}"`);
  if (flags.region !== undefined && !isRegionCode(String(flags.region))) throw new UsageError(`--region must be a GB/T 2260 code (6 or 12 digits), got "${flags.region}"`);
  return { command, files, flags };
}

function parseOptions(flags: Parsed["flags"]) {
  return {
    agency: (flags.agency as string) ?? null,
    regionCode: (flags.region as string) ?? null,
    year: flags.year ? Number(flags.year) : null,
    source: (flags.source as string) ?? null,
  };
}

const INPUT = /\.(html?|txt|text|md|docx|pdf|json)$/i;

/** Expands folders into the report files below them (sorted, so imports are repeatable). */
export function expandInputs(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UsageError(`${input}: no such file or folder`);
    if (fs.statSync(input).isDirectory()) {
      const walk = (dir: string) => {
        for (const name of fs.readdirSync(dir).sort()) {
          const p = path.join(dir, name);
          if (fs.statSync(p).isDirectory()) walk(p);
          else if (INPUT.test(name) && !name.endsWith(".expected.json") && !/^readme\./i.test(name)) out.push(p);
        }
      };
      walk(input);
    } else out.push(input);
  }
  return out;
}

async function cmdParse(p: Parsed): Promise<number> {
  if (!p.files.length) throw new UsageError("parse needs at least one file");
  const results: unknown[] = [];
  let failed = 0;
  for (const file of p.files) {
    try {
      const { report } = await parseInput(fs.readFileSync(file), { fileName: path.basename(file), ...parseOptions(p.flags) });
      results.push(report);
    } catch (e) {
      failed++;
      process.stderr.write(`gongkai parse: ${e instanceof ParseError ? `${file}: ${e.problem}` : `${file}: ${(e as Error).message}`}\n`);
    }
  }
  if (results.length) process.stdout.write(JSON.stringify(p.files.length === 1 ? results[0] : results, null, 2) + "\n");
  return failed ? 1 : 0;
}

function progress(done: number, total: number, file: string) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${path.basename(file).slice(0, 40).padEnd(40)}`);
  if (done === total) process.stderr.write("\n");
}

export function summaryTable(results: ImportResult[]): string {
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const lines = [
    "status      count",
    "----------  -----",
    ...["imported", "revised", "unchanged", "held", "rejected"].map((s) => `${s.padEnd(10)}  ${String(count(s)).padStart(5)}`),
  ];
  const rejected = results.filter((r) => r.status === "rejected");
  if (rejected.length) lines.push("", "rejected:", ...rejected.map((r) => `  ${r.file}: ${r.reason}`));
  const held = results.filter((r) => r.status === "held");
  if (held.length) lines.push("", "held (stored, not made current; import again with --force to replace the current revision):", ...held.map((r) => `  ${r.file}: ${r.reason}`));
  const findings = results.reduce((n, r) => n + r.diagnostics.filter((d) => isFindingRule(d.rule)).length, 0);
  lines.push("", `findings stored: ${findings}`);
  return lines.join("\n");
}

async function cmdImport(p: Parsed): Promise<number> {
  if (!p.files.length) throw new UsageError("import needs files or folders");
  const files = expandInputs(p.files);
  const config = loadConfig();
  const ds = await openDataSource(config.db);
  try {
    const generated = await ds.query("SELECT COUNT(*) AS n FROM report WHERE parserVersion = 'generated'");
    if (Number(generated[0].n) > 0) throw new UsageError("this database holds generated demo data; import real reports into another (set DATABASE_URL)");
    await new RegionService(ds).seed();
    const service = new ImportService(ds);
    const results: ImportResult[] = [];
    for (const [i, file] of files.entries()) {
      results.push(await service.importContent(fs.readFileSync(file), { fileName: file, ...parseOptions(p.flags), importedBy: process.env.USER ?? "cli", force: p.flags.force === true }));
      progress(i + 1, files.length, file);
    }
    process.stdout.write(summaryTable(results) + "\n");
    return results.some((r) => r.status === "rejected") ? 1 : 0;
  } finally {
    await ds.destroy();
  }
}

/** Generated data never mixes with real reports: refuse a database that holds any. */
async function assertOnlyGenerated(ds: DataSource, where: string): Promise<void> {
  const real = await ds.query("SELECT COUNT(*) AS n FROM report WHERE parserVersion <> 'generated'");
  if (Number(real[0].n) > 0) throw new UsageError(`${where} holds real reports; generated data goes into a database of its own (set DATABASE_URL)`);
}

async function loadGenerated(ds: DataSource, size: string): Promise<void> {
  const shape = SIZES[size];
  if (!shape) throw new UsageError(`--size must be one of ${Object.keys(SIZES).join(", ")}`);
  await assertOnlyGenerated(ds, "the database");
  const { state, stats } = await loadProvinceOnce(ds, buildProvince(shape), (n) => {
    if (process.stderr.isTTY) process.stderr.write(`\r[gongkai] generated reports loaded: ${n}`);
  });
  if (!stats) {
    console.log("[gongkai] the database already holds a complete generated province; not loading again");
    return;
  }
  if (state === "interrupted") console.log("[gongkai] an earlier load was interrupted: its rows were cleared and the province loaded again");
  if (process.stderr.isTTY) process.stderr.write("\n");
  console.log(`[gongkai] generated 示例省 (${size}): ${stats.agencies} agencies, ${stats.reports} reports, ${stats.findings} findings in ${stats.seconds.toFixed(1)} s`);
}

async function cmdDemo(p: Parsed): Promise<number> {
  const env = { ...process.env, GONGKAI_LOAD_DEMO: "false", DATABASE_URL: process.env.DATABASE_URL ?? "sqlite:data/demo-generated.sqlite" };
  const config = loadConfig(env);
  const ds = await openDataSource(config.db);
  await loadGenerated(ds, String(p.flags.size ?? "small"));
  return serveWith(ds, config, "generated demo data (示例省, region 990000)");
}

async function cmdGenerate(p: Parsed): Promise<number> {
  if (!p.flags.size) throw new UsageError("generate needs --size");
  const ds = await openDataSource(loadConfig().db);
  try {
    await loadGenerated(ds, String(p.flags.size));
    return 0;
  } finally {
    await ds.destroy();
  }
}

async function cmdServe(): Promise<number> {
  const config = loadConfig();
  const ds = await openDataSource(config.db);
  if (config.loadDemo) {
    const count = await ds.query("SELECT COUNT(*) AS n FROM report");
    if (Number(count[0].n) === 0) {
      const results = await loadDemo(ds);
      console.log(`[gongkai] loaded ${results.filter((r) => r.status !== "rejected").length} real reports (demo/reports) into the empty database`);
    }
  }
  return serveWith(ds, config, `database: ${config.db.kind}`);
}

async function serveWith(ds: DataSource, config: Config, what: string): Promise<number> {
  const server = await startServer(ds, config);
  console.log(`[gongkai] GraphQL and GraphiQL at ${server.url} (${what})`);
  const stop = async () => {
    await server.stop();
    await ds.destroy();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return new Promise<number>(() => undefined);
}

export async function main(argv: string[]): Promise<number> {
  try {
    if (argv[0] === "correct") return await cmdCorrect(argv.slice(1), { stdout: process.stdout, stderr: process.stderr });
    const p = parseArgs(argv);
    switch (p.command) {
      case "serve": return await cmdServe();
      case "parse": return await cmdParse(p);
      case "import": return await cmdImport(p);
      case "demo": return await cmdDemo(p);
      case "generate": return await cmdGenerate(p);
      case "rebuild-summaries": {
        const ds = await openDataSource(loadConfig().db);
        await ds.transaction((em) => new SummaryLedger(em).rebuild());
        await ds.destroy();
        console.log("statistics summaries rebuilt");
        return 0;
      }
      case "migrate": {
        const ds = await openDataSource(loadConfig().db);
        await ds.destroy();
        console.log("migrations are up to date");
        return 0;
      }
      case "emit-schema":
        await createSchema(true);
        console.log("schema.graphql written");
        return 0;
      case "help": case "--help": case "-h":
        process.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command "${p.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`gongkai: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(e);
    process.exit(1);
  });
}
