import { ReportRule, num } from "./rule";

/**
 * T1 — numbers quoted in the narrative match the tables: a sentence such as “全年共收到政府信息公开申请
 * 19件” or “未收到政府信息公开申请” must agree with 一、本年新收 (or 新收 + 上年结转) 总计. Often
 * violated; reported as info.
 */
const RECEIVED = /(?:共|累计|全年)?(?:收到|受理|办理|接收)(?:了)?[^，。；,;\d]{0,12}?(?:政府信息公开申请|依申请公开(?:事项|申请)?|信息公开申请|申请)[^，。；,;\d]{0,6}?(\d+)\s*(?:件|项|个|宗|条)/g;
const NONE = /(?:未|没有)收到(?:任何)?(?:政府信息公开|依申请公开)?申请/;

export const T1: ReportRule = {
  id: "T1",
  description: "正文引用的申请数与表格一致",
  check(report) {
    if (report.format === "legacy") return [];
    const newTotal = num(report, "applications.newReceived.total");
    const carried = num(report, "applications.carriedOver.total") ?? 0;
    if (newTotal == null) return [];
    const accepted = new Set([newTotal, newTotal + carried]);
    const out = [];
    for (const section of report.sections) {
      if (/^[三四]、/.test(section.heading)) continue;
      for (const m of section.text.matchAll(RECEIVED)) {
        const quoted = Number(m[1]);
        if (accepted.has(quoted)) continue;
        out.push({
          rule: "T1", severity: "info" as const, path: "applications.newReceived.total", printed: quoted, computed: newTotal,
          message: `T1: “${m[0]}” in ${section.heading || "the preamble"} quotes ${quoted}, the table has ${newTotal} new applications`,
        });
        break;
      }
      if (NONE.test(section.text) && newTotal > 0) {
        out.push({
          rule: "T1", severity: "info" as const, path: "applications.newReceived.total", printed: 0, computed: newTotal,
          message: `T1: ${section.heading || "the preamble"} says no applications were received, the table has ${newTotal}`,
        });
      }
    }
    return out;
  },
};
