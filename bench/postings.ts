/**
 * npm run bench:postings — what storing the narrative search index costs per posting, and what the
 * order of the rows does to it. The postings are those the import writes (store/narrative-index.ts:
 * each section's distinct bigrams with their BM25 weight and the report's filter columns) for
 * `--reports` reports whose narratives are drawn from the shipped real reports' sentences
 * (bench/narrative-text.ts). Each variant inserts all of them into an empty copy of narrative_token
 * (same columns, primary key and (reportId, term) index) through the import's own insertRows, one
 * transaction per `--group` reports (the import's group), and the variants take turns round after
 * round, so each ratio is measured side by side:
 *
 *   as generated — each report's postings in section and bigram order (the order before this bench);
 *   sorted       — the group's postings in primary-key order (what store/narrative-index.ts does now).
 *
 *   npm run bench:postings -- --db sqlite,mariadb://gongkai:gongkai@127.0.0.1:3306/gongkai_bench --reports 3000 --rounds 3
 *
 * A MariaDB/MySQL run creates and drops the table `postings_bench` in the given database.
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { DbConfig, parseDatabaseUrl } from "../src/config";
import { openDataSource } from "../src/db/data-source";
import { prng } from "../src/demo/generate";
import { narrativeIndexRows } from "../src/domain/narrative";
import { sectionPostings } from "../src/domain/narrative-rank";
import type { NarrativeTokenRow } from "../src/modules/narratives/narrative-token.entity";
import { projectRoot } from "../src/shared/paths";
import { byPostingKey } from "../src/store/narrative-index";
import { insertRows } from "../src/store/sql";
import { narrativeFor, sentencePool } from "./narrative-text";
import { writeResults } from "./results-file";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const KINDS = ["county", "department", "township"];

/** The postings of `n` reports, report by report, as indexNarratives builds them before it sorts. */
async function postingsOf(n: number): Promise<NarrativeTokenRow[][]> {
  const pool = await sentencePool();
  const random = prng(7);
  const out: NarrativeTokenRow[][] = [];
  for (let id = 1; id <= n; id++) {
    const year = 2015 + (id % 10);
    const regionCode = `3501${String(id % 30).padStart(2, "0")}`;
    const rows: NarrativeTokenRow[] = [];
    for (const s of narrativeIndexRows(narrativeFor(pool, random, `示例机关${id}`, year)).sections) {
      for (const p of sectionPostings(s.body)) {
        rows.push({ term: p.term, weight: p.weight, reportId: id, section: s.section, year, kind: s.kind, regionCode, agencyKind: KINDS[id % KINDS.length] });
      }
    }
    out.push(rows);
  }
  return out;
}

const TABLE = "postings_bench";

async function freshTable(ds: DataSource): Promise<void> {
  await ds.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await ds.query(`CREATE TABLE ${TABLE} (term BIGINT NOT NULL, weight INTEGER NOT NULL, reportId INTEGER NOT NULL, section INTEGER NOT NULL,
    year INTEGER NOT NULL, kind VARCHAR(12) NOT NULL, regionCode VARCHAR(12) NULL, agencyKind VARCHAR(20) NOT NULL,
    PRIMARY KEY (term, weight, reportId, section))`);
  await ds.query(`CREATE INDEX ${TABLE}_report ON ${TABLE} (reportId, term)`);
}

/** Inserts every report's postings, `group` reports per transaction; returns milliseconds. */
async function insertAll(ds: DataSource, reports: NarrativeTokenRow[][], group: number, sorted: boolean): Promise<number> {
  await freshTable(ds);
  const start = process.hrtime.bigint();
  for (let i = 0; i < reports.length; i += group) {
    const rows = reports.slice(i, i + group).flat();
    if (sorted) rows.sort(byPostingKey);
    await ds.transaction((em) => insertRows(em, TABLE, rows));
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function open(db: string): Promise<{ ds: DataSource; label: string }> {
  if (db === "sqlite") {
    const file = path.join(projectRoot(), "bench", "data", "postings.sqlite");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    const cfg: DbConfig = { kind: "sqlite", location: file };
    return { ds: await openDataSource(cfg, { migrationsRun: false }), label: "sqlite" };
  }
  const ds = await openDataSource(parseDatabaseUrl(db), { migrationsRun: false });
  const version = String((await ds.query("SELECT VERSION() AS v"))[0].v);
  return { ds, label: /mariadb/i.test(version) ? `mariadb ${version.split("-")[0]}` : `mysql ${version}` };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const dbs = arg("db", "sqlite").split(",");
  const n = Number(arg("reports", "3000"));
  const group = Number(arg("group", "40"));
  const rounds = Number(arg("rounds", "3"));
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(group) || group < 1 || !Number.isInteger(rounds) || rounds < 1) {
    throw new Error("--reports, --group and --rounds must be whole numbers ≥ 1");
  }
  const reports = await postingsOf(n);
  const total = reports.reduce((s, r) => s + r.length, 0);
  process.stderr.write(`${n} reports, ${total} postings (${(total / n).toFixed(0)} a report)\n`);
  const lines = [
    `# Narrative postings: cost of a stored row — ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; load average at start ${os.loadavg()[0].toFixed(1)}.`,
    "",
    `Input: the postings of ${n.toLocaleString("en-US")} reports (${total.toLocaleString("en-US")} rows, ${(total / n).toFixed(0)} a report; narratives drawn from the shipped real reports' sentences),`,
    `inserted into an empty copy of narrative_token through store/sql.ts insertRows, ${group} reports per transaction. Variants take turns, ${rounds} rounds; medians.`,
    "",
    "| database | variant | ms (median) | µs a posting | ÷ as generated | each round, ms |",
    "|---|---|---:|---:|---:|---|",
  ];
  for (const db of dbs) {
    const { ds, label } = await open(db);
    try {
      const times: Record<string, number[]> = { "as generated": [], sorted: [] };
      for (let r = 0; r < rounds; r++) {
        for (const variant of Object.keys(times)) {
          const ms = await insertAll(ds, reports, group, variant === "sorted");
          times[variant].push(ms);
          process.stderr.write(`  ${label}, round ${r + 1}, ${variant}: ${ms.toFixed(0)} ms\n`);
        }
      }
      await ds.query(`DROP TABLE IF EXISTS ${TABLE}`);
      const base = median(times["as generated"]);
      for (const [variant, xs] of Object.entries(times)) {
        const m = median(xs);
        lines.push(`| ${label} | ${variant} | ${m.toFixed(0)} | ${((m * 1000) / total).toFixed(2)} | ${(m / base).toFixed(2)} | ${xs.map((x) => x.toFixed(0)).join(", ")} |`);
      }
    } finally {
      await ds.destroy();
    }
  }
  const file = writeResults(path.join(projectRoot(), "bench", "results", `${new Date().toISOString().slice(0, 10)}-postings.md`), lines.join("\n") + "\n");
  process.stdout.write(lines.join("\n") + `\n\nwritten to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
