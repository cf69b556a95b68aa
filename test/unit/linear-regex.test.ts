import fc from "fast-check";
import fs from "node:fs";
import path from "node:path";
import { LinearPattern, LinearPatternBudgetError, LinearPatternError, maxStates, stateTableSlots } from "../../src/shared/linear-regex";
import { APPLICATION_ROW_LABELS, PROACTIVE_ROW_LABELS } from "../../src/domain/lexicon";
import { normalizeText } from "../../src/ingestion/parse";
import { fixtures, TEST_FIXTURES_DIR } from "../helpers/fixtures";

/** What JavaScript's own engine finds from `from`, in LinearPattern's shape. */
function native(source: string, text: string, from = 0) {
  const re = new RegExp(source, "g");
  re.lastIndex = from;
  const m = re.exec(text);
  return m && { index: m.index, match: m[0] };
}

describe("LinearPattern: JavaScript's match, in time bounded by pattern × text", () => {
  // Greedy and lazy quantifiers, alternatives that overlap, nested and adjacent repeats.
  const PATTERNS = [
    "a*", "a*?b", "(?:a|ab)(?:c|bcd)(?:d*)", "(?:a|b)*?c", "a{2,3}?b?", "(?:ab|a)*c", "[^b\\n]{0,3}?b", "\\s*x\\s*",
    "(?:[ \\t]*(?:[^\\n\\d]{0,3}|\\d+)[ \\t]*\\n){0,2}?y", "(?:a?){3}a{3}", "(?:\\d[\\d.,]*(?:[ \\t]+\\d[\\d.,]*)*)?z", ".b|\\(a\\)",
    // Anchored (a character every match holds, after a prefix that never holds it): a row label's shape.
    "(?:(?:\\d\\s*[.,]|\\(\\s*\\d\\s*\\))\\s*)?x\\s*y", "(?:1\\s*[.]\\s*)?a(?:\\s*(?:\\d+)?\\n)?b", "[^b]*b", "a*ab", "(?:x|y)?\\s*(?:c|d)z",
  ];

  it.each(PATTERNS)("gives RegExp's match for /%s/ on random text", (source) => {
    const p = new LinearPattern(source);
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d", "x", "y", "z", " ", "\t", "\n", "1", "2", ".", "(", ")"), { maxLength: 30 }), fc.nat(30), (chars, from) => {
        const text = chars.join("");
        expect(p.exec(text, Math.min(from, text.length))).toEqual(native(source, text, Math.min(from, text.length)));
      }),
      { numRuns: 400, seed: 20261203 },
    );
  });

  it("gives RegExp's match for every row label on every fixture text (from three starts)", () => {
    const texts = [
      ...fixtures().filter((f) => f.kind === "txt").map((f) => f.content),
      ...fs.readdirSync(TEST_FIXTURES_DIR).filter((f) => f.endsWith(".txt")).map((f) => fs.readFileSync(path.join(TEST_FIXTURES_DIR, f), "utf8")),
    ].map(normalizeText);
    const labels = [...Object.values(APPLICATION_ROW_LABELS), ...PROACTIVE_ROW_LABELS["2019"].map(([, l]) => l), ...PROACTIVE_ROW_LABELS["2021"].map(([, l]) => l)];
    let found = 0;
    for (const text of texts) {
      for (const label of labels) {
        for (const from of [0, Math.floor(text.length / 3), Math.floor(text.length / 2)]) {
          const want = native(label.source, text, from);
          expect(label.exec(text, from)).toEqual(want);
          if (want) found++;
        }
      }
    }
    expect(found).toBeGreaterThan(500);
  });

  it("searches a row label only where its anchor character stands (and none when every match need not hold one)", () => {
    expect(APPLICATION_ROW_LABELS["outcomes.denied.stateSecret"]).toMatchObject({ anchor: { char: "属" } });
    expect(APPLICATION_ROW_LABELS["newReceived"]).toMatchObject({ anchor: { char: "本" } });
    // 总计|合计: no one character is in every match before the gaps that could hold it.
    expect((APPLICATION_ROW_LABELS["outcomes.total"] as LinearPattern).anchor).toBeNull();
    expect(new LinearPattern("a*ab").anchor?.char).toBe("b");
    expect(new LinearPattern("a?|b").anchor).toBeNull();
    // The prefix before the anchor may be long: the start is found by walking back from the anchor.
    const p = new LinearPattern("(?:\\d\\s*[.,])?\\s*xy");
    expect(p.exec(`1.${" ".repeat(50)}xy 2. xy`, 0)).toEqual({ index: 0, match: `1.${" ".repeat(50)}xy` });
    expect(p.exec("2, x 3, xy", 1)).toEqual({ index: 5, match: "3, xy" });
    expect(p.exec("2, x 3, xy", 6)).toEqual({ index: 7, match: " xy" });
    expect(p.exec("xy", 1)).toBeNull();
  });

  it("finds nothing, and returns, where RegExp backtracks exponentially", () => {
    // (?:a|a)* and (?:a+)* against a long run of a with no b: 2^n paths for a backtracking engine.
    expect(new LinearPattern("(?:a|a)*b").exec("a".repeat(5000))).toBeNull();
    expect(new LinearPattern("(?:a+)*b").exec("a".repeat(5000))).toBeNull();
    expect(new LinearPattern("(?:a|a)*b").exec("a".repeat(5000) + "b")).toEqual({ index: 0, match: "a".repeat(5000) + "b" });
  });

  it("lets a long search's state table go when the search ends, answered or given up", () => {
    const kept = stateTableSlots();
    expect(kept).toBe(4096);
    const p = new LinearPattern("(?:a|a)*bc");
    // Thousands of states remembered: the table grows past what is kept, then is let go.
    expect(p.exec("a".repeat(20_000) + "bc")).toEqual({ index: 0, match: "a".repeat(20_000) + "bc" });
    expect(stateTableSlots()).toBe(kept);
    expect(() => p.exec("a".repeat(20_000) + "b", 0, 10_000)).toThrow(LinearPatternBudgetError);
    expect(stateTableSlots()).toBe(kept);
    // The next search starts from an empty table: its answer is RegExp's.
    expect(p.exec("xxabc")).toEqual(native("(?:a|a)*bc", "xxabc"));
  });

  it("gives up past its budget of states with LinearPatternBudgetError, never a wrong answer", () => {
    const p = new LinearPattern("(?:a|a)*bc");
    expect(() => p.exec("a".repeat(5000) + "b", 0, 1000)).toThrow(LinearPatternBudgetError);
    expect(p.exec("a".repeat(5000) + "bc", 0, 20_000)).toEqual({ index: 0, match: "a".repeat(5000) + "bc" });
    // No b at all: no match, found without a search.
    expect(p.exec("a".repeat(5000), 0, 1000)).toBeNull();
    expect([maxStates(0), maxStates(1_000_000), maxStates(100_000_000)]).toEqual([1_000_000, 3_000_000, 4_000_000]);
  });

  it("refuses syntax it does not implement, naming it", () => {
    for (const source of ["(a)", "^a", "a$", "(?=a)", "(?<=a)b", "\\1", "\\bword", "a**", "[a"]) {
      expect(() => new LinearPattern(source)).toThrow(LinearPatternError);
    }
    // An optional repetition of a part that can match nothing: JavaScript stops such an iteration,
    // this program would not (`(?:a??)?` on "a": RegExp matches "a"), so it is refused.
    for (const source of ["(?:a??)?", "(?:|a){1,2}", "(?:)*a", "(?:a?)*b", "c(?:|c)?\\D", "(?:(?:a|)(?:|b))*"]) {
      expect(() => new LinearPattern(source)).toThrow("a repeated part that can match the empty string");
    }
    // Repeated a fixed number of times, it may match nothing: RegExp checks only the optional iterations.
    expect(new LinearPattern("(?:a?){3}b").exec("aab")).toEqual(native("(?:a?){3}b", "aab"));
  });
});
