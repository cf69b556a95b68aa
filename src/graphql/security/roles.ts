/**
 * Roles and API tokens. A request's role comes from its bearer token: tokens are configured by name
 * and role (GONGKAI_TOKENS, GONGKAI_TOKENS_FILE, GONGKAI_ADMIN_TOKEN) and kept only as SHA-256
 * digests; a presented token is hashed and compared with every digest in constant time, so neither
 * timing nor logs reveal it. The actor (the token's configured name) goes to logs and the audit trail.
 */
import { timingSafeEqual } from "node:crypto";
import { GraphQLError } from "graphql";
import { sha256, type Role, type TokenEntry } from "../../config";

export type { Role };

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export interface Identity {
  role: Role;
  /** The token's configured name, or "anonymous"; never the token. */
  actor: string;
}

export const ANONYMOUS: Identity = { role: "viewer", actor: "anonymous" };

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1] : null;
}

/**
 * The identity a token grants: null for a token that matches no configured one. Every configured
 * digest is compared (no early exit), each in constant time.
 */
export function identify(token: string, tokens: TokenEntry[]): Identity | null {
  const digest = sha256(token);
  let found: TokenEntry | null = null;
  for (const t of tokens) if (timingSafeEqual(digest, t.sha256) && !found) found = t;
  return found ? { role: found.role, actor: found.name } : null;
}

export function hasRole(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

/** Throws UNAUTHENTICATED (no token) or FORBIDDEN (a lower role) unless the request has `role`. */
export function requireRole(ctx: { role: Role; actor: string }, role: Role, what = "This operation"): void {
  if (hasRole(ctx.role, role)) return;
  if (ctx.actor === "anonymous") {
    throw new GraphQLError(`${what} needs a token of role ${role} in the Authorization header (Bearer …)`, { extensions: { code: "UNAUTHENTICATED" } });
  }
  throw new GraphQLError(`${what} needs role ${role}; the token "${ctx.actor}" has role ${ctx.role}`, { extensions: { code: "FORBIDDEN" } });
}
