/**
 * The GraphQL client: every request is one of the named documents of queries/*.graphql, sent as
 * its exact text (whose sha256 is in trusted-documents.json) with its operation name.
 */
import { useEffect, useState } from "preact/hooks";
import { assemble, baseName } from "./queries/documents";

const raw = import.meta.glob<string>("./queries/*.graphql", { query: "?raw", import: "default", eager: true });
export const DOCUMENTS = assemble(Object.fromEntries(Object.entries(raw).map(([p, text]) => [baseName(p), text])));
export type DocumentName = keyof typeof DOCUMENTS & string;

export class ApiError extends Error {}

/** `token`: an API token sent as `Authorization: Bearer …` (the correction form's editor token). */
export async function request<T>(name: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const query = DOCUMENTS[name];
  if (!query) throw new ApiError(`未知查询 ${name}`);
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify({ operationName: name, query, variables }),
  });
  let body: { data?: T; errors?: Array<{ message: string }> };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`服务器返回了无法解析的响应（HTTP ${res.status}）`);
  }
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join("；"));
  if (!res.ok || !body.data) throw new ApiError(`请求失败（HTTP ${res.status}）`);
  return body.data;
}

/**
 * First paint first: a view's main request goes out at once; secondary ones (the region tree, lists
 * and checks shown below the figures) wait until no main request is in flight — the server answers
 * one request at a time per core, so they would otherwise delay the figures. A secondary request
 * never waits longer than SECONDARY_WAIT_MS.
 */
let primaryInFlight = 0;
let idleWaiters: Array<() => void> = [];
const SECONDARY_WAIT_MS = 3000;

function primaryStarted(): void {
  primaryInFlight++;
}

function primaryEnded(): void {
  primaryInFlight = Math.max(0, primaryInFlight - 1);
  if (primaryInFlight) return;
  // Let the view render and paint its answer before the secondary requests go out (and their
  // answers take the main thread).
  const release = () => {
    if (primaryInFlight) return;
    const waiting = idleWaiters;
    idleWaiters = [];
    waiting.forEach((w) => w());
  };
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(release, 0));
  else setTimeout(release, 0);
}

/** Resolves when no main request is in flight (at once when none is). */
export function afterPrimary(): Promise<void> {
  if (!primaryInFlight) return Promise.resolve();
  return new Promise((resolve) => {
    idleWaiters.push(resolve);
    setTimeout(resolve, SECONDARY_WAIT_MS);
  });
}

export interface QueryState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Runs a document when its variables change (not at all while `skip`); the latest answer wins.
 * `secondary`: data shown below the view's main figures, requested after them (see afterPrimary).
 */
export function useQuery<T>(name: string, variables: Record<string, unknown>, skip = false, secondary = false): QueryState<T> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<QueryState<T>>({ data: null, error: null, loading: !skip });
  useEffect(() => {
    if (skip) return;
    let live = true;
    setState((s) => ({ data: s.data, error: null, loading: true }));
    const run = () => {
      if (!live) return;
      if (!secondary) primaryStarted();
      void request<T>(name, variables).then(
        (data) => live && setState({ data, error: null, loading: false }),
        (e: Error) => live && setState({ data: null, error: e.message, loading: false }),
      ).finally(() => !secondary && primaryEnded());
    };
    if (secondary) void afterPrimary().then(run);
    else run();
    return () => {
      live = false;
    };
  }, [name, key, skip]);
  return state;
}

/** Results shared by every view of one page load (the region tree). */
const shared = new Map<string, Promise<unknown>>();
export function requestOnce<T>(name: string, secondary = false): Promise<T> {
  if (!shared.has(name)) {
    const go = () => request<T>(name).catch((e) => { shared.delete(name); throw e; });
    shared.set(name, secondary ? afterPrimary().then(go) : go());
  }
  return shared.get(name) as Promise<T>;
}
