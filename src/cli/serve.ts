/** `gongkai serve`: the GraphQL service over DATABASE_URL (loads demo/reports into an empty database). */
import type { DataSource } from "typeorm";
import { parse } from "./args";
import { Io, write } from "./io";
import { Config, loadConfig } from "../config";
import { openDatabase } from "./database";
import { loadDemo } from "../demo/real-reports";
import { DASHBOARD_PATH } from "../dashboard/serve";
import { startServer } from "../server";

export const SERVE_HELP = `usage: gongkai serve

Starts the GraphQL service (GraphiQL at http://localhost:$PORT/graphql). An empty database gets
the real reports in demo/reports first (GONGKAI_LOAD_DEMO=false to skip). Stops on Ctrl-C.

environment: DATABASE_URL (default sqlite:data/gongkai.sqlite), PORT (4000), GONGKAI_ADMIN_TOKEN, GONGKAI_LOAD_DEMO
`;

export async function serveCommand(argv: string[], io: Io): Promise<number> {
  parse(argv, {});
  const config = loadConfig();
  const ds = await openDatabase(config.db);
  if (config.loadDemo) {
    const count = await ds.query("SELECT COUNT(*) AS n FROM report");
    if (Number(count[0].n) === 0) {
      const results = await loadDemo(ds, { copyThreshold: config.narrativeCopyThreshold, limits: config.importLimits });
      await write(io.stdout, `[gongkai] loaded ${results.filter((r) => r.status !== "rejected").length} real reports (demo/reports) into the empty database\n`);
    }
  }
  return serveWith(ds, config, `database: ${config.db.kind}`, io);
}

/** Serves until SIGINT/SIGTERM; the returned promise never settles (the signal handler ends the process). */
export async function serveWith(ds: DataSource, config: Config, what: string, io: Io): Promise<number> {
  const server = await startServer(ds, config);
  await write(io.stdout, `[gongkai] GraphQL and GraphiQL at ${server.url} (${what})\n`);
  await write(io.stdout, `[gongkai] dashboard at ${server.url.replace(/\/graphql$/, DASHBOARD_PATH)}/\n`);
  const stop = async () => {
    await server.stop();
    await ds.destroy();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return new Promise<number>(() => undefined);
}
