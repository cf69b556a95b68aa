/**
 * Structured logs (pino, one JSON line per event on stderr). Authorization headers and anything
 * named like a token are redacted; errors are logged by class, code and a bounded message, never a
 * stack of SQL.
 */
import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(level: "silent" | "info" | string = "info", destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "gongkai" },
      redact: { paths: ["token", "*.token", "authorization", "*.authorization", "headers.authorization", "req.headers.authorization"], censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination(2),
  );
}

const MAX_MESSAGE = 300;

/**
 * What may be logged of an error: its class, driver code and the first line of its message, with
 * an SQL statement (TypeORM's QueryFailedError carries the query and its parameters) left out.
 */
export function describeError(e: unknown): { type: string; code?: string; message: string } {
  const err = e as { name?: string; code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  const type = err?.name ?? typeof e;
  const code = err?.driverError?.code ?? err?.code;
  let message = String(err?.message ?? e).split("\n")[0];
  message = message.replace(/\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*/i, "$1 …");
  if (message.length > MAX_MESSAGE) message = message.slice(0, MAX_MESSAGE) + "…";
  return { type, ...(code != null ? { code: String(code) } : {}), message };
}
