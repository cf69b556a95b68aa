import { sharedVersionReader } from "../../src/graphql/cache";

/** A version store whose reads are counted and resolved by hand, and whose version a "write" bumps. */
function fakeDatabase() {
  let version = 1;
  const reads: Array<{ sentAt: number; resolve: () => void }> = [];
  return {
    write: () => void version++,
    reads,
    read: () => new Promise<string>((resolve) => {
      // The statement sees the version as it is when it is sent.
      const seen = version;
      reads.push({ sentAt: seen, resolve: () => resolve(`e:${seen}`) });
    }),
  };
}

const turn = () => new Promise((r) => setImmediate(r));

describe("sharedVersionReader", () => {
  it("answers requests of one turn with one read, sent after the last of them arrived", async () => {
    const db = fakeDatabase();
    const version = sharedVersionReader(db.read);
    const first = version();
    db.write(); // committed before the second and third requests arrive
    const rest = [version(), version()];
    await turn();
    expect(db.reads.length).toBe(1);
    db.reads[0].resolve();
    expect(await Promise.all([first, ...rest])).toEqual(["e:2", "e:2", "e:2"]);
  });

  it("never joins a read already sent: a request after a write gets a read of its own that sees it", async () => {
    const db = fakeDatabase();
    const version = sharedVersionReader(db.read);
    const before = version();
    await turn(); // the first read is sent (version 1) and still running
    db.write();
    const after = version();
    await turn();
    expect(db.reads.map((r) => r.sentAt)).toEqual([1, 2]);
    db.reads.forEach((r) => r.resolve());
    expect([await before, await after]).toEqual(["e:1", "e:2"]);
  });

  it("passes a failed read to every request that shared it", async () => {
    let calls = 0;
    const version = sharedVersionReader(async () => {
      calls++;
      throw new Error("database away");
    });
    const results = await Promise.allSettled([version(), version()]);
    expect(calls).toBe(1);
    expect(results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "fulfilled"))).toEqual(["database away", "database away"]);
  });
});
