import fc from "fast-check";
import { parseText, ParseError } from "../../src/ingestion/parse";
import { cellValues } from "../../src/domain/report-json";
import { fixtures } from "../helpers/fixtures";

/**
 * Mutated fixture texts — whitespace shuffled, cells dropped, digits swapped, truncated, junk
 * injected — never make the parser throw anything but a ParseError, never hang, and every null cell
 * it returns is explained.
 */
const texts = fixtures().filter((f) => f.kind === "txt").map((f) => f.content);

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
});
