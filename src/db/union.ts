/**
 * UNION ALL of statements that each carry their own ORDER BY … LIMIT (index ranges, one lookup each),
 * spelled as each dialect wants it: MySQL/MariaDB take the members in parentheses (one temporary
 * table, not one per member); SQLite wants each member as a subquery. Rows keep the members' column
 * names, so an outer ORDER BY uses them unqualified.
 */
export function unionOfOrdered(sqlite: boolean, members: readonly string[], outer = ""): string {
  if (!members.length) throw new Error("unionOfOrdered: no members");
  const tail = outer ? ` ${outer}` : "";
  // One member: a plain derived table (a lone parenthesised member needs MySQL 8.0.22+).
  if (sqlite || members.length === 1) return `SELECT * FROM (${members.map((m, i) => `SELECT * FROM (${m}) t${i}`).join(" UNION ALL ")}) u${tail}`;
  return `${members.map((m) => `(${m})`).join(" UNION ALL ")}${tail}`;
}

/** Whether a DataSource or EntityManager speaks SQLite. */
export function speaksSqlite(dsOrEm: object): boolean {
  const type = driverType(dsOrEm);
  return type === "better-sqlite3" || type === "sqlite";
}

/** Whether a DataSource or EntityManager (or anything carrying its `connection`) speaks MySQL/MariaDB. */
export function speaksMysql(dsOrEm: object): boolean {
  const type = driverType(dsOrEm);
  return type === "mysql" || type === "mariadb";
}

function driverType(dsOrEm: object): string | undefined {
  const e = dsOrEm as { connection?: { options?: { type?: string } }; options?: { type?: string } };
  return e.connection?.options?.type ?? e.options?.type;
}
