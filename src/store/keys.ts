/**
 * The unique keys where identity lives (migration 1796240000000 holds a frozen copy of the agency
 * key). Writers set them on every row they write, and rely on the database's UNIQUE index, not on a
 * check-then-insert, to keep two concurrent writers from creating the same agency or two current
 * revisions of one agency-year.
 */

/** An agency's identity: its region code ("-" when unknown, so a NULL region collides too) and its normalised name. */
export function agencyNameKey(regionCode: string | null | undefined, name: string): string {
  return `${regionCode || "-"}:${agencyNameForm(name)}`.slice(0, 230);
}

/** A name's normal form in the agency key (NFKC, no white space), untruncated. */
export function agencyNameForm(name: string): string {
  return name.normalize("NFKC").replace(/\s+/g, "");
}

/**
 * A coarse form of an agency name or key, for telling apart names that no database can hold equal:
 * two strings that SQLite (bytes), MariaDB (utf8mb4_general_ci, _unicode_ci, _uca1400 _ai_ci) or
 * MySQL 8 (utf8mb4_0900_ai_ci) compare as equal always have the same form; two with different forms
 * are different under all of them. It is coarser than any of them on purpose — compatibility forms
 * unified (NFKD), case folded, marks, punctuation, spaces and other non-letters dropped (ignorable or
 * not), every letter or digit outside ASCII and the CJK ideographs, and every character beyond the
 * BMP (general_ci weighs them all alike), made one placeholder — so equal forms say only "maybe the
 * same", and the caller asks the database.
 */
export function collationFold(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFKD").toUpperCase().normalize("NFKD")) {
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff)) out += ch;
    else if (cp > 0xffff || LETTER_OR_DIGIT.test(ch)) out += "\u00b7";
  }
  return out;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** The current revision's key (`agencyId:year`); every other revision stores NULL. */
export function currentKeyOf(agencyId: number, year: number): string {
  return `${agencyId}:${year}`;
}

/** Errors a concurrent writer can cause, after which the whole transaction is worth running again. */
export function isTransient(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err?.driverError?.code ?? err?.code;
  const errno = err?.driverError?.errno ?? err?.errno;
  return code === "ER_DUP_ENTRY" || code === "ER_LOCK_DEADLOCK" || code === "ER_LOCK_WAIT_TIMEOUT"
    || errno === 1062 || errno === 1213 || errno === 1205
    || code === "SQLITE_BUSY" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** How many transactions were run again since start-up (for metrics and tests). */
export const retries = { count: 0 };

/**
 * Runs `work` (one whole transaction) again when a concurrent writer made it fail: the other writer
 * has committed by then, so the next attempt finds its rows (an agency, a revision) and uses them.
 */
export async function retryTransient<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= attempts || !isTransient(e)) throw e;
      retries.count++;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
