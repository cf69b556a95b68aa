/**
 * Each view's state lives in the URL (/dashboard/<view>?region=…&year=…), so a link can be shared;
 * the server answers every /dashboard/* path with the page.
 */
import { useEffect, useState } from "preact/hooks";

export const BASE = "/dashboard/";
export const VIEWS = ["overview", "trends", "ranking", "compare", "findings", "report", "search"] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  params: URLSearchParams;
}

export function parseRoute(loc: { pathname: string; search: string } = location): Route {
  const rest = loc.pathname.startsWith(BASE) ? loc.pathname.slice(BASE.length) : "";
  const name = rest.split("/")[0];
  const view = (VIEWS as readonly string[]).includes(name) ? (name as View) : "overview";
  return { view, params: new URLSearchParams(loc.search) };
}

export function href(view: View, params: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return `${BASE}${view}${s ? "?" + s : ""}`;
}

export function navigate(url: string, replace = false): void {
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  dispatchEvent(new PopStateEvent("popstate"));
}

/** Changes some parameters of the current view (null removes one). */
export function setParams(changes: Record<string, string | number | null | undefined>, replace = false): void {
  const { view, params } = parseRoute();
  const next: Record<string, string> = Object.fromEntries(params.entries());
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") delete next[k];
    else next[k] = String(v);
  }
  navigate(href(view, next), replace);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parseRoute);
  useEffect(() => {
    const on = () => setRoute(parseRoute());
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  return route;
}

/** Same-origin links move within the page instead of reloading it. */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as HTMLElement).closest?.("a");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute("download")) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
}

export function intParam(params: URLSearchParams, key: string): number | null {
  const v = params.get(key);
  return v && /^\d+$/.test(v) ? Number(v) : null;
}
