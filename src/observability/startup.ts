/**
 * Start-up failures an operator can fix, as one line instead of a stack trace: the port is taken,
 * the database refuses the password, the database host is unreachable.
 */
export class StartupError extends Error {}

/** One line for a failure an operator can fix, or null for a bug (print the stack). */
export function startupMessage(e: unknown): string | null {
  if (e instanceof StartupError) return e.message;
  const err = e as { code?: string; errno?: number; message?: string; address?: string; port?: number; hostname?: string } | null;
  const code = err?.code;
  if (typeof code === "string" && /^ER_(DB)?ACCESS_DENIED/.test(code)) return `the database refused the user or password in DATABASE_URL (${code})`;
  switch (code) {
    case "ER_BAD_DB_ERROR":
      return `the database named in DATABASE_URL does not exist (${code}); create it first`;
    case "ECONNREFUSED":
      return `cannot connect to the database at ${err?.address ?? "?"}:${err?.port ?? "?"} (connection refused); is it running?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the database host ${err?.hostname ?? ""} in DATABASE_URL (${code})`;
    case "ETIMEDOUT":
      return "the database did not answer in time (ETIMEDOUT); check DATABASE_URL and the network";
    case "SQLITE_CANTOPEN":
      return `cannot open the SQLite file in DATABASE_URL (${code}); does its folder exist and is it writable?`;
    case "EADDRINUSE":
      return `the port is already in use (${code}); stop the other process or set PORT`;
    default:
      return null;
  }
}
