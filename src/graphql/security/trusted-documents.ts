/**
 * Trusted documents (persisted queries by SHA-256): in production only operations on the allow-list
 * run. The list is the JSON the dashboard's build writes (`dashboard/trusted-documents.json`:
 * `{ "<sha256 hex of the text>": "<query text>" }`); an array of `{ id | sha256, query }` works too.
 * A client sends the exact text (its hash must be listed) or only the hash, as
 * `extensions.persistedQuery.sha256Hash` (Apollo's format) or `documentId`.
 */
import fs from "node:fs";
import { createHash } from "node:crypto";
import type express from "express";
import { ConfigError } from "../../config";

export type TrustedDocuments = Map<string, string>;

export function loadTrustedDocuments(file: string): TrustedDocuments {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(`GONGKAI_TRUSTED_DOCUMENTS: cannot read ${file} (${why}); build the dashboard (it writes dashboard/trusted-documents.json) or point the setting at an allow-list`);
  }
  const docs: TrustedDocuments = new Map();
  const entries: Array<[string, unknown]> = Array.isArray(raw)
    ? raw.map((d: { id?: string; sha256?: string; query?: unknown }) => [String(d.sha256 ?? d.id ?? ""), d.query])
    : Object.entries(raw as Record<string, unknown>);
  for (const [hash, query] of entries) {
    if (typeof query !== "string") throw new ConfigError(`GONGKAI_TRUSTED_DOCUMENTS: ${file}: the entry ${hash} has no query text`);
    const actual = sha256Hex(query);
    if (hash.toLowerCase() !== actual) throw new ConfigError(`GONGKAI_TRUSTED_DOCUMENTS: ${file}: the entry ${hash} is not the sha256 of its text (${actual})`);
    docs.set(actual, query);
  }
  return docs;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function refuse(res: express.Response, message: string): void {
  res.status(400).json({ errors: [{ message, extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] });
}

/** Express middleware in front of /graphql: lets through listed documents only, by text or by hash. */
export function trustedDocumentsOnly(docs: TrustedDocuments): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST" && req.method !== "GET") return next();
    const body: Record<string, any> | undefined = req.method === "POST" ? req.body : (req.query as Record<string, any>);
    if (!body || typeof body !== "object" || Array.isArray(body)) return refuse(res, "Only trusted documents are accepted: send one operation");
    let extensions = body.extensions;
    if (typeof extensions === "string") {
      try {
        extensions = JSON.parse(extensions);
      } catch {
        extensions = undefined;
      }
    }
    const hash: unknown = body.documentId ?? extensions?.persistedQuery?.sha256Hash;
    if (typeof body.query === "string") {
      if (!docs.has(sha256Hex(body.query))) return refuse(res, "Only trusted documents are accepted on this server; this query is not on the allow-list");
      return next();
    }
    if (typeof hash === "string" && docs.has(hash.toLowerCase())) {
      if (req.method !== "POST") return refuse(res, "Send a persisted query by its hash with POST, or send its text");
      body.query = docs.get(hash.toLowerCase());
      if (extensions && typeof extensions === "object") {
        delete extensions.persistedQuery;
        body.extensions = extensions;
      }
      delete body.documentId;
      return next();
    }
    return refuse(res, "Only trusted documents are accepted on this server; unknown document id");
  };
}
