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
 * A coarse form of an agency name or key, or null when the name holds a character it cannot speak
 * for. Two names with forms that differ are different under every collation the store meets — SQLite
 * (bytes), MariaDB (utf8mb4_general_ci, _unicode_ci, _uca1400_ai_ci), MySQL 8 (utf8mb4_0900_ai_ci);
 * equal forms say only "maybe the same", and the caller asks the database. It is an allowlist: ASCII
 * letters (case folded) and digits and the CJK unified ideographs of the BMP are kept — no collation
 * holds one of them equal to another of them — and ASCII, ideographic and common full-width or CJK
 * punctuation and spaces are dropped; anything else (full-width letters and digits, radicals and
 * compatibility ideographs, 〇, Latin letters with marks, characters beyond the BMP, ignorable
 * ones…), which some collation weighs like another character or not at all, gives null. The
 * collations meant are the default utf8mb4 ones the schema is created with; a language-tailored
 * collation (Hungarian "cs", say) is not covered.
 */
export function collationFold(s: string): string | null {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff)) out += s[i];
    else if (c >= 0x61 && c <= 0x7a) out += String.fromCharCode(c - 0x20);
    else if (!SEPARATORS.has(s[i])) return null;
  }
  return out;
}

/** Dropped by collationFold: punctuation and spaces (no collation weighs one like a letter, digit or ideograph). */
const SEPARATORS = new Set([..." !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "\u3000", ..."、。，：；！？（）《》〈〉【】「」『』〔〕“”‘’—…·－／"]);

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
