/**
 * How many reports the next group of `gongkai import` may hold (src/cli/import.ts): up to
 * GONGKAI_IMPORT_GROUP, and no more than about a second of storing at the pace measured so far — the
 * storing time a report of each group, averaged with the groups before at half weight — so that a
 * group's transaction holds its locks (on SQLite, the write lock) for about a second: short
 * generated texts (~5 ms each on a 2-core machine) fill a group of ~200, long real reports (~30 ms)
 * about 33. Before the first group is stored nothing is known: at most `first` (50). The pace
 * follows the reports stored, not those waiting: the first group of long reports after short ones
 * is sized at the short ones' pace.
 */
export class GroupPace {
  private msPerReport: number | null = null;

  constructor(private readonly max: number, private readonly budgetMs = 1000, private readonly first = 50) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a group holds a whole number ≥ 1 of reports, got ${max}`);
  }

  /** A group of `reports` took `ms` to store. */
  record(reports: number, ms: number): void {
    if (!(reports > 0) || !Number.isFinite(ms) || ms < 0) return;
    const each = ms / reports;
    // Weighted towards the recent groups: a folder of generated texts followed by real reports slows down within a few groups.
    this.msPerReport = this.msPerReport == null ? each : 0.5 * this.msPerReport + 0.5 * each;
  }

  /** Reports the next group may hold (at least 1). */
  limit(): number {
    if (this.msPerReport == null) return Math.min(this.max, this.first);
    // No measurable time (0 ms): 1000 / 0 is Infinity, and the group is the configured one.
    return Math.max(1, Math.min(this.max, Math.floor(this.budgetMs / this.msPerReport)));
  }
}
