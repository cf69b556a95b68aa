import type { RowLabel } from "../../domain/lexicon";
import { LinearPatternBudgetError } from "../../shared/linear-regex";

export interface LabelHit {
  index: number;
  match: string;
}

/**
 * Finds row labels one after the other, each searched after the previous match. A search past its
 * bounded work (LinearPatternBudgetError) stops there: that label and the ones after it are not
 * searched (`unsearchedFrom`), so their rows are unknown, never missing or 0.
 */
export function findLabelsInOrder(text: string, labels: readonly RowLabel[]): { hits: Array<LabelHit | null>; unsearchedFrom: number } {
  const hits: Array<LabelHit | null> = [];
  let cursor = 0;
  for (const [i, label] of labels.entries()) {
    let m: LabelHit | null;
    try {
      m = label.exec(text, cursor);
    } catch (e) {
      if (!(e instanceof LinearPatternBudgetError)) throw e;
      return { hits: [...hits, ...labels.slice(i).map(() => null)], unsearchedFrom: i };
    }
    hits.push(m);
    if (m) cursor = m.index + m.match.length;
  }
  return { hits, unsearchedFrom: labels.length };
}

/** The numbers printed inside a (wrapped) label's text, as one space-separated run: they are the row's (see WRAP_GAP). */
export function numbersIn(labelText: string): string {
  return (labelText.match(/\d[\d.,]*(?:[ \t]+\d[\d.,]*)*/g) ?? []).join(" ");
}
