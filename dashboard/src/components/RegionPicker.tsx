/** A searchable region tree down to counties; each region is a link to the same view for that region. */
import { useMemo, useState } from "preact/hooks";
import { ancestors, RegionNode, RegionTree } from "../regions";
import { LEVEL_LABELS } from "../labels";

interface Props {
  tree: RegionTree;
  selected: string | null;
  hrefFor: (code: string) => string;
}

const MAX_MATCHES = 40;

export function RegionPicker({ tree, selected, hrefFor }: Props) {
  const [query, setQuery] = useState("");
  const path = useMemo(() => new Set(ancestors(tree.byCode.get(selected ?? "")).map((n) => n.code)), [tree, selected]);
  const [open, setOpen] = useState<Set<string>>(path);
  const withReports = useMemo(() => new Set(tree.reportYears.map((g) => g.regionCode)), [tree]);
  const matches = useMemo(() => {
    const q = query.trim();
    if (!q) return [];
    const out: RegionNode[] = [];
    for (const n of tree.byCode.values()) {
      if (n.name.includes(q) || n.code.startsWith(q)) out.push(n);
      if (out.length >= MAX_MATCHES) break;
    }
    return out;
  }, [tree, query]);

  const toggle = (code: string) => {
    const next = new Set(open);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    setOpen(next);
  };

  const item = (n: RegionNode) => {
    const isOpen = open.has(n.code) || path.has(n.code);
    const kids = n.children ?? [];
    return (
      <li key={n.code}>
        <div class="tree-row">
          {kids.length ? (
            <button type="button" class="tree-toggle" aria-expanded={isOpen} aria-label={`${isOpen ? "收起" : "展开"}${n.name}`} onClick={() => toggle(n.code)}>
              {isOpen ? "▾" : "▸"}
            </button>
          ) : (
            <span class="tree-toggle" aria-hidden="true" />
          )}
          <a href={hrefFor(n.code)} class={n.code === selected ? "current" : ""} aria-current={n.code === selected ? "page" : undefined}>
            {n.name}
          </a>
          {n.level === "PROVINCE" && withReports.has(n.code) ? <span class="badge">有报告</span> : null}
        </div>
        {kids.length && isOpen ? <ul>{kids.map(item)}</ul> : null}
      </li>
    );
  };

  // Provinces with reports first, the rest after.
  const roots = [...tree.roots].sort((a, b) => Number(withReports.has(b.code)) - Number(withReports.has(a.code)));
  return (
    <nav class="region-picker" aria-label="行政区划">
      <label class="field">
        <span>查找行政区划</span>
        <input type="search" value={query} placeholder="名称或代码" onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      </label>
      {query.trim() ? (
        <ul class="matches">
          {matches.length ? matches.map((n) => (
            <li key={n.code}>
              <a href={hrefFor(n.code)} onClick={() => setQuery("")}>
                {ancestors(n).map((a) => a.name).join(" › ")}
              </a>{" "}
              <span class="muted">{LEVEL_LABELS[n.level] ?? ""}</span>
            </li>
          )) : <li class="muted">没有匹配的行政区划</li>}
        </ul>
      ) : (
        <ul class="tree">{roots.map(item)}</ul>
      )}
    </nav>
  );
}
