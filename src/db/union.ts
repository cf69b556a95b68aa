/**
 * UNION ALL of statements that each carry their own ORDER BY … LIMIT (index ranges, one lookup each),
 * spelled as each dialect wants it: MySQL/MariaDB take the members in parentheses (one temporary
 * table, not one per member); SQLite wants each member as a subquery. Rows keep the members' column
 * names, so an outer ORDER BY uses them unqualified.
 */
export function unionOfOrdered(sqlite: boolean, members: readonly string[], outer = ""): string {
  return sqlite
    ? `SELECT * FROM (${members.map((m, i) => `SELECT * FROM (${m}) t${i}`).join(" UNION ALL ")}) u${outer ? ` ${outer}` : ""}`
    : `${members.map((m) => `(${m})`).join(" UNION ALL ")}${outer ? ` ${outer}` : ""}`;
}

/** Whether a DataSource or EntityManager speaks SQLite. */
export function speaksSqlite(dsOrEm: object): boolean {
  const e = dsOrEm as { connection?: { options?: { type?: string } }; options?: { type?: string } };
  const type = e.connection?.options?.type ?? e.options?.type;
  return type === "better-sqlite3" || type === "sqlite";
}
