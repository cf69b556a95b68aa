/**
 * Many reports at once (generated provinces, benchmarks): the import's own batch writer
 * (store/batch-writer.ts) — the same statements, rules, cross-year and N1 findings, ledger and read
 * model as `gongkai import` — fed `batchSize` reports per transaction, the next batch built while one
 * is written. Regions and agencies (with the generator's ids, kinds and parents) are inserted first
 * by the helpers below; an item may carry the agency it belongs to (a generated province hands over
 * the agencies it has just inserted), otherwise it is found by name and region, as an import does.
 */
import type { DataSource } from "typeorm";
import { RegionEntity, RegionRow } from "../modules/region/region.entity";
import type { CrossYearChecker } from "./cross-year";
import { BatchItem, persistReports } from "./batch-writer";

export { insertAgencies } from "./agency-writer";
export { maxId } from "./sql";

export type BulkReport = BatchItem;

export interface BulkOptions {
  /** Reports per transaction (default 100). */
  batchSize?: number;
  /** The cross-year rules; without them no X1–X3 findings are written. */
  crossYear?: CrossYearChecker;
  onProgress?: (reports: number) => void;
}

export interface BulkStats {
  reports: number;
  findings: number;
}

/** Regions not yet stored, in batches of 500. */
export async function insertRegions(ds: DataSource, regions: RegionRow[]): Promise<number> {
  const existing = new Set((await ds.getRepository(RegionEntity).find({ select: { code: true } })).map((r) => r.code));
  const fresh = regions.filter((r) => !existing.has(r.code));
  for (let i = 0; i < fresh.length; i += 500) await ds.getRepository(RegionEntity).insert(fresh.slice(i, i + 500));
  return fresh.length;
}

export async function writeReports(ds: DataSource, items: Iterable<BulkReport>, options: BulkOptions = {}): Promise<BulkStats> {
  const size = options.batchSize ?? 100;
  const findingCount = async () => Number((await ds.query("SELECT COUNT(*) AS n FROM finding"))[0].n);
  const findingsBefore = await findingCount();
  let count = 0;
  let batch: BulkReport[] = [];
  const flush = async (reports: BulkReport[], written: number) => {
    await persistReports(ds, reports, { crossYear: options.crossYear });
    options.onProgress?.(written);
  };
  // One batch is written while the next is built: the database and this process work at the same
  // time. Building yields to the event loop every few reports so the write's statements go out
  // promptly; batches still commit one after the other, in order.
  let writing: Promise<void> | null = null;
  const settle = async () => {
    if (writing) await writing;
    writing = null;
  };
  try {
    for (const item of items) {
      batch.push(item);
      count++;
      if (batch.length >= size) {
        await settle();
        writing = flush(batch, count);
        // Marked handled here; its failure is thrown by the next settle().
        writing.catch(() => undefined);
        batch = [];
      } else if (writing && count % 8 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await settle();
    if (batch.length) await flush(batch, count);
  } finally {
    // A failed build (the generator threw) still waits for the batch being written.
    await writing?.catch(() => undefined);
  }
  // The findings stored, the cross-year and N1 ones included.
  return { reports: count, findings: (await findingCount()) - findingsBefore };
}
