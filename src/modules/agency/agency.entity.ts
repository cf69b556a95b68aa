import { EntitySchema } from "typeorm";

export type AgencyKind = "GOVERNMENT" | "GENERAL_OFFICE" | "DEPARTMENT" | "TOWNSHIP" | "OTHER";

export interface AgencyRow {
  id: number;
  /** Current name. Former names live in agency_name. */
  name: string;
  regionCode: string | null;
  kind: AgencyKind;
  parentId: number | null;
  /** Region code and normalised current name (store/keys.ts): unique, so concurrent imports cannot duplicate an agency. */
  nameKey: string;
  createdAt: Date;
}

/** One name an agency carried, with the report years it was used in (null: open-ended). */
export interface AgencyNameRow {
  id: number;
  agencyId: number;
  name: string;
  fromYear: number | null;
  toYear: number | null;
}

export const AgencyEntity = new EntitySchema<AgencyRow>({
  name: "Agency",
  tableName: "agency",
  columns: {
    id: { type: "integer", primary: true, generated: "increment" },
    name: { type: "varchar", length: 200 },
    regionCode: { type: "varchar", length: 12, nullable: true },
    kind: { type: "varchar", length: 20 },
    parentId: { type: "integer", nullable: true },
    nameKey: { type: "varchar", length: 230 },
    createdAt: { type: Date, createDate: true },
  },
  indices: [{ columns: ["name"] }, { columns: ["regionCode", "kind"] }, { columns: ["parentId"] }, { columns: ["nameKey"], unique: true }],
});

export const AgencyNameEntity = new EntitySchema<AgencyNameRow>({
  name: "AgencyName",
  tableName: "agency_name",
  columns: {
    id: { type: "integer", primary: true, generated: "increment" },
    agencyId: { type: "integer" },
    name: { type: "varchar", length: 200 },
    fromYear: { type: "integer", nullable: true },
    toYear: { type: "integer", nullable: true },
  },
  indices: [{ columns: ["name"] }, { columns: ["agencyId"] }],
  foreignKeys: [{ target: "Agency", columnNames: ["agencyId"], referencedColumnNames: ["id"], onDelete: "CASCADE" }],
});
