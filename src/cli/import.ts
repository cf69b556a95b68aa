/** `gongkai import`: files, folders and http(s) addresses into DATABASE_URL, one summary row per input. */
import path from "node:path";
import { parse, REPORT_OPTIONS, UsageError } from "./args";
import { Io, isTty, write } from "./io";
import { reason, reportInputs } from "./report-inputs";
import { loadConfig } from "../config";
import { isFindingRule } from "../domain/rule-ids";
import { openDatabase } from "./database";
import { usePageCache } from "../db/data-source";
import { ImportResult, ImportService, isCanonicalJson, ReadReport } from "../ingestion/import.service";
import { RegionService } from "../modules/region/region.service";
import { inOrder, ReaderPool } from "../ingestion/pool";
import { stopSandboxes } from "../ingestion/sandbox";
import type { Input, Loaded } from "./inputs";
import type { CanonicalReport } from "../domain/report-json";
import { agencyNameForm } from "../store/keys";
import { hasAliases } from "../store/agency-writer";
import { OpenTransaction, TransactionLost } from "../store/open-transaction";
import { GroupPace } from "../ingestion/group-pace";

export const IMPORT_HELP = `usage: gongkai import <files, folders or http(s) addresses>… [options]

Imports reports (HTML, text, .docx, PDF, or canonical *.json) into DATABASE_URL. Folders are read
recursively; *.meta.json and *.expected.json beside the reports are not reports. <name>.meta.json
beside a file gives its agency, year, regionCode, source and publishedAt; the flags override it.
An address (http or https only) is fetched with a time, size and redirect limit and kept as the
report's source. A file that fails is one rejected row; the import goes on with the others. Up to 200
reports (GONGKAI_IMPORT_GROUP) are stored in one transaction, fewer when a second has passed since
the last commit or, once the pace is known, when they would take about a second to store; their
rows are shown once it commits.

options:
  --agency NAME  --year N  --region CODE  --source URL  --published YYYY-MM-DD
  --force              make a held (suspicious) revision current anyway
  --jsonl              one JSON object per input on stdout, as each is stored, instead of the table
  -j, --jobs N         read N files at once, each in its own bounded reader process (memory, time and
                       size limits as for the API: GONGKAI_IMPORT_TIME_MS, GONGKAI_IMPORT_MEMORY_MB);
                       reports are still stored one by one in input order, so the database ends up
                       the same as with --jobs 1 (default 1)
  --timeout SECONDS    time limit for fetching an address (default 30)
  --max-mb N           size limit for a fetched page (default 50)
  -h, --help           this text

environment: DATABASE_URL (default sqlite:data/gongkai.sqlite); on SQLite the writer's page cache is
GONGKAI_IMPORT_CACHE_MB (in MB, 1–16384, default 256)
exit codes: 0 every input imported (or unchanged), 1 some input rejected, 2 usage error
`;

async function progress(io: Io, done: number, total: number, file: string): Promise<void> {
  if (!isTty(io.stderr)) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  await write(io.stderr, `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${path.basename(file).slice(0, 40).padEnd(40)}`);
  if (done === total) await write(io.stderr, "\n");
}

/** Whether `p` settles within `ms` (it goes on either way). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = p.then(() => true, () => true);
  try {
    return await Promise.race([settled, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  } finally {
    clearTimeout(timer);
  }
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
  lines.push("", `findings stored: ${findingCount(results)}`);
  return lines.join("\n");
}

function findingCount(results: ImportResult[]): number {
  return results.reduce((n, r) => n + (r.status === "rejected" ? 0 : r.diagnostics.filter((d) => isFindingRule(d.rule)).length), 0);
}

/** One --jsonl row: what a script needs to follow up, not the whole report. */
function row(r: ImportResult): Record<string, unknown> {
  if (r.status === "rejected") return { file: r.file, status: r.status, error: r.reason };
  return {
    file: r.file, status: r.status, reportId: r.report?.id ?? null, agency: r.canonical?.agency ?? null, year: r.canonical?.year ?? null,
    format: r.canonical?.format ?? null, findings: r.diagnostics.filter((d) => isFindingRule(d.rule)).length,
  };
}

