import { ReportRule, num } from "./rule";
import { evaluate, narrativeClaims } from "../../domain/evidence";
import { NO_APPLICATIONS_RECEIVED } from "../../domain/lexicon";
import type { Diagnostic } from "../../domain/report-json";

/**
 * T1 — numbers quoted in the narrative match the tables: applications received (新收, or 新收 + 上年结转)
 * and handled, carried over and forward, each outcome group, reviews and lawsuits with their results,
 * documents in force (domain/evidence.ts reads them; the same reading settles ambiguous cells). A
 * sentence saying no applications were received must meet an empty 本年新收. Often violated; reported
 * as info, with the sentence quoted.
 */
export const T1: ReportRule = {
  id: "T1",
  description: "正文引用的数字与表格一致",
  check(report) {
    if (report.format === "legacy") return [];
    const value = (p: string) => num(report, p);
    const out: Diagnostic[] = [];
    for (const claim of narrativeClaims(report.sections, report.format)) {
      const sums = claim.alternatives.map((terms) => evaluate(terms, value));
      if (sums.some((s) => s == null) || sums.includes(claim.value)) continue;
      const terms = claim.alternatives[0];
      out.push({
        rule: "T1", severity: "info", path: terms[0][0], paths: terms.length > 1 ? terms.map(([p]) => p) : undefined,
        printed: claim.value, computed: sums[0],
        message: `T1: “${claim.sentence}” in ${claim.section || "the preamble"} quotes ${claim.value} (${claim.topic}), the table has ${sums[0]}`,
      });
    }
    const newTotal = value("applications.newReceived.total");
    for (const section of report.sections) {
      if (newTotal != null && newTotal > 0 && NO_APPLICATIONS_RECEIVED.test(section.text)) {
        out.push({
          rule: "T1", severity: "info", path: "applications.newReceived.total", printed: 0, computed: newTotal,
          message: `T1: ${section.heading || "the preamble"} says no applications were received, the table has ${newTotal}`,
        });
      }
    }
    return out;
  },
};
