/** `gongkai migrate`. */
import { parse } from "./args";
import { Io, write } from "./io";
import { loadConfig } from "../config";
import { openDatabase } from "./database";

export const MIGRATE_HELP = `usage: gongkai migrate

Runs the database migrations on DATABASE_URL that have not run yet, names them, and exits.
`;

export async function migrateCommand(argv: string[], io: Io): Promise<number> {
  parse(argv, {});
  const ds = await openDatabase(loadConfig().db, { migrationsRun: false });
  try {
    const started = Date.now();
    const ran = await ds.runMigrations({ transaction: "each" });
    const took = ((Date.now() - started) / 1000).toFixed(1);
    await write(io.stdout, ran.length
      ? `ran ${ran.length} migration${ran.length === 1 ? "" : "s"} in ${took} s: ${ran.map((m) => m.name).join(", ")}\n`
      : "migrations are up to date\n");
  } finally {
    await ds.destroy();
  }
  return 0;
}
