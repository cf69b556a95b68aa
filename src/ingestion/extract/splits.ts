/**
 * Readings of a row whose cell boundaries were lost: a digit string split into n numbers (no number
 * has a leading zero unless it is 0, none has more than 15 digits). Bounded so that a pathological
 * row cannot hang the parser: more than `limit` readings, or more than MAX_STEPS cuts tried, and the
 * answer is null ("too many ways to split the printed digits") — never a part of the readings.
 *
 * The cuts are tried in the same order as a plain enumeration (shorter numbers first), and the same
 * readings come out in the same order; only cuts that cannot lead to a reading are not tried: a rest
 * of the digits that cannot form the numbers still to come (a table computed once), and with
 * `groupSize` a group's total that is not its parts' sum (the total is read off as that sum).
 */

export const MAX_READINGS = 20000;
/** Cuts one call may try (a few hundred milliseconds at most); no honest row comes near it. */
export const MAX_STEPS = 1_000_000;
const MAX_DIGITS = 15;

export function splitDigits(digits: string, n: number, limit = MAX_READINGS, groupSize = 0): number[][] | null {
  const len = digits.length;
  if (len < n || len > n * MAX_DIGITS || !/^\d*$/.test(digits)) return [];
  // fits[k * (len + 1) + pos]: digits[pos..] can be cut into k numbers.
  const fits = new Uint8Array((n + 1) * (len + 1));
  fits[len] = 1;
  for (let k = 1; k <= n; k++) {
    for (let pos = len - 1; pos >= 0; pos--) {
      const maxLen = digits[pos] === "0" ? 1 : Math.min(MAX_DIGITS, len - pos);
      for (let l = 1; l <= maxLen; l++) {
        if (fits[(k - 1) * (len + 1) + pos + l]) {
          fits[k * (len + 1) + pos] = 1;
          break;
        }
      }
    }
  }
  const canCut = (k: number, pos: number) => fits[k * (len + 1) + pos] === 1;
  if (!canCut(n, 0)) return [];

  return groupSize && n % groupSize === 0 ? groupedCuts(digits, n, groupSize, limit, canCut) : plainCuts(digits, n, limit, canCut);
}

/** Every cut, in order (shorter numbers first); each step leads to at least one reading. */
function plainCuts(digits: string, n: number, limit: number, canCut: (k: number, pos: number) => boolean): number[][] | null {
  const out: number[][] = [];
  const parts: number[] = [];
  let overflow = false;
  const rec = (pos: number) => {
    if (overflow) return;
    const left = n - parts.length;
    if (left === 0) {
      out.push([...parts]);
      if (out.length > limit) overflow = true;
      return;
    }
    const maxLen = digits[pos] === "0" ? 1 : Math.min(MAX_DIGITS, digits.length - pos);
    for (let l = 1; l <= maxLen; l++) {
      if (!canCut(left - 1, pos + l)) continue;
      parts.push(Number(digits.slice(pos, pos + l)));
      rec(pos + l);
      parts.pop();
    }
  };
  rec(0);
  return overflow ? null : out;
}

/** A cut of some numbers: where it ends, their sum, and their lengths (base 16, first number highest). */
interface Cut {
  end: number;
  sum: number;
  lens: number;
}

/** The numbers a cut of `k` numbers from `pos` reads. */
function partsOf(digits: string, pos: number, lens: number, k: number): number[] {
  const out: number[] = [];
  for (let i = k - 1; i >= 0; i--) {
    const l = Math.floor(lens / 16 ** i) % 16;
    out.push(Number(digits.slice(pos, pos + l)));
    pos += l;
  }
  return out;
}

/**
 * The cuts whose groups each end in their total. A group's other parts are cut in two halves, each
 * enumerated once per start (meet in the middle), and joined on the total: the cost grows with the
 * square root of the cuts a plain enumeration would try. Groups are memoised by start, and the
 * readings counted before any is built (more than `limit`: null).
 */
