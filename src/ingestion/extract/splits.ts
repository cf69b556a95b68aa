/**
 * Readings of a row whose cell boundaries were lost: a digit string split into n numbers (no number
 * has a leading zero unless it is 0). Bounded so a pathological row cannot hang the parser.
 */

export const MAX_READINGS = 20000;

export function splitDigits(digits: string, n: number, limit = MAX_READINGS, groupSize = 0): number[][] | null {
  if (digits.length < n || !/^\d*$/.test(digits)) return [];
  const out: number[][] = [];
  const parts: number[] = [];
  let overflow = false;
  const rec = (pos: number) => {
    if (overflow) return;
    // With `groupSize`, only cuts whose groups end in their total (the row totals): the others are
    // pruned as soon as a group is complete, so a long row of large numbers stays within the limit.
    if (groupSize && parts.length > 0 && parts.length % groupSize === 0) {
      const group = parts.slice(-groupSize);
      if (group.slice(0, -1).reduce((a, b) => a + b, 0) !== group[groupSize - 1]) return;
    }
    const left = n - parts.length;
    if (left === 0) {
      if (pos === digits.length) {
        out.push([...parts]);
        if (out.length > limit) overflow = true;
      }
      return;
    }
    const remaining = digits.length - pos;
    if (remaining < left) return;
    const maxLen = Math.min(remaining - (left - 1), digits[pos] === "0" ? 1 : 15);
    for (let len = 1; len <= maxLen; len++) {
      parts.push(Number(digits.slice(pos, pos + len)));
      rec(pos + len);
      parts.pop();
    }
  };
  rec(0);
  return overflow ? null : out;
}
