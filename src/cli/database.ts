import type { DataSource } from "typeorm";
import { CliError } from "./args";
import { DbConfig } from "../config";
import { openDataSource } from "../db/data-source";

/** Opens DATABASE_URL for a command; a database that cannot be reached is one line naming it, not a stack trace. */
export async function openDatabase(db: DbConfig, extras: { migrationsRun?: boolean } = {}): Promise<DataSource> {
  try {
    return await openDataSource(db, extras);
  } catch (e) {
    const where = db.kind === "sqlite" ? db.location : db.location.replace(/\/\/[^@/]*@/, "//…@");
    throw new CliError(`cannot open the database ${where}: ${String((e as Error).message).split("\n")[0]}`);
  }
}
