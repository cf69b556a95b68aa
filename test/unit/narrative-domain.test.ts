import { bigramKeys, normaliseText, findTerms, matchSpans, normalise, parseQuery, QueryError, sectionKind, snippet } from "../../src/domain/narrative";
import { copyDiagnostics, jaccard, narrativeSimilarity, shingles, textSimilarity } from "../../src/domain/similarity";
import { fixture } from "../helpers/fixtures";
import { parseText } from "../../src/ingestion/parse";
import { loadConfig } from "../../src/config";

describe("narrative normal form", () => {
  it("drops whitespace and punctuation, folds full-width and case, and maps back to the printed text", () => {
    const n = normalise("政府 信息，公开ＡＢ(1)");
    expect(n.text).toBe("政府信息公开ab1");
    // 信 is printed at offset 3 (after the space), b (from Ｂ) at 9.
    expect(n.start[2]).toBe(3);
    expect(n.start[7]).toBe(9);
    expect(n.end[8]).toBe(12);
  });

  it("classifies headings by kind whatever their number", () => {
    expect(sectionKind("")).toBe("preamble");
    expect(sectionKind("一、总体情况")).toBe("overview");
    expect(sectionKind("五、存在的主要问题及改进情况")).toBe("problems");
    expect(sectionKind("六、存在的主要问题及改进情况")).toBe("problems");
    expect(sectionKind("七、其他需要说明的事项")).toBe("other");
    expect(sectionKind("五、人大代表建议和政协委员提案办理")).toBe("extra");
  });

  it("stores each distinct bigram once", () => {
    expect(bigramKeys([..."公开公开"]).length).toBe(2); // 公开, 开公
  });
});

describe("query parsing", () => {
  it("splits on spaces (AND), keeps quoted phrases whole, ignores a bare AND", () => {
    expect(parseQuery("政务 公开").terms).toEqual(["政务", "公开"]);
    expect(parseQuery("“政策 解读” AND 形式").terms).toEqual(["政策解读", "形式"]);
    expect(parseQuery('"信息处理费"').terms).toEqual(["信息处理费"]);
    // 政策解读 → 政策, 策解, 解读.
    expect(parseQuery("政策解读").bigrams.length).toBe(3);
  });

  it("rejects one-character and empty queries, naming the term", () => {
    expect(() => parseQuery("诉")).toThrow(QueryError);
    expect(() => parseQuery("申请 诉")).toThrow(/"诉" has one character/);
    expect(() => parseQuery(" ，。 ")).toThrow(/no letters or digits/);
  });
});

describe("matching and snippets", () => {
  const text = "2023年,我局认真落实《条例》要求。政策解读形式不够丰富，下一步丰富政策 解读形式。";
  it("finds every occurrence across printed spaces and highlights them in the snippet", () => {
    const norm = normalise(text);
    const found = findTerms(norm, ["政策解读"])!;
    expect(found[0].at.length).toBe(2);
    const spans = matchSpans(norm, found);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["政策解读", "政策 解读"]);
    const snip = snippet(text, spans, 30);
    expect(snip.highlights.map((h) => snip.text.slice(h.start, h.end))).toContain("政策解读");
    expect(findTerms(norm, ["政策解读", "信访"])).toBeNull();
  });
});

