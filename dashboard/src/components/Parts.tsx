/** Small shared pieces: a year picker, a region-and-sidebar layout, loading and error lines. */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { RegionPicker } from "./RegionPicker";
import type { RegionTree } from "../regions";
import { setParams } from "../route";

export function Status({ loading, error }: { loading: boolean; error: string | null }) {
  if (error) return <p class="error" role="alert">查询失败：{error}</p>;
  if (loading) return <p class="loading" role="status">正在加载…</p>;
  return null;
}

export function WithRegions({ tree, selected, hrefFor, children }: { tree: RegionTree; selected: string | null; hrefFor: (code: string) => string; children: ComponentChildren }) {
  return (
    <div class="with-sidebar">
      <aside class="sidebar no-print">
        {tree.loaded ? <RegionPicker tree={tree} selected={selected} hrefFor={hrefFor} /> : <p class="loading">正在加载行政区划…</p>}
      </aside>
      <div class="content">{children}</div>
    </div>
  );
}

export function Select({ label, value, options, param, onChange }: {
  label: string;
  value: string;
  options: Array<[string, string]>;
  param?: string;
  onChange?: (v: string) => void;
}) {
  return (
    <label class="field">
      <span>{label}</span>
      <select
        value={value}
        name={param}
        onChange={(e) => {
          const v = (e.target as HTMLSelectElement).value;
          if (onChange) onChange(v);
          else if (param) setParams({ [param]: v });
        }}
      >
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </label>
  );
}

export function yearOptions(years: number[], extra: number[] = []): Array<[string, string]> {
  return [...new Set([...years, ...extra])].sort((a, b) => b - a).map((y) => [String(y), `${y} 年`]);
}

/**
 * Renders its children one frame after it mounts: long tables below the fold must not hold back
 * the first paint of the figures above them.
 */
export function AfterPaint({ children, placeholder = null }: { children: () => ComponentChildren; placeholder?: ComponentChildren }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    const go = () => live && setReady(true);
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(go, 0));
    else setTimeout(go, 0);
    return () => {
      live = false;
    };
  }, []);
  return <>{ready ? children() : placeholder}</>;
}
