/**
 * A regular-expression matcher whose cost is bounded by (pattern size × text length), for patterns
 * that JavaScript's backtracking engine can take exponential time on (nested and adjacent
 * quantifiers over the same characters). It returns the match JavaScript's RegExp returns — the
 * leftmost, and at that start the first in backtracking order (greedy/lazy quantifiers, alternatives
 * left to right) — because it backtracks in the same order; it only never explores a (pattern
 * position, text position) state twice: a state that was explored once without reaching the end of
 * the pattern cannot reach it the second time either (RE2's "bit-state" engine).
 *
 * Syntax: literal characters, `.`, escapes (`\d \s \w` and their negations, `\t \n \r \f \v`, an
 * escaped punctuation character), classes `[…]`, groups `(?:…)`, `|`, and the quantifiers `* + ?
 * {m} {m,} {m,n}`, each also lazy. No flags, no captures, anchors, lookarounds or back-references,
 * and no optional repetition of a part that can match the empty string (`(?:a?)*`, `(?:|b){1,2}`):
 * a pattern using them is refused when it is compiled. Text is matched by UTF-16 code unit, as a
 * RegExp without the `u` flag does.
 */

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const MATCH = 3;

type Node =
  | { t: "char"; cls: number }
  | { t: "seq"; items: Node[] }
  | { t: "alt"; alts: Node[] }
  | { t: "rep"; node: Node; min: number; max: number; greedy: boolean };

/** A character test: one code unit, or a one-character RegExp with its answers cached by code unit. */
interface CharClass {
  /** The class as RegExp source. */
  source: string;
  code: number;
  re: RegExp | null;
  cache: Uint8Array | null;
}

export class LinearPatternError extends Error {}

/** A search that would have to remember more than its budget of states (see `LinearPattern.exec`). */
export class LinearPatternBudgetError extends Error {}

/**
 * States one search may remember by default: a million plus two per character searched, at most 4
 * million (32 MB of table). A row label remembers about one per character of a long text; only text
 * of millions of characters shaped against a label comes near the bound.
 */
export function maxStates(chars: number): number {
  return Math.min(4_000_000, 1_000_000 + 2 * chars);
}

/**
 * A set of non-negative integers below 2^53 (open addressing in a Float64Array: a JavaScript Set of
 * millions of numbers is slow and large). One set serves every search, emptied by `clear` in constant
 * time: a slot holds a key only when its stamp is the current generation. (A new set for each search,
 * grown from 64 slots every time, was a fifth of the matcher's time.)
 */
/** Slots a state table keeps between searches; a larger table (a long search's) is let go when the search ends. */
const KEPT = 4096;

class StateSet {
  private keys = new Float64Array(KEPT);
  /** A byte a slot (a long search's table is 9 bytes a slot, not 12): the generation wraps after 255 searches. */
  private stamps = new Uint8Array(KEPT);
  private generation = 1;
  size = 0;

  clear(): void {
    this.size = 0;
    if (this.keys.length > KEPT) {
      this.keys = new Float64Array(KEPT);
      this.stamps = new Uint8Array(KEPT);
      this.generation = 1;
    } else if (++this.generation === 256) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  /** Slots of the table now. */
  get slots(): number {
    return this.keys.length;
  }

  /** Lets a long search's table go (a reader kept warm would otherwise hold up to ~75 MB of it). */
  release(): void {
    if (this.keys.length > KEPT) this.clear();
  }

  /** Adds `key`; false when it was there already. */
  add(key: number): boolean {
    const mask = this.keys.length - 1;
    let i = StateSet.hash(key) & mask;
    for (;;) {
      if (this.stamps[i] !== this.generation) break;
      if (this.keys[i] === key) return false;
      i = (i + 1) & mask;
    }
    this.keys[i] = key;
    this.stamps[i] = this.generation;
    if (++this.size * 2 > this.keys.length) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.keys;
    const oldStamps = this.stamps;
    const live = this.generation;
    this.keys = new Float64Array(old.length * 2);
    this.stamps = new Uint8Array(old.length * 2);
    this.generation = 1;
    const mask = this.keys.length - 1;
    for (let j = 0; j < old.length; j++) {
      if (oldStamps[j] !== live) continue;
      let i = StateSet.hash(old[j]) & mask;
      while (this.stamps[i] === 1) i = (i + 1) & mask;
      this.keys[i] = old[j];
      this.stamps[i] = 1;
    }
  }

  private static hash(key: number): number {
    const lo = key % 4294967296 | 0;
    const hi = Math.floor(key / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
  }
}

/** The states of the search running now (searches are synchronous: one at a time). */
const VISITED = new StateSet();

/** Slots of the state table held between searches (KEPT unless a search is running): what a reader kept warm holds. */
export function stateTableSlots(): number {
  return VISITED.slots;
}

/** Whether a node can match the empty string. */
function nullable(node: Node): boolean {
  switch (node.t) {
    case "char":
      return false;
    case "seq":
      return node.items.every(nullable);
    case "alt":
      return node.alts.some(nullable);
    case "rep":
      return node.min === 0 || nullable(node.node);
  }
}

/** Parses the supported syntax into a tree; classes are collected into `classes` (deduplicated by source). */
class Parser {
  private i = 0;
  readonly classes: CharClass[] = [];
  private readonly byKey = new Map<string, number>();
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alt();
    if (this.i < this.src.length) this.fail(`unexpected “${this.src[this.i]}”`);
    return node;
  }

  private fail(problem: string): never {
    throw new LinearPatternError(`${problem} at ${this.i} of /${this.src}/`);
  }

  private cls(key: string, make: () => CharClass): number {
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.classes.push(make()) - 1;
      this.byKey.set(key, id);
    }
    return id;
  }

