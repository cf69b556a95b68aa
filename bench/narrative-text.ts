/**
 * Report narratives for the benches: sentences of the shipped real reports' overview, problems and
 * other sections, drawn by a seeded generator into the sections a report carries (bench/narratives.ts,
 * bench/postings.ts).
 */
import { demoReports } from "../src/demo/real-reports";
import { parseInput } from "../src/ingestion/parse";
import { sectionKind } from "../src/domain/narrative";
import type { NarrativeSection } from "../src/domain/report-json";

/** The sentences of the real reports' overview, problems and other sections, by kind. */
export async function sentencePool(): Promise<Record<string, string[]>> {
  const pool: Record<string, string[]> = { overview: [], problems: [], other: [] };
  for (const r of demoReports()) {
    const report = (await parseInput(r.content, { fileName: r.file, agency: r.meta.agency, year: Number(r.meta.year) })).report;
    for (const s of report.sections) {
      const kind = sectionKind(s.heading);
      if (!(kind in pool)) continue;
      // Page furniture after 附件下载 is not prose.
      const text = s.text.split("附件下载")[0];
      pool[kind].push(...text.split(/(?<=[。；])/).map((x) => x.trim()).filter((x) => x.length >= 8));
    }
  }
  return pool;
}

export function narrativeFor(pool: Record<string, string[]>, random: () => number, agency: string, year: number): NarrativeSection[] {
  const pick = (kind: string, n: number) => Array.from({ length: n }, () => pool[kind][Math.floor(random() * pool[kind].length)]).join("");
  return [
    { heading: "", text: `${agency}${year}年政府信息公开工作年度报告（示例数据）` },
    { heading: "一、总体情况", text: pick("overview", 12) },
    { heading: "二、主动公开政府信息情况", text: "" },
    { heading: "三、收到和处理政府信息公开申请情况", text: "" },
    { heading: "四、政府信息公开行政复议、行政诉讼情况", text: "" },
    { heading: "五、存在的主要问题及改进情况", text: pick("problems", 5) },
    { heading: "六、其他需要报告的事项", text: pick("other", 1) },
  ];
}

