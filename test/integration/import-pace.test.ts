/**
 * `gongkai import` sizes its groups by the pace it measures (ingestion/group-pace.ts): the command
 * asks the pace how many reports the next group may hold and tells it how long each group took to
 * store. With the pace held at 3 reports, seven files are stored in groups of at most 3, and every
 * stored report is counted once in what the pace is told.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { importCommand } from "../../src/cli/import";
import { GroupPace } from "../../src/ingestion/group-pace";
import { fixture } from "../helpers/fixtures";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-pace-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("import group pace", () => {
  it("stores groups no larger than the pace allows and reports each group's storing to it", async () => {
    const folder = path.join(tmp, "in");
    fs.mkdirSync(folder);
    const seed = fixture("2020-liaocheng-yingjiju").expected;
    for (let i = 0; i < 7; i++) {
      fs.writeFileSync(path.join(folder, `r${i}.json`), JSON.stringify({ ...seed, agency: `示例省第1市第${i + 1}县节奏局`, year: 2022, regionCode: "990101" }));
    }
    const limit = jest.spyOn(GroupPace.prototype, "limit").mockReturnValue(3);
    const record = jest.spyOn(GroupPace.prototype, "record");
    const out: string[] = [];
    let calls: Array<[number, number]> = [];
    let asked = 0;
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `sqlite:${path.join(tmp, "pace.sqlite")}`;
    try {
      await importCommand([folder, "--jsonl"], {
        stdout: new Writable({ write: (c, _e, done) => (out.push(String(c)), done()) }),
        stderr: new Writable({ write: (_c, _e, done) => done() }),
      });
    } finally {
      // Read before restoring: restoring a spy clears what it recorded.
      calls = record.mock.calls.map(([reports, ms]) => [reports, ms]);
      asked = limit.mock.calls.length;
      limit.mockRestore();
      record.mockRestore();
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    expect(out.join("").trim().split("\n").map((l) => JSON.parse(l).status)).toEqual(Array(7).fill("imported"));
    expect(asked).toBeGreaterThanOrEqual(7);
    const groups = calls.map(([reports]) => reports).filter((n) => n > 0);
    // [3, 3, 1] unless the one-second rule ended a group earlier on a slow machine.
    expect(groups.every((n) => n <= 3)).toBe(true);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(7);
    expect(calls.every(([, ms]) => Number.isFinite(ms) && ms >= 0)).toBe(true);
  });
});
