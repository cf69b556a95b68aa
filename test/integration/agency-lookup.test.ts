/**
 * findAgency (store/agency-writer.ts): which stored agency a printed name stands for, on both
 * databases. By its key (region and name in normal form) in any case; by its current or a former name
 * only when its region is the report's or unknown; the smallest id when several match; null when none.
 */
import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { RegionService } from "../../src/modules/region/region.service";
import { findAgencies, findAgency, findOrCreateAgency, insertAgencies } from "../../src/store/agency-writer";

const R1 = "990101";
const R2 = "990102";

describe.each(testDatabases())("agency lookup on %s", (_db, open) => {
  let ds: DataSource;
  const id = async (name: string, region: string | null) => (await findAgency(ds, name, region))?.id ?? null;

  beforeAll(async () => {
    ds = await open();
    await new RegionService(ds).seed();
    await ds.transaction((em) => insertAgencies(em, [
      { id: 11, name: "示例县教育局", kind: "DEPARTMENT", regionCode: R1, parentId: null },
      { id: 12, name: "示例县教育局", kind: "DEPARTMENT", regionCode: R2, parentId: null },
      { id: 13, name: "示例县无区划局", kind: "DEPARTMENT", regionCode: null, parentId: null },
      { id: 14, name: "示例县新名局", kind: "DEPARTMENT", regionCode: R1, parentId: null },
      { id: 15, name: "示例县重名局", kind: "DEPARTMENT", regionCode: null, parentId: null },
      { id: 16, name: "示例县重名局", kind: "DEPARTMENT", regionCode: R1, parentId: null },
    ]));
    // Agency 14's former name; agency 16 was once called what 11 is called now.
    await ds.query("INSERT INTO agency_name (agencyId, name, fromYear, toYear) VALUES (14, '示例县旧名局', 2015, 2019), (16, '示例县教育局', 2010, 2012)");
  });
  afterAll(() => ds.destroy());

  it("finds an agency by its key in its own region, not another region's namesake", async () => {
    expect(await id("示例县教育局", R1)).toBe(11);
    expect(await id("示例县教育局", R2)).toBe(12);
    // The key's normal form: white space and full-width forms do not count.
    expect(await id("示例县 教育局", R2)).toBe(12);
  });

  it("finds an agency without a region by name from any region", async () => {
    expect(await id("示例县无区划局", R2)).toBe(13);
    expect(await id("示例县无区划局", null)).toBe(13);
  });

  it("finds a former name in the agency's region only", async () => {
    expect(await id("示例县旧名局", R1)).toBe(14);
    expect(await id("示例县旧名局", R2)).toBeNull();
    expect(await id("示例县旧名局", null)).toBe(14);
  });

  it("takes the smallest id among the matches, and null when nothing matches", async () => {
    // By name: 15 (no region) and 16 (R1) both match in R1; 15 alone in R2.
    expect(await id("示例县重名局", R1)).toBe(15);
    expect(await id("示例县重名局", R2)).toBe(15);
    // Without a region every agency of the name, current or former, matches: 11, 12 and 16 (former).
    expect(await id("示例县教育局", null)).toBe(11);
    expect(await id("示例县未知局", R1)).toBeNull();
    expect(await id("示例县未知局", null)).toBeNull();
  });

  it("looks many names up in one statement per 200, each answered as alone", async () => {
    const asked: Array<[string, string | null, number | null]> = [
      ["示例县教育局", R1, 11], ["示例县教育局", R2, 12], ["示例县 教育局", R2, 12], ["示例县无区划局", R2, 13], ["示例县无区划局", null, 13],
      ["示例县旧名局", R1, 14], ["示例县旧名局", R2, null], ["示例县旧名局", null, 14], ["示例县重名局", R1, 15], ["示例县重名局", R2, 15],
      ["示例县教育局", null, 11], ["示例县未知局", R1, null], ["示例县未知局", null, null],
    ];
    const statements: string[] = [];
    const em = { query: (sql: string, params?: unknown[]) => (statements.push(sql), ds.query(sql, params)) };
    const found = await findAgencies(em, asked.map(([name, regionCode]) => ({ name, regionCode })));
    expect(found.map((a) => a?.id ?? null)).toEqual(asked.map(([, , want]) => want));
    expect(statements).toHaveLength(1);
    // 450 lookups (the list above over and over): three statements, every answer in its place.
    statements.length = 0;
    const many = Array.from({ length: 450 }, (_, i) => asked[i % asked.length]);
    const all = await findAgencies(em, many.map(([name, regionCode]) => ({ name, regionCode })));
    expect(all.map((a) => a?.id ?? null)).toEqual(many.map(([, , want]) => want));
    expect(statements).toHaveLength(3);
  });

  it("finds an agency whose name is not valid UTF-16 (stored with U+FFFD), so that a second import does not create it again", async () => {
    const name = "示例县y\uD800局";
    const first = await ds.transaction((em) => findOrCreateAgency(em, name, R1, 2020));
    const again = await ds.transaction((em) => findOrCreateAgency(em, name, R1, 2021));
    expect(again.id).toBe(first.id);
    expect((await findAgencies(ds, [{ name, regionCode: R1 }, { name: "示例县教育局", regionCode: R1 }])).map((a) => a?.id)).toEqual([first.id, 11]);
  });

  it("returns the agency's row as stored", async () => {
    const a = await findAgency(ds, "示例县教育局", R2);
    expect(a).toMatchObject({ id: 12, name: "示例县教育局", regionCode: R2, kind: "DEPARTMENT", parentId: null, nameKey: `${R2}:示例县教育局` });
    expect(a!.createdAt).toBeInstanceOf(Date);
  });
});