describe("similarity (5-character shingles, Jaccard)", () => {
  it("is 1 for a copy re-spaced and re-punctuated, 0 for texts with no run in common, null for two empty texts", () => {
    expect(textSimilarity("我局认真贯彻落实《条例》，主动公开政府信息。", "我局认真贯彻落实 条例 主动公开政府信息")).toBe(1);
    expect(textSimilarity("我局认真贯彻落实条例", "市场监督管理局年度")).toBe(0);
    expect(textSimilarity("", " 。")).toBeNull();
    expect(jaccard(shingles([..."abcdef"]), shingles([..."abcdeg"]))).toBeCloseTo(1 / 3);
  });

  it("pairs sections by kind across renumbering and gives the whole narrative last", () => {
    const prev = [
      { heading: "一、总体情况", text: "甲".repeat(10) + "今年我局主动公开政府信息一百条，政策解读十篇。" },
      { heading: "五、存在的主要问题及改进情况", text: "主要问题是公开不及时，下一步加强培训和监督。" },
    ];
    const cur = [
      { heading: "一、总体情况", text: "甲".repeat(10) + "今年我局主动公开政府信息一百条，政策解读十篇。" },
      { heading: "五、人大代表建议和政协委员提案办理", text: "办理建议四件。" },
      { heading: "六、存在的主要问题及改进情况", text: "网站栏目更新慢，将建立考核机制推动整改落实。" },
    ];
    const sim = narrativeSimilarity(cur, prev);
    expect(sim.map((s) => [s.heading, s.previousHeading, s.ratio])).toEqual([
      ["一、总体情况", "一、总体情况", 1],
      ["五、人大代表建议和政协委员提案办理", null, null],
      ["六、存在的主要问题及改进情况", "五、存在的主要问题及改进情况", 0],
      ["", null, expect.any(Number)],
    ]);
    expect(sim[3].kind).toBe("whole");
    // The copied section is shared end to end.
    expect(sim[0].shared).toEqual([{ start: 0, end: cur[0].text.length - 1 }]);
  });

  it("raises N1 only for long enough sections at or above the threshold", () => {
    const long = "我局坚持以习近平新时代中国特色社会主义思想为指导，严格贯彻落实政府信息公开条例要求，紧紧围绕中心工作和群众关心事，优化机制，扎实推进政务公开各项工作。";
    const prev = [{ heading: "一、总体情况", text: long }, { heading: "六、其他需要报告的事项", text: "无。" }];
    const cur = [{ heading: "一、总体情况", text: long + "新增一句。" }, { heading: "六、其他需要报告的事项", text: "无。" }];
    const d = copyDiagnostics(cur, prev, 2022);
    expect(d.map((x) => [x.rule, x.printed, x.computed])).toEqual([["N1", 94, 2022]]); // 66 shingles of 70 (66 + 4 new)
    expect(copyDiagnostics(cur, prev, 2022, 0.99)).toEqual([]);
  });
});

describe("similarity on a real report", () => {
  it("a report and a copy with section 五 rewritten: 1.0 for every copied section, low for the rewritten one", () => {
    const f = fixture("2023-pingtan-shenpiju");
    const report = parseText(f.content, f.file, { agency: f.meta.agency, year: 2023 });
    const copy = report.sections.map((s) => (/^五、/.test(s.heading)
      ? { ...s, text: "本年度我局在政务新媒体运营方面投入不足，留言回复不够及时；下一年度将组建专班，按周检查更新情况，并对照考核细则逐项整改。" }
      : s));
    const sim = narrativeSimilarity(copy, report.sections);
    const byHeading = Object.fromEntries(sim.filter((s) => s.index != null && s.ratio != null).map((s) => [s.heading, s.ratio]));
    expect(byHeading["一、总体情况"]).toBe(1);
    expect(byHeading[""]).toBe(1);
    expect(byHeading["六、其他需要报告的事项"]).toBe(1);
    expect(byHeading["五、存在的主要问题及改进情况"]).toBeLessThan(0.05);
    const whole = sim[sim.length - 1].ratio!;
    expect(whole).toBeGreaterThan(0.7);
    expect(whole).toBeLessThan(1);
    expect(copyDiagnostics(copy, report.sections, 2022).map((d) => d.message.split(" is ")[0])).toEqual(["N1: 一、总体情况", "N1: 六、其他需要报告的事项"]);
  });
});

describe("the N1 threshold setting", () => {
  it("reads GONGKAI_N1_THRESHOLD, defaults to 0.9 and names the key when it is out of range", () => {
    expect(loadConfig({}).narrativeCopyThreshold).toBe(0.9);
    expect(loadConfig({ GONGKAI_N1_THRESHOLD: "0.8" }).narrativeCopyThreshold).toBe(0.8);
    expect(() => loadConfig({ GONGKAI_N1_THRESHOLD: "90" })).toThrow(/GONGKAI_N1_THRESHOLD: expected a number above 0 and at most 1, got "90"/);
  });
});

describe("normal form, fast path", () => {
  it("normaliseText is normalise().text, ideographs and all", () => {
    const samples = ["政府 信息，公开ＡＢ(1)", "Ｈ５解读 ①② café", "㈠ 总体情况\t2023年"];
    for (const s of samples) expect(normaliseText(s)).toBe(normalise(s).text);
  });
});
