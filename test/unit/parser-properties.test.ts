import fc from "fast-check";
import { parseText, ParseError } from "../../src/ingestion/parse";
import { cellValues } from "../../src/domain/report-json";
import fs from "node:fs";
import path from "node:path";
import { fixtures, TEST_FIXTURES_DIR } from "../helpers/fixtures";

/**
 * Mutated fixture texts — whitespace shuffled, cells dropped, digits swapped, truncated, junk
 * injected — never make the parser throw anything but a ParseError, never hang, and every null cell
 * it returns is explained.
 */
const texts = [
  ...fixtures().filter((f) => f.kind === "txt").map((f) => f.content),
  // PDF layout text and browser innerText: wrapped labels and printed blank cells.
  ...fs.readdirSync(TEST_FIXTURES_DIR).filter((f) => f.endsWith(".txt")).map((f) => fs.readFileSync(path.join(TEST_FIXTURES_DIR, f), "utf8")),
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("whitespace" as const), at: fc.nat(), ws: fc.constantFrom(" ", "\t", "\n", "  ", "\u00a0") }),
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("digit" as const), at: fc.nat(), digit: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("junk" as const), at: fc.nat(), junk: fc.string({ maxLength: 12 }) }),
);

function apply(text: string, muts: Array<any>): string {
  let t = text;
  for (const m of muts) {
    const at = t.length ? m.at % t.length : 0;
    if (m.kind === "whitespace") t = t.slice(0, at) + m.ws + t.slice(at);
    if (m.kind === "drop") t = t.slice(0, at) + t.slice(at + m.len);
    if (m.kind === "digit") {
      const idx = t.slice(at).search(/\d/);
      if (idx >= 0) t = t.slice(0, at + idx) + m.digit + t.slice(at + idx + 1);
    }
    if (m.kind === "truncate") t = t.slice(0, Math.max(at, Math.floor(t.length / 3)));
    if (m.kind === "junk") t = t.slice(0, at) + m.junk + t.slice(at);
  }
  return t;
}

describe("parser under mutation", () => {
  it("returns an honest report or a ParseError, within a bounded time", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, muts) => {
        const input = apply(texts[i], muts);
        const started = Date.now();
        try {
          const report = parseText(input, "mutated.txt", { agency: "某局", year: 2020 });
          for (const { cell, value } of cellValues(report)) {
            if (value === null) expect(report.ambiguousCells[cell.path]).toEqual(expect.any(String));
          }
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          expect(e.message).toMatch(/^mutated\.txt: /);
        }
        // A generous bound: a typical parse takes a few milliseconds.
        expect(Date.now() - started).toBeLessThan(5000);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });

  // No timed assertion (bench/ measures speed): a catastrophic backtrack would hang past jest's timeout.
  it("finishes on text built to make the wrapped-label matcher backtrack", () => {
    // Label fragments, rows of numbers and short lines, over and over, with no label ever completed.
    const junk = Array.from({ length: 3000 }, (_, i) => ["1、申请人无正当理由逾期不", "  3 0 0 1 0 4", "结", "", "属于国家", "\t\u00a0\t-\t5"][i % 6]).join("\n");
    const text = `某局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n`
      + `三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n${junk}\n二、上年结转\n${junk}\n四、政府信息公开行政复议、行政诉讼情况\n${junk}`;
    expect(() => parseText(text, "junk.txt", { agency: "某局", year: 2022 })).toThrow(/junk\.txt: section 三: \d+ of 25 rows were not found/);
  });
});

