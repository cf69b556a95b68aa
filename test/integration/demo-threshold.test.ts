import { openDataSource } from "../../src/db/data-source";
import { loadDemo } from "../../src/demo/real-reports";

/**
 * `npm start` loads the shipped reports with the configured N1 threshold (GONGKAI_N1_THRESHOLD), as the
 * CLI import and the importReport mutation do: a lower threshold flags more sections as copied.
 */
describe("the start-up loader honours the configured N1 threshold", () => {
  const n1Messages = async (threshold?: number): Promise<string[]> => {
    const ds = await openDataSource({ kind: "sqlite", location: ":memory:" });
    try {
      await loadDemo(ds, { townships: false, copyThreshold: threshold });
      return (await ds.query("SELECT message FROM finding WHERE rule = 'N1' ORDER BY message")).map((r: { message: string }) => r.message);
    } finally {
      await ds.destroy();
    }
  };

  it("a threshold of 0.01 flags every section that shares any passage with the agency's previous report, and says so", async () => {
    const loose = await n1Messages(0.01);
    const strict = await n1Messages(undefined);
    expect(loose.length).toBeGreaterThanOrEqual(strict.length);
    expect(loose.length).toBeGreaterThanOrEqual(1);
    for (const m of loose) expect(m).toMatch(/threshold 0\.01\)$/);
    for (const m of strict) expect(m).toMatch(/threshold 0\.9\)$/);
  }, 120_000);
});
