import { EntitySchema } from "typeorm";

export type RegionLevel = "province" | "prefecture" | "county" | "township";

/** A GB/T 2260 administrative division. Township codes extend the county code to 12 digits. */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export const RegionEntity = new EntitySchema<RegionRow>({
  name: "Region",
  tableName: "region",
  columns: {
    code: { type: "varchar", length: 12, primary: true },
    name: { type: "varchar", length: 100 },
    level: { type: "varchar", length: 12 },
    parentCode: { type: "varchar", length: 12, nullable: true },
  },
  indices: [{ columns: ["parentCode"] }, { columns: ["name"] }],
});
