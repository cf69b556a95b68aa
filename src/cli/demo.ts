/** `gongkai demo`: serves the generated province from a database file of its own. */
import { parse } from "./args";
import { Io } from "./io";
import { loadGenerated, shapeOf, SIZE } from "./generate";
import { serveWith } from "./serve";
import { loadConfig } from "../config";
import { openDatabase } from "./database";

export const DEMO_HELP = `usage: gongkai demo [--size tiny|small|10k|100k|1m]

Serves a generated province (示例省, region 990000) from its own database file
(DATABASE_URL, default sqlite:data/demo-generated.sqlite); --size defaults to small.
`;

export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, SIZE);
  const size = String(values.size ?? "small");
  shapeOf(size);
  const config = loadConfig({ ...process.env, GONGKAI_LOAD_DEMO: "false", DATABASE_URL: process.env.DATABASE_URL ?? "sqlite:data/demo-generated.sqlite" });
  const ds = await openDatabase(config.db);
  await loadGenerated(ds, size, io);
  return serveWith(ds, config, "generated demo data (示例省, region 990000)", io);
}
