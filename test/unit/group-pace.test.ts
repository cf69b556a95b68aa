import { GroupPace } from "../../src/ingestion/group-pace";

describe("import group pace", () => {
  it("starts at 50 reports, or the configured group when smaller", () => {
    expect(new GroupPace(200).limit()).toBe(50);
    expect(new GroupPace(20).limit()).toBe(20);
    expect(new GroupPace(1).limit()).toBe(1);
  });

  it("fills a group of 200 with short reports and keeps long ones to about a second", () => {
    const fast = new GroupPace(200);
    fast.record(50, 240); // 4.8 ms a report: 208 fit in a second
    expect(fast.limit()).toBe(200);
    const slow = new GroupPace(200);
    slow.record(50, 1500); // 30 ms a report
    expect(slow.limit()).toBe(33);
  });

  it("follows a change of pace within a few groups", () => {
    const pace = new GroupPace(200);
    pace.record(200, 1000); // 5 ms
    expect(pace.limit()).toBe(200);
    pace.record(40, 1200); // 30 ms: average 17.5
    expect(pace.limit()).toBe(57);
    pace.record(50, 1500); // 30 ms: average 23.75
    expect(pace.limit()).toBe(42);
  });

  it("ignores empty or impossible measurements and refuses an impossible group", () => {
    const pace = new GroupPace(200);
    pace.record(0, 100);
    pace.record(10, Number.NaN);
    pace.record(10, -5);
    expect(pace.limit()).toBe(50);
    pace.record(10, 0); // storing took no measurable time: the configured group
    expect(pace.limit()).toBe(200);
    pace.record(1, 5000); // one report took 5 s: one at a time (average 2.5 s)
    expect(pace.limit()).toBe(1);
    expect(() => new GroupPace(0)).toThrow(RangeError);
  });
});
