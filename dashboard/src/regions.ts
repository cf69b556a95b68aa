/** The region tree (provinces → prefectures → counties), loaded once per page, and the defaults it gives. */
import { useEffect, useState } from "preact/hooks";
import { requestOnce } from "./gql";

export interface RegionNode {
  code: string;
  name: string;
  level: string;
  children?: RegionNode[];
  parent?: RegionNode;
}

export interface RegionTree {
  roots: RegionNode[];
  byCode: Map<string, RegionNode>;
  /** Reports per province and year. */
  reportYears: Array<{ regionCode: string; year: number; reportCount: number }>;
  /** The province holding most reports, and its latest year: where a view opens without a region. */
  defaultCode: string | null;
  defaultYear: number;
  years: number[];
  /** False for the placeholder shown while the tree loads (views with a region in their URL do not wait for it). */
  loaded: boolean;
}

export const PENDING_TREE: RegionTree = { roots: [], byCode: new Map(), reportYears: [], defaultCode: null, defaultYear: new Date().getFullYear() - 1, years: [], loaded: false };

interface Answer {
  regions: RegionNode[];
  reportYears: RegionTree["reportYears"];
}

function build(a: Answer): RegionTree {
  const byCode = new Map<string, RegionNode>();
  const walk = (n: RegionNode, parent?: RegionNode) => {
    n.parent = parent;
    byCode.set(n.code, n);
    n.children?.forEach((c) => walk(c, n));
  };
  a.regions.forEach((r) => walk(r));
  const perProvince = new Map<string, number>();
  for (const g of a.reportYears) perProvince.set(g.regionCode, (perProvince.get(g.regionCode) ?? 0) + g.reportCount);
  const defaultCode = [...perProvince.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? a.regions[0]?.code ?? null;
  const years = [...new Set(a.reportYears.map((g) => g.year))].sort((x, y) => x - y);
  const ofDefault = a.reportYears.filter((g) => g.regionCode === defaultCode).map((g) => g.year);
  const defaultYear = ofDefault.length ? Math.max(...ofDefault) : years.length ? years[years.length - 1] : new Date().getFullYear() - 1;
  return { roots: a.regions, byCode, reportYears: a.reportYears, defaultCode, defaultYear, years, loaded: true };
}

let cached: RegionTree | null = null;

/**
 * The tree, requested after the view's main request (views with a region in their URL do not need
 * it for their figures) and not at all while `skip` (the report view has no region picker).
 */
export function useRegionTree(skip = false): { tree: RegionTree | null; error: string | null } {
  const [tree, setTree] = useState<RegionTree | null>(cached);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (cached || skip) return;
    let live = true;
    requestOnce<Answer>("RegionTree", true).then(
      (a) => {
        cached ??= build(a);
        if (live) setTree(cached);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [skip]);
  return { tree: tree ?? cached, error };
}

export function ancestors(node: RegionNode | undefined): RegionNode[] {
  const out: RegionNode[] = [];
  for (let n = node; n; n = n.parent) out.unshift(n);
  return out;
}

/** Region name for a code, also for codes below counties (townships: named by their county). */
export function regionName(tree: RegionTree | null, code: string): string {
  const direct = tree?.byCode.get(code);
  if (direct) return direct.name;
  const county = tree?.byCode.get(code.slice(0, 6));
  return county ? `${county.name}·${code}` : code;
}
