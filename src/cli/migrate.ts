/** `gongkai migrate`. */
import { parse } from "./args";
import { Io, write } from "./io";
import { loadConfig } from "../config";
import { openDatabase } from "./database";

export const MIGRATE_HELP = `usage: gongkai migrate

Runs the database migrations on DATABASE_URL and exits.
`;

export async function migrateCommand(argv: string[], io: Io): Promise<number> {
  parse(argv, {});
  const ds = await openDatabase(loadConfig().db);
  await ds.destroy();
  await write(io.stdout, "migrations are up to date\n");
  return 0;
}