  private literal(ch: string): Node {
    return { t: "char", cls: this.cls(`=${ch}`, () => ({ source: ch.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"), code: ch.charCodeAt(0), re: null, cache: null })) };
  }

  private regexClass(source: string): Node {
    return { t: "char", cls: this.cls(`~${source}`, () => ({ source, code: -1, re: new RegExp(`^(?:${source})$`), cache: new Uint8Array(65536) })) };
  }

  private alt(): Node {
    const alts = [this.seq()];
    while (this.src[this.i] === "|") {
      this.i++;
      alts.push(this.seq());
    }
    return alts.length === 1 ? alts[0] : { t: "alt", alts };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") items.push(this.quantified(this.atom()));
    return items.length === 1 ? items[0] : { t: "seq", items };
  }

  private atom(): Node {
    const s = this.src;
    const ch = s[this.i];
    if (ch === "(") {
      if (!s.startsWith("(?:", this.i)) this.fail("only non-capturing groups (?:…) are supported");
      this.i += 3;
      const inner = this.alt();
      if (s[this.i] !== ")") this.fail("missing )");
      this.i++;
      return inner;
    }
    if (ch === "[") {
      const start = this.i;
      this.i++;
      if (s[this.i] === "^") this.i++;
      while (this.i < s.length && s[this.i] !== "]") this.i += s[this.i] === "\\" ? 2 : 1;
      if (this.i >= s.length) this.fail("missing ]");
      this.i++;
      return this.regexClass(s.slice(start, this.i));
    }
    if (ch === "\\") {
      const e = s[this.i + 1];
      if (e === undefined) this.fail("a lone \\");
      this.i += 2;
      if ("dDsSwW".includes(e)) return this.regexClass(`\\${e}`);
      const control: Record<string, string> = { t: "\t", n: "\n", r: "\r", f: "\f", v: "\v" };
      if (control[e]) return this.literal(control[e]);
      if (/[0-9a-zA-Z]/.test(e)) this.fail(`the escape \\${e} is not supported`);
      return this.literal(e);
    }
    if (ch === ".") {
      this.i++;
      return this.regexClass(".");
    }
    if ("^$*+?{}])".includes(ch)) this.fail(`“${ch}” is not supported here`);
    this.i++;
    return this.literal(ch);
  }

  private quantified(node: Node): Node {
    const s = this.src;
    let min: number;
    let max: number;
    const ch = s[this.i];
    if (ch === "*" || ch === "+" || ch === "?") {
      this.i++;
      [min, max] = ch === "*" ? [0, Infinity] : ch === "+" ? [1, Infinity] : [0, 1];
    } else if (ch === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) this.fail("a malformed {m,n}");
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      if (max < min) this.fail("{m,n} with n < m");
    } else return node;
    const greedy = s[this.i] !== "?";
    if (!greedy) this.i++;
    if (this.i < s.length && "*+?{".includes(s[this.i])) this.fail("a quantifier after a quantifier");
    // JavaScript rejects an optional repetition that matches the empty string; this program has no
    // such check, so its match could be shorter: a pattern that needs it is refused.
    if (max > min && nullable(node)) this.fail("a repeated part that can match the empty string");
    return { t: "rep", node, min, max, greedy };
  }
}

/** A compiled pattern: see the file comment. Reusable and stateless between calls. */
export class LinearPattern {
  private readonly op: number[] = [];
  private readonly a: number[] = [];
  private readonly b: number[] = [];
  private readonly classes: CharClass[];
  /** Program counters where two paths meet: the states remembered. */
  private readonly merge: Uint8Array;
  /** The character tests a match can start with, or null when the pattern matches the empty string. */
  private readonly first: RegExp | null;
  /** `first` with the g flag, made once: exec sets its lastIndex before each use (exec is synchronous). */
  private readonly starts: RegExp | null;
  /** A character every match holds, and the tests of what may come before it in a match (see `anchorOf`). */
  readonly anchor: { char: string; before: number[] } | null;

  constructor(readonly source: string) {
    const parser = new Parser(source);
    const tree = parser.parse();
    this.classes = parser.classes;
    this.emit(tree);
    this.push(MATCH, 0, 0);
    // A state can be reached twice only through an instruction with two ways in (every loop has one).
    const ways = new Uint32Array(this.op.length + 1);
    // The start is a way in too: a loop back to it must be remembered like any other.
    ways[0]++;
    this.op.forEach((op, pc) => {
      if (op === CHAR) ways[pc + 1]++;
      if (op === SPLIT || op === JMP) ways[this.a[pc]]++;
      if (op === SPLIT) ways[this.b[pc]]++;
    });
    this.merge = Uint8Array.from(ways, (w) => (w > 1 ? 1 : 0));
    this.first = this.firstClasses();
    this.starts = this.first && new RegExp(this.first.source, "g");
    this.anchor = this.anchorOf();
  }

  /** Program size (instructions): the cost bound is this times the text's length. */
  get size(): number {
    return this.op.length;
  }

  /**
   * The leftmost match at or after `from`, the one `RegExp.prototype.exec` would return; null if none.
   * Throws LinearPatternBudgetError rather than remember more than `budget` states.
   */
  exec(text: string, from = 0, budget = maxStates(text.length - from)): { index: number; match: string } | null {
    try {
      return this.search(text, from, budget);
    } finally {
      VISITED.release();
    }
  }

  private search(text: string, from: number, budget: number): { index: number; match: string } | null {
    const n = text.length;
    const visited = VISITED;
    visited.clear();
    const stack: number[] = [];
    const anchor = this.anchor;
    // With an anchor: a match holds its character, and before it only characters that pass `before`,
    // which the anchor's character never does; so a match that holds the anchor's next occurrence
    // at `at` starts in the run of such characters just before `at`, and a start before that run
    // holds no occurrence at all. Only those runs are searched (the native engine finds `at`).
    // With an anchor, `limit` is the occurrence searched up to: none yet, so the first turn finds it.
    let limit = anchor ? from - 1 : n;
    for (let start = from; start <= n; start++) {
      if (anchor && start > limit) {
        const at = text.indexOf(anchor.char, start);
        if (at < 0) return null;
        start = this.runBefore(text, at, start);
        limit = at;
      }
      if (this.starts) {
        // Only where a match can begin (found by the native engine: one character class, linear).
        this.starts.lastIndex = start;
        if (!this.starts.exec(text)) return null;
        const next = this.starts.lastIndex - 1;
        if (anchor && next > limit) {
          start = limit;
          continue;
        }
        start = next;
      }
      const end = this.run(text, start, visited, stack, budget);
      if (end >= 0) return { index: start, match: text.slice(start, end) };
    }
    return null;
  }

  /** The first index, not before `floor`, of the run of characters passing the anchor's `before` tests that ends at `at`. */
  private runBefore(text: string, at: number, floor: number): number {
    const before = this.anchor!.before;
    let s = at;
    outer: while (s > floor) {
      const code = text.charCodeAt(s - 1);
      for (const cls of before) {
        if (this.test(cls, code)) {
          s--;
          continue outer;
        }
      }
      break;
    }
    return s;
  }

  /** Backtracks from `start` in priority order; returns the end of the first match or -1. */
  private run(text: string, start: number, visited: StateSet, stack: number[], budget: number): number {
    const { op, a, b, merge } = this;
    const n = text.length;
    stack.length = 0;
    stack.push(0, start);
    while (stack.length) {
      let pos = stack.pop()!;
      let pc = stack.pop()!;
      for (;;) {
        if (merge[pc]) {
          const key = pc * (n + 1) + pos;
          if (!visited.add(key)) break;
          if (visited.size > budget) throw new LinearPatternBudgetError(`more than ${budget} states searching /${this.source.slice(0, 40)}…/`);
        }
        const o = op[pc];
        if (o === CHAR) {
          if (pos < n && this.test(a[pc], text.charCodeAt(pos))) {
            pc++;
            pos++;
            continue;
          }
          break;
        }
        if (o === SPLIT) {
          stack.push(b[pc], pos);
          pc = a[pc];
          continue;
        }
        if (o === JMP) {
          pc = a[pc];
          continue;
        }
        return pos;
      }
    }
    return -1;
  }

  private test(cls: number, code: number): boolean {
    const c = this.classes[cls];
    if (c.re === null) return code === c.code;
    let v = c.cache![code];
    if (v === 0) c.cache![code] = v = c.re.test(String.fromCharCode(code)) ? 2 : 1;
    return v === 2;
  }

  private push(op: number, a: number, b: number): number {
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    return this.op.length - 1;
  }

  /** Emits the tree as a backtracking program: SPLIT tries `a` first, then `b`. */
  private emit(node: Node): void {
    switch (node.t) {
      case "char":
        this.push(CHAR, node.cls, 0);
        return;
      case "seq":
        node.items.forEach((item) => this.emit(item));
        return;
      case "alt": {
        const jumps: number[] = [];
        node.alts.forEach((alt, k) => {
          if (k === node.alts.length - 1) return this.emit(alt);
          const split = this.push(SPLIT, 0, 0);
          this.a[split] = split + 1;
          this.emit(alt);
          jumps.push(this.push(JMP, 0, 0));
          this.b[split] = this.op.length;
        });
        jumps.forEach((j) => (this.a[j] = this.op.length));
        return;
      }
      case "rep": {
        for (let k = 0; k < node.min; k++) this.emit(node.node);
        if (node.max === Infinity) {
          const split = this.push(SPLIT, 0, 0);
          this.emit(node.node);
          this.push(JMP, split, 0);
          this.setSplit(split, split + 1, this.op.length, node.greedy);
          return;
        }
        const splits: number[] = [];
        for (let k = node.min; k < node.max; k++) {
          splits.push(this.push(SPLIT, 0, 0));
          this.emit(node.node);
        }
        splits.forEach((s) => this.setSplit(s, s + 1, this.op.length, node.greedy));
        return;
      }
    }
  }

  private setSplit(split: number, body: number, out: number, greedy: boolean): void {
    this.a[split] = greedy ? body : out;
    this.b[split] = greedy ? out : body;
  }

  /**
   * A literal character every match reads (an instruction on every path from the start to the end),
   * whose own character no test before it accepts: the earliest such, or null. `before`: the tests of
   * the instructions reachable from the start without passing it.
   */
  private anchorOf(): { char: string; before: number[] } | null {
    const { op, a, b } = this;
    const reach = (avoid: number): Set<number> => {
      const seen = new Set<number>();
      const todo = [0];
      while (todo.length) {
        const pc = todo.pop()!;
        if (pc === avoid || seen.has(pc)) continue;
        seen.add(pc);
        if (op[pc] === CHAR) todo.push(pc + 1);
        else if (op[pc] === JMP) todo.push(a[pc]);
        else if (op[pc] === SPLIT) todo.push(a[pc], b[pc]);
      }
      return seen;
    };
    const end = op.length - 1;
    for (let pc = 0; pc < end; pc++) {
      const cls = this.classes[a[pc]];
      if (op[pc] !== CHAR || cls.re !== null) continue;
      const ahead = reach(pc);
      if (ahead.has(end)) continue;
      const before = [...new Set([...ahead].filter((p) => op[p] === CHAR).map((p) => a[p]))];
      if (before.some((k) => this.test(k, cls.code))) continue;
      return { char: String.fromCharCode(cls.code), before };
    }
    return null;
  }

  /**
   * One character matching a test of the instructions reachable from the start without reading a
   * character (where a match can begin), or null when the pattern matches the empty string.
   */
  private firstClasses(): RegExp | null {
    const seen = new Set<number>();
    const out = new Set<number>();
    const todo = [0];
    while (todo.length) {
      const pc = todo.pop()!;
      if (seen.has(pc)) continue;
      seen.add(pc);
      const o = this.op[pc];
      if (o === MATCH) return null;
      if (o === CHAR) out.add(this.a[pc]);
      else if (o === JMP) todo.push(this.a[pc]);
      else todo.push(this.a[pc], this.b[pc]);
    }
    return new RegExp([...out].map((k) => this.classes[k].source).join("|"));
  }
}
