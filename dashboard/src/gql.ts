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

export interface QueryState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** Runs a document when its variables change (not at all while `skip`); the latest answer wins. */
export function useQuery<T>(name: string, variables: Record<string, unknown>, skip = false): QueryState<T> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<QueryState<T>>({ data: null, error: null, loading: !skip });
  useEffect(() => {
    if (skip) return;
    let live = true;
    setState((s) => ({ data: s.data, error: null, loading: true }));
    request<T>(name, variables).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: Error) => live && setState({ data: null, error: e.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [name, key, skip]);
  return state;
}

/** Results shared by every view of one page load (the region tree). */
const shared = new Map<string, Promise<unknown>>();
export function requestOnce<T>(name: string): Promise<T> {
  if (!shared.has(name)) shared.set(name, request<T>(name).catch((e) => { shared.delete(name); throw e; }));
  return shared.get(name) as Promise<T>;
}
