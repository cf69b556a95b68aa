/**
 * A report page fetched from its address, for the CLI only (the API never fetches user-given URLs).
 * Node's fetch (undici) with explicit limits: http and https only (redirect targets included), a
 * time limit for the whole exchange, a size limit on the bytes received (checked against
 * Content-Length first, then while reading), and a redirect limit with loop detection.
 */
import path from "node:path";

export interface FetchLimits {
  /** The whole fetch, redirects and body included. */
  timeoutMs: number;
  /** Bytes of body (after content decoding). */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, maxRedirects: 5 };

export class FetchError extends Error {}

export interface Fetched {
  /** The address as given. */
  url: string;
  /** Where the page was found, after redirects. */
  finalUrl: string;
  content: Buffer;
  /** Media type without parameters (`text/html`), or null when the server sent none. */
  contentType: string | null;
  /** The last path segment, for the decoder's extension check and the stored file name. */
  fileName: string;
}

/** Anything written `scheme://…`, or `scheme:` that is not an existing file: treated as an address, not a path. */
export function looksLikeUrl(arg: string): boolean {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(arg) || /^(?:data|javascript|mailto|file|about|blob):/i.test(arg);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function fileNameOf(url: URL): string {
  let last = url.pathname.split("/").pop() ?? "";
  try {
    last = decodeURIComponent(last);
  } catch {
    // keep the escaped form
  }
  return path.basename(last) || url.hostname;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MB` : `${bytes} bytes`;
}

async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchError(`larger than the limit of ${mb(maxBytes)}`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, size);
}

export async function fetchUrl(address: string, limits: FetchLimits = DEFAULT_FETCH_LIMITS, userAgent = "gongkai"): Promise<Fetched> {
  let current: URL;
  try {
    current = new URL(address);
  } catch {
    throw new FetchError("not a valid URL");
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const seen = new Set<string>();
  try {
    for (let hop = 0; ; hop++) {
      if (current.protocol !== "http:" && current.protocol !== "https:") {
        throw new FetchError(`only http and https addresses can be fetched, not ${current.protocol}${hop ? ` (redirected to ${current.href})` : ""}`);
      }
      seen.add(current.href);
      const res = await fetch(current, {
        redirect: "manual",
        signal: controller.signal,
        headers: { "user-agent": userAgent, accept: "text/html,application/xhtml+xml,application/pdf,application/json,text/plain;q=0.9,*/*;q=0.8" },
      });
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get("location");
        if (!location) throw new FetchError(`HTTP ${res.status} redirect without a Location`);
        const next = new URL(location, current);
        if (seen.has(next.href)) throw new FetchError(`redirect loop (${current.href} → ${next.href})`);
        if (hop >= limits.maxRedirects) throw new FetchError(`more than ${limits.maxRedirects} redirects`);
        current = next;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new FetchError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
      }
      const declared = Number(res.headers.get("content-length") ?? NaN);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw new FetchError(`larger than the limit of ${mb(limits.maxBytes)} (Content-Length ${declared})`);
      }
      const content = res.body ? await readLimited(res.body, limits.maxBytes) : Buffer.alloc(0);
      const type = res.headers.get("content-type");
      return {
        url: address,
        finalUrl: current.href,
        content,
        contentType: type ? type.split(";")[0].trim().toLowerCase() || null : null,
        fileName: fileNameOf(current),
      };
    }
  } catch (e) {
    if (e instanceof FetchError) throw e;
    if (controller.signal.aborted) throw new FetchError(`no complete answer within ${limits.timeoutMs / 1000} s`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchError(`could not be fetched (${cause?.code ?? cause?.message ?? (e as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
}
