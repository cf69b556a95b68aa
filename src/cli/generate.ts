/** `gongkai generate`: the generated province 示例省 into DATABASE_URL, kept apart from real reports (also used by `demo`). */
import type { DataSource } from "typeorm";
import { parse, UsageError } from "./args";
import { Io, isTty, write } from "./io";
import { loadConfig } from "../config";
import { openDatabase } from "./database";
import { buildProvince, SIZES } from "../demo/generate";
import { loadProvinceOnce } from "../demo/load-province";

export const GENERATE_HELP = `usage: gongkai generate --size tiny|small|10k|100k|1m

Loads a generated province (示例省, region 990000) into DATABASE_URL, for benchmarks. Refuses a
database that holds real reports.
`;

export const SIZE = { size: { type: "string" as const } };

/** Generated data never mixes with real reports: refuse a database that holds any. */
async function assertOnlyGenerated(ds: DataSource, where: string): Promise<void> {
  const real = await ds.query("SELECT COUNT(*) AS n FROM report WHERE parserVersion <> 'generated'");
  if (Number(real[0].n) > 0) throw new UsageError(`${where} holds real reports; generated data goes into a database of its own (set DATABASE_URL)`);
}

export function shapeOf(size: string) {
  const shape = SIZES[size];
  if (!shape) throw new UsageError(`--size must be one of ${Object.keys(SIZES).join(", ")}`);
  return shape;
}

export async function loadGenerated(ds: DataSource, size: string, io: Io): Promise<void> {
  const shape = shapeOf(size);
  await assertOnlyGenerated(ds, "the database");
  const tty = isTty(io.stderr);
  // An interrupted load (no completion marker) is cleared and loaded again; a complete one is kept.
  const { stats } = await loadProvinceOnce(ds, buildProvince(shape), (n) => {
    if (tty) io.stderr.write(`\r[gongkai] generated reports loaded: ${n}`);
  });
  if (!stats) {
    await write(io.stdout, "[gongkai] the database already holds a complete generated province; not loading again\n");
    return;
  }
  if (tty) await write(io.stderr, "\n");
  await write(io.stdout, `[gongkai] generated 示例省 (${size}): ${stats.agencies} agencies, ${stats.reports} reports, ${stats.findings} findings in ${stats.seconds.toFixed(1)} s\n`);
}

export async function generateCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, SIZE);
  if (!values.size) throw new UsageError("generate needs --size");
  shapeOf(String(values.size));
  const ds = await openDatabase(loadConfig().db);
  try {
    await loadGenerated(ds, String(values.size), io);
    return 0;
  } finally {
    await ds.destroy();
  }
}
