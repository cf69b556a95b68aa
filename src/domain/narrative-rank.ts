/**
 * The ranked postings of narrative search: per section, each distinct character bigram of its normal
 * form with a weight — the bigram's BM25 term weight in the section (k1 1.2, b 0.75, length relative
 * to a fixed 500 characters, so a weight never changes when other reports arrive), as an integer
 * (× 10^6) so that SQLite and MySQL compare and page by it exactly.
 *
 * Search walks one bigram's postings best first (the query's rarest, see modules/narratives), so its
 * first page reads about `first` rows however large the corpus is; the weight of that bigram is the
 * hit's relevance.
 */
import { bigramKey } from "./narrative";

export const K1 = 1.2;
export const B = 0.75;
/** The section length the weights are normalised against (normal-form characters). */
export const AVERAGE_CHARS = 500;
export const WEIGHT_SCALE = 1e6;

/** BM25 weight of a term occurring `tf` times in a section of `chars` characters, as a scaled integer. */
export function postingWeight(tf: number, chars: number): number {
  return Math.round((WEIGHT_SCALE * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * chars) / AVERAGE_CHARS)));
}

/** Each distinct bigram of normal-form code points with its number of occurrences. */
export function bigramCounts(chars: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const key = bigramKey(chars[i], chars[i + 1]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The postings of one section in normal form: bigram key and weight. */
export function sectionPostings(body: string): Array<{ term: number; weight: number }> {
  const chars = [...body];
  return [...bigramCounts(chars)].map(([term, tf]) => ({ term, weight: postingWeight(tf, chars.length) }));
}
