/**
 * A fuzz corpus through the parser: real reports (text and HTML pages) mutated by fast-check —
 * slices dropped, duplicated or swapped, numbers replaced by huge, negative, fractional or 53-bit
 * values, junk and control characters, nested tags, truncation. Every mutant must come back as a
 * report or a ParseError (never another exception), every figure a finite integer or null, and an
 * HTML mutant must pass or fail the sandbox's prechecks with a LimitError only.
 *
 * FUZZ_RUNS sets the corpus size (default 700: a parse takes 15–80 ms on the shared 2-core CI
 * machine, so 10,000 take 6–11 minutes — run them as their own job with FUZZ_RUNS=10000); FUZZ_SEED
 * another corpus; FUZZ_TIMINGS=1 prints the slowest parses. The time a run takes is printed.
 */
import fc from "fast-check";
import { fixtures } from "../helpers/fixtures";
import { parseInput, ParseError } from "../../src/ingestion/parse";
import { checkHtml, LimitError } from "../../src/ingestion/sandbox";
import { loadConfig } from "../../src/config";
import type { Tree } from "../../src/domain/report-json";

const RUNS = Number(process.env.FUZZ_RUNS ?? 700);
const LIMITS = loadConfig({ NODE_ENV: "test" }).importLimits;

const NUMBERS = ["1e308", "-5", "2023.5", "9007199254740993", "0", "99999999999999999999", "NaN", "１２", "一百", "-0", "3,336"];
const JUNK = ["\u0000", "\t", "\n\n", "\u00a0", "（", "）", "<div>", "</table>", "<td rowspan=100 colspan=100>", "&#x0;", "\ufeff", "合计", "总计", "|", "—"];

type Mutation =
  | { kind: "drop" | "duplicate" | "swap"; at: number; len: number }
  | { kind: "number"; at: number; value: string }
  | { kind: "junk"; at: number; junk: string }
  | { kind: "nest"; at: number; depth: number }
  | { kind: "truncate"; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("drop" as const, "duplicate" as const, "swap" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant("number" as const), at: fc.nat(), value: fc.constantFrom(...NUMBERS) }),
  fc.record({ kind: fc.constant("junk" as const), at: fc.nat(), junk: fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant("nest" as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  const at = text.length ? m.at % text.length : 0;
  switch (m.kind) {
    case "drop":
      return text.slice(0, at) + text.slice(at + m.len);
    case "duplicate":
      return text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len);
    case "swap": {
      const a = text.slice(at, at + m.len);
      const rest = text.slice(0, at) + text.slice(at + m.len);
      const to = rest.length ? (at * 7919) % rest.length : 0;
      return rest.slice(0, to) + a + rest.slice(to);
    }
    case "number": {
      // Replace the first run of digits at or after `at`.
      const re = /\d+/g;
      re.lastIndex = at;
      const found = re.exec(text);
      return found ? text.slice(0, found.index) + m.value + text.slice(found.index + found[0].length) : text + m.value;
    }
    case "junk":
      return text.slice(0, at) + m.junk + text.slice(at);
    case "nest":
      return text.slice(0, at) + "<div><table><tr><td>".repeat(m.depth) + text.slice(at) + "</td></tr></table></div>".repeat(m.depth);
    case "truncate":
      return text.slice(0, Math.max(1, at));
  }
}

function figures(tree: Tree, out: unknown[] = []): unknown[] {
  for (const v of Object.values(tree ?? {})) {
    if (v && typeof v === "object" && !Array.isArray(v)) figures(v, out);
    else out.push(v);
  }
  return out;
}

// Text reports keep the corpus fast (~15 ms a parse); HTML pages take ~0.7 s each, so a few go through.
const corpus = fixtures();
const texts = corpus.filter((f) => f.kind === "txt");
const pages = corpus.filter((f) => f.kind === "html");

export const timings: Array<[number, string, string]> = [];

async function survive(content: string, fileName: string, meta: Record<string, string>): Promise<void> {
  const t0 = Date.now();
  try {
    const { report } = await parseInput(content, { fileName, agency: meta.agency ?? null, year: meta.year ? Number(meta.year) : null });
    for (const v of [...figures(report.applications), ...figures(report.reviewLitigation)]) {
      if (v !== null && v !== undefined && !(typeof v === "number" && Number.isSafeInteger(v))) throw new Error(`${fileName}: figure ${JSON.stringify(v)} is not a safe integer or null`);
    }
    for (const v of figures(report.proactive)) {
      if (v !== null && v !== undefined && typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v))) throw new Error(`${fileName}: proactive figure ${JSON.stringify(v)} is not finite`);
    }
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  } finally {
    if (process.env.FUZZ_TIMINGS) timings.push([Date.now() - t0, fileName, content]);
  }
}

afterAll(() => {
  if (!process.env.FUZZ_TIMINGS) return;
  timings.sort((a, b) => b[0] - a[0]);
  const total = timings.reduce((s, t) => s + t[0], 0);
  process.stdout.write(`fuzz timings: ${timings.length} parses, ${total} ms, slowest ${timings.slice(0, 10).map((t) => `${t[0]} ms ${t[1]}`).join(", ")}\n`);
});

describe(`fuzz corpus (${RUNS} mutated reports)`, () => {
  it("every mutated text report parses or is rejected with a ParseError; figures are safe integers or null", async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 5 }), async (i, muts) => {
        const f = texts[i];
        await survive(muts.reduce(apply, f.content), f.file, f.meta);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
    process.stdout.write(`fuzz: ${RUNS} mutated text reports in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }, 600_000);

  it("mutated HTML pages: prechecks refuse only with a LimitError, and the parser survives what they let through", async () => {
    const started = Date.now();
    const runs = Math.max(4, Math.round(RUNS / 2000));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: pages.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (i, muts) => {
        const f = pages[i];
        const page = muts.reduce(apply, f.content);
        try {
          checkHtml(page, LIMITS);
        } catch (e) {
          if (e instanceof LimitError) return;
          throw e;
        }
        await survive(page, f.file, f.meta);
      }),
      { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
    process.stdout.write(`fuzz: ${runs} mutated HTML pages in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }, 600_000);
});
