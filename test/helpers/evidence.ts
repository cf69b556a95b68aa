import { CanonicalReport, emptyReport, setPath, Tree } from "../../src/domain/report-json";
import type { Template } from "../../src/domain/cells";
import { fixture } from "./fixtures";
import { renderReport } from "./render";

/** A stored report as canonical JSON: every cell 0 but those given. */
export function canonicalJson(agency: string, year: number, format: Template, cells: Record<string, number>): string {
  const r: CanonicalReport = emptyReport(format);
  Object.assign(r, { agency, year });
  for (const [path, v] of Object.entries(cells)) setPath(r as unknown as Tree, path, v);
  return JSON.stringify(r);
}

// 聊城市应急管理局 2020 as TAB text that dropped its blank cells: 上年结转 and 结转下年度 both print
// “3 3”, so the 3 may stand in any applicant column (R1 only says that the two rows agree).
export const liaocheng = (() => {
  const expected = JSON.parse(JSON.stringify(fixture("2020-liaocheng-yingjiju").expected));
  Object.assign(expected.applications.carriedOver, { natural: 3, total: 3 });
  Object.assign(expected.applications.carriedForward, { natural: 3, total: 3 });
  const text = renderReport(expected, "\t", { blankZeros: true }).split("\n")
    .map((l) => (/^(二、上年结转|四、结转下年度)/.test(l) ? l.replace(/\t+/g, "\t") : l)).join("\n");
  return { expected, text };
})();