function groupedCuts(digits: string, n: number, g: number, limit: number, canCut: (k: number, pos: number) => boolean): number[][] | null {
  const len = digits.length;
  const groups = n / g;
  let steps = 0;
  const halves = new Map<string, Cut[] | null>();
  /** Every way to cut k numbers from `pos` that leaves room for `rest` numbers after them, in order; null past MAX_STEPS. */
  const cutsFrom = (pos: number, k: number, rest: number): Cut[] | null => {
    const key = `${pos}:${k}:${rest}`;
    if (halves.has(key)) return halves.get(key)!;
    const out: Cut[] = [];
    let cut = 0;
    const rec = (p: number, sum: number, lens: number): boolean => {
      if (++steps > MAX_STEPS) return false;
      if (cut === k) {
        out.push({ end: p, sum, lens });
        return true;
      }
      const maxLen = digits[p] === "0" ? 1 : Math.min(MAX_DIGITS, len - p);
      for (let l = 1; l <= maxLen; l++) {
        if (!canCut(k - cut - 1 + rest, p + l)) continue;
        cut++;
        const ok = rec(p + l, sum + Number(digits.slice(p, p + l)), lens * 16 + l);
        cut--;
        if (!ok) return false;
      }
      return true;
    };
    const result = rec(pos, 0, 0) ? out : null;
    halves.set(key, result);
    return result;
  };
  const first = Math.floor((g - 1) / 2);
  const second = g - 1 - first;
  const options = new Map<number, Cut[] | null>();
  /** The ways group `j` can be cut from `pos`, its total last, in order; null past MAX_STEPS. */
  const groupFrom = (pos: number, j: number): Cut[] | null => {
    const key = j * (len + 1) + pos;
    if (options.has(key)) return options.get(key)!;
    const after = (groups - j - 1) * g;
    const heads = cutsFrom(pos, first, second + 1 + after);
    let found: Cut[] | null = heads && [];
    const byMiddle = new Map<string, Cut[]>();
    for (const h of heads ?? []) {
      const k = `${h.end}:${h.sum}`;
      const list = byMiddle.get(k);
      if (list) list.push(h);
      else byMiddle.set(k, [h]);
    }
    for (const mid of new Set((heads ?? []).map((h) => h.end))) {
      const tails = cutsFrom(mid, second, 1 + after);
      if (!tails) {
        found = null;
        break;
      }
      for (const t of tails) {
        const maxLen = digits[t.end] === "0" ? 1 : Math.min(MAX_DIGITS, len - t.end);
        for (let l = 1; l <= maxLen; l++) {
          if (!canCut(after, t.end + l)) continue;
          const total = Number(digits.slice(t.end, t.end + l));
          for (const h of byMiddle.get(`${mid}:${total - t.sum}`) ?? []) {
            found!.push({ end: t.end + l, sum: total, lens: (h.lens * 16 ** second + t.lens) * 16 + l });
          }
        }
      }
    }
    found?.sort((a, b) => a.lens - b.lens);
    options.set(key, found);
    return found;
  };
  // Readings from each (group, start), counted up to limit + 1.
  const counts = new Map<number, number>();
  let incomplete = false;
  const count = (pos: number, j: number): number => {
    if (j === groups) return pos === len ? 1 : 0;
    const key = j * (len + 1) + pos;
    const known = counts.get(key);
    if (known !== undefined) return known;
    const opts = groupFrom(pos, j);
    if (opts == null) incomplete = true;
    let c = 0;
    for (const o of opts ?? []) c = Math.min(limit + 1, c + count(o.end, j + 1));
    counts.set(key, c);
    return c;
  };
  if (count(0, 0) > limit || incomplete) return null;
  const out: number[][] = [];
  const build = (pos: number, j: number, acc: number[]) => {
    if (j === groups) {
      out.push(acc);
      return;
    }
    for (const o of groupFrom(pos, j)!) if (count(o.end, j + 1) > 0) build(o.end, j + 1, [...acc, ...partsOf(digits, pos, o.lens, g)]);
  };
  build(0, 0, []);
  return out;
}