/** --jobs: how many files are read at once (1 = in this process, one after the other). */
export function jobsFrom(value: string | boolean | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (typeof value !== "string" || !/^\d+$/.test(value) || n < 1 || n > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64, got "${String(value)}"`);
  return n;
}

/** The contents of the files read but not yet stored, at most (a batch is stored when they reach it). */
const PENDING_BYTES = 32 * 1024 * 1024;

/** The contents of the files loaded ahead of the one being read, at most (more wait to be loaded). */
const READ_AHEAD_BYTES = 32 * 1024 * 1024;

type Prepared = { input: Input; loaded: Loaded; parse?: ReturnType<ReaderPool["prefetch"]> } | { input: Input; error: unknown };

export async function importCommand(argv: string[], io: Io): Promise<number> {
  const args = parse(argv, { ...REPORT_OPTIONS, jobs: { type: "string", short: "j" } }, { positionals: true });
  const jobs = jobsFrom(args.values.jobs);
  const { inputs, load } = await reportInputs("import", args, io);
  const jsonl = args.values.jsonl === true;
  const config = loadConfig();
  const ds = await openDatabase(config.db);
  try {
    await usePageCache(ds, config.importCacheMb);
    const generated = await ds.query("SELECT COUNT(*) AS n FROM report WHERE parserVersion = 'generated'");
    if (Number(generated[0].n) > 0) throw new UsageError("this database holds generated demo data; import real reports into another (set DATABASE_URL)");
    await new RegionService(ds).seed();
    const service = new ImportService(ds);
    const results: ImportResult[] = [];
    // With --jobs N, the next files are loaded and read ahead by the pool's readers; storing stays in input order.
    const pool = jobs > 1 ? new ReaderPool(jobs, config.importLimits) : null;
    const prepare = async (input: Input): Promise<Prepared> => {
      try {
        const loaded = await load(input);
        return { input, loaded, ...(pool && !isCanonicalJson(loaded.options) ? { parse: pool.prefetch(loaded.content, loaded.options) } : {}) };
      } catch (error) {
        return { input, error };
      }
    };
    let i = 0;
    const report = async (result: ImportResult) => {
      results.push(result);
      if (jsonl) await write(io.stdout, JSON.stringify(row(result)) + "\n");
      await progress(io, ++i, inputs.length, result.file);
    };
    // Several reports per transaction (store/batch-writer.ts): the files read so far wait, in input
    // order, until the group is full (see `pace` below) or a second has passed, then are stored
    // together, committed and shown. A file that needs the stored reports to be read (evidence for an
    // ambiguous cell) has the waiting ones stored first when one of them may be the same agency's
    // (beforeEvidence). On SQLite that store stays inside one open transaction (store/open-transaction.ts)
    // until the group is full; on MariaDB/MySQL it commits.
    const storeOptions = { copyThreshold: config.narrativeCopyThreshold, force: args.values.force === true };
    const batchSize = inputs.length > 1 ? config.importGroupReports : 1;
    const group = batchSize > 1 ? OpenTransaction.for(ds) : null;
    /** Read, not yet stored. */
    let pending: Array<ReadReport | ImportResult> = [];
    /** Stored in the open transaction, not yet committed nor shown (SQLite). */
    let uncommitted: Array<{ batch: Array<ReadReport | ImportResult>; stored: ImportResult[] }> = [];
    let groupCount = 0;
    let groupBytes = 0;
    let since = Date.now();
    // A group holds up to GONGKAI_IMPORT_GROUP reports, and once the pace is known about a second of
    // storing at it (ingestion/group-pace.ts): how long its transaction holds the locks. Measured per
    // group: its stores and, on SQLite, its COMMIT (where the pages are written), not the wait for the lock.
    const pace = new GroupPace(batchSize);
    let groupReads = 0;
    let groupMs = 0;
    const store = async () => {
      const batch = pending;
      pending = [];
      const reads = batch.filter((b): b is ReadReport => !("status" in b));
      if (reads.length) await group?.begin();
      const started = Date.now();
      uncommitted.push({ batch, stored: reads.length ? await service.store(reads, storeOptions) : [] });
      groupReads += reads.length;
      groupMs += Date.now() - started;
      group?.check();
    };
    const commit = async () => {
      await store();
      if (group) {
        const started = Date.now();
        try {
          await group.commit();
          pace.record(groupReads, groupMs + Date.now() - started);
        } catch (e) {
          if (e instanceof TransactionLost) throw e;
          // Nothing of the group is stored: each of its reports again in its own transaction, in order.
          console.error(`[gongkai] a group of ${groupCount} reports could not be committed (${(e as Error).message}); storing them one by one`);
          await group.rollback().catch(() => undefined);
          for (const u of uncommitted) {
            const reads = u.batch.filter((b): b is ReadReport => !("status" in b));
            u.stored = [];
            for (const r of reads) u.stored.push(...(await service.store([r], storeOptions)));
          }
        }
      }
      if (!group) pace.record(groupReads, groupMs);
      groupReads = 0;
      groupMs = 0;
      const done = uncommitted;
      uncommitted = [];
      groupCount = 0;
      groupBytes = 0;
      since = Date.now();
      for (const u of done) {
        let k = 0;
        for (const b of u.batch) await report("status" in b ? b : u.stored[k++]);
      }
    };
    // Evidence is the same agency's stored reports (store/stored-evidence.ts). A waiting report can
    // change them only when it is stored on that agency: when its name is the same in the agency
    // key's normal form (compared on the first 200 characters: the key keeps at least 217), or when
    // some agency is known by a former name (store/agency-writer.ts hasAliases; an import never
    // makes one). Otherwise the waiting reports stay waiting: storing them first would read the same.
    const aliases = await hasAliases(ds);
    const form = (name: string | null) => (name ? agencyNameForm(name).slice(0, 200) : null);
    const beforeEvidence = async (first: CanonicalReport) => {
      const own = form(first.agency);
      const same = aliases || own === null || pending.some((b) => {
        if ("status" in b) return false;
        const theirs = form(b.canonical.agency);
        return theirs === null || theirs === own;
      });
      if (same && pending.length) {
        if (group) await store();
        else await commit();
      }
    };
    const read = async (p: Prepared): Promise<ReadReport | ImportResult> => {
      try {
        if ("error" in p) throw p.error;
        const { content, options } = p.loaded;
        return await service.read(content, { ...options, importedBy: process.env.USER ?? "cli", ...(p.parse ? { parse: p.parse } : {}) }, beforeEvidence);
      } catch (e) {
        return { file: p.input.name, status: "rejected", reason: reason(e), diagnostics: [] };
      }
    };
    // The readers read the next group while this one is stored: up to a group and `jobs × 4` files
    // ahead (with only `jobs × 4`, they sat idle through most of each store), with under 32 MB of
    // loaded files waiting (plus the last one loaded) and `jobs × 4` being loaded (fetched) at once.
    // The reports read from them are not weighed: at most a group and `jobs × 4` of them.
    const ahead = pool ? Math.max(jobs * 4, batchSize + jobs * 4) : 0;
    const files = inOrder(inputs, ahead, prepare, { weigh: (p) => ("loaded" in p ? p.loaded.content.length : 0), budget: READ_AHEAD_BYTES, concurrency: Math.max(1, jobs * 4) });
    try {
      for (;;) {
        const next = files.next();
        // The open transaction holds SQLite's write lock: a group waiting on a slow input (an address
        // being fetched) commits first, so that other writers wait for at most a second's storing.
        if (group?.isOpen && !(await settlesWithin(next, 50))) await commit();
        const { value: p, done } = await next;
        if (done) break;
        const r = await read(p);
        // Rows name the input as given (an address, not the fetched page's file name).
        pending.push({ ...r, file: p.input.name });
        groupCount++;
        // The group's files' contents are held in memory until committed: at most 32 MB of them.
        if (!("status" in r)) groupBytes += typeof r.source.content === "string" ? r.source.content.length * 2 : r.source.content.length;
        if (groupCount >= pace.limit() || groupBytes >= PENDING_BYTES || Date.now() - since >= 1000) await commit();
      }
      await commit();
    } finally {
      // Stopped by a failure: no more files are loaded, fetched or handed to readers.
      files.return(undefined).catch(() => undefined);
    }
    if (!jsonl) await write(io.stdout, summaryTable(results) + "\n");
    return results.some((r) => r.status === "rejected") ? 1 : 0;
  } finally {
    if (jobs > 1) stopSandboxes();
    await ds.destroy();
  }
}
