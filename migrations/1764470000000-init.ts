import { MigrationInterface, QueryRunner, Table, TableForeignKeyOptions } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

const cascade = (column: string, table: string, referenced = "id"): TableForeignKeyOptions => ({
  columnNames: [column], referencedTableName: table, referencedColumnNames: [referenced], onDelete: "CASCADE", onUpdate: "NO ACTION",
});

/**
 * The figure columns (one nullable BIGINT per catalogue cell) as the catalogue stood when this migration
 * was written. Frozen text: a cell added to the catalogue later needs its own migration, and the drift
 * test fails until it has one. `Summaries1764480000000` reuses this list for stat_summary.
 */
export const FIGURE_COLUMNS_1764470000000: readonly string[] = [
  "p19_regulations_newlyMade", "p19_regulations_newlyPublished", "p19_regulations_totalPublished",
  "p19_normativeDocuments_newlyMade", "p19_normativeDocuments_newlyPublished",
  "p19_normativeDocuments_totalPublished", "p19_licensing_previousYearItems", "p19_licensing_change",
  "p19_licensing_decisions", "p19_otherManagementServices_previousYearItems", "p19_otherManagementServices_change",
  "p19_otherManagementServices_decisions", "p19_punishment_previousYearItems", "p19_punishment_change",
  "p19_punishment_decisions", "p19_coercion_previousYearItems", "p19_coercion_change", "p19_coercion_decisions",
  "p19_fees_previousYearItems", "p19_fees_change", "p19_procurement_projects", "p19_procurement_totalAmount",
  "p21_regulations_issued", "p21_regulations_repealed", "p21_regulations_inForce", "p21_normativeDocuments_issued",
  "p21_normativeDocuments_repealed", "p21_normativeDocuments_inForce", "p21_licensing_decisions",
  "p21_punishment_decisions", "p21_coercion_decisions", "p21_fees_amountWanYuan", "a_newReceived_natural",
  "a_newReceived_commercial", "a_newReceived_research", "a_newReceived_publicInterest", "a_newReceived_legal",
  "a_newReceived_otherOrg", "a_newReceived_total", "a_carriedOver_natural", "a_carriedOver_commercial",
  "a_carriedOver_research", "a_carriedOver_publicInterest", "a_carriedOver_legal", "a_carriedOver_otherOrg",
  "a_carriedOver_total", "a_o_granted_natural", "a_o_granted_commercial", "a_o_granted_research",
  "a_o_granted_publicInterest", "a_o_granted_legal", "a_o_granted_otherOrg", "a_o_granted_total",
  "a_o_partiallyGranted_natural", "a_o_partiallyGranted_commercial", "a_o_partiallyGranted_research",
  "a_o_partiallyGranted_publicInterest", "a_o_partiallyGranted_legal", "a_o_partiallyGranted_otherOrg",
  "a_o_partiallyGranted_total", "a_o_denied_stateSecret_natural", "a_o_denied_stateSecret_commercial",
  "a_o_denied_stateSecret_research", "a_o_denied_stateSecret_publicInterest", "a_o_denied_stateSecret_legal",
  "a_o_denied_stateSecret_otherOrg", "a_o_denied_stateSecret_total", "a_o_denied_lawForbidden_natural",
  "a_o_denied_lawForbidden_commercial", "a_o_denied_lawForbidden_research", "a_o_denied_lawForbidden_publicInterest",
  "a_o_denied_lawForbidden_legal", "a_o_denied_lawForbidden_otherOrg", "a_o_denied_lawForbidden_total",
  "a_o_denied_threeSecurityOneStability_natural", "a_o_denied_threeSecurityOneStability_commercial",
  "a_o_denied_threeSecurityOneStability_research", "a_o_denied_threeSecurityOneStability_publicInterest",
  "a_o_denied_threeSecurityOneStability_legal", "a_o_denied_threeSecurityOneStability_otherOrg",
  "a_o_denied_threeSecurityOneStability_total", "a_o_denied_thirdPartyRights_natural",
  "a_o_denied_thirdPartyRights_commercial", "a_o_denied_thirdPartyRights_research",
  "a_o_denied_thirdPartyRights_publicInterest", "a_o_denied_thirdPartyRights_legal",
  "a_o_denied_thirdPartyRights_otherOrg", "a_o_denied_thirdPartyRights_total", "a_o_denied_internalAffairs_natural",
  "a_o_denied_internalAffairs_commercial", "a_o_denied_internalAffairs_research",
  "a_o_denied_internalAffairs_publicInterest", "a_o_denied_internalAffairs_legal",
  "a_o_denied_internalAffairs_otherOrg", "a_o_denied_internalAffairs_total", "a_o_denied_processInfo_natural",
  "a_o_denied_processInfo_commercial", "a_o_denied_processInfo_research", "a_o_denied_processInfo_publicInterest",
  "a_o_denied_processInfo_legal", "a_o_denied_processInfo_otherOrg", "a_o_denied_processInfo_total",
  "a_o_denied_enforcementFile_natural", "a_o_denied_enforcementFile_commercial",
  "a_o_denied_enforcementFile_research", "a_o_denied_enforcementFile_publicInterest",
  "a_o_denied_enforcementFile_legal", "a_o_denied_enforcementFile_otherOrg", "a_o_denied_enforcementFile_total",
  "a_o_denied_administrativeQuery_natural", "a_o_denied_administrativeQuery_commercial",
  "a_o_denied_administrativeQuery_research", "a_o_denied_administrativeQuery_publicInterest",
  "a_o_denied_administrativeQuery_legal", "a_o_denied_administrativeQuery_otherOrg",
  "a_o_denied_administrativeQuery_total", "a_o_unableToProvide_notHeld_natural",
  "a_o_unableToProvide_notHeld_commercial", "a_o_unableToProvide_notHeld_research",
  "a_o_unableToProvide_notHeld_publicInterest", "a_o_unableToProvide_notHeld_legal",
  "a_o_unableToProvide_notHeld_otherOrg", "a_o_unableToProvide_notHeld_total",
  "a_o_unableToProvide_needsCreation_natural", "a_o_unableToProvide_needsCreation_commercial",
  "a_o_unableToProvide_needsCreation_research", "a_o_unableToProvide_needsCreation_publicInterest",
  "a_o_unableToProvide_needsCreation_legal", "a_o_unableToProvide_needsCreation_otherOrg",
  "a_o_unableToProvide_needsCreation_total", "a_o_unableToProvide_unclearAfterCorrection_natural",
  "a_o_unableToProvide_unclearAfterCorrection_commercial", "a_o_unableToProvide_unclearAfterCorrection_research",
  "a_o_unableToProvide_unclearAfterCorrection_publicInterest", "a_o_unableToProvide_unclearAfterCorrection_legal",
  "a_o_unableToProvide_unclearAfterCorrection_otherOrg", "a_o_unableToProvide_unclearAfterCorrection_total",
  "a_o_notProcessed_complaintPetition_natural", "a_o_notProcessed_complaintPetition_commercial",
  "a_o_notProcessed_complaintPetition_research", "a_o_notProcessed_complaintPetition_publicInterest",
  "a_o_notProcessed_complaintPetition_legal", "a_o_notProcessed_complaintPetition_otherOrg",
  "a_o_notProcessed_complaintPetition_total", "a_o_notProcessed_duplicate_natural",
  "a_o_notProcessed_duplicate_commercial", "a_o_notProcessed_duplicate_research",
  "a_o_notProcessed_duplicate_publicInterest", "a_o_notProcessed_duplicate_legal",
  "a_o_notProcessed_duplicate_otherOrg", "a_o_notProcessed_duplicate_total", "a_o_notProcessed_publication_natural",
  "a_o_notProcessed_publication_commercial", "a_o_notProcessed_publication_research",
  "a_o_notProcessed_publication_publicInterest", "a_o_notProcessed_publication_legal",
  "a_o_notProcessed_publication_otherOrg", "a_o_notProcessed_publication_total",
  "a_o_notProcessed_massRepeated_natural", "a_o_notProcessed_massRepeated_commercial",
  "a_o_notProcessed_massRepeated_research", "a_o_notProcessed_massRepeated_publicInterest",
  "a_o_notProcessed_massRepeated_legal", "a_o_notProcessed_massRepeated_otherOrg",
  "a_o_notProcessed_massRepeated_total", "a_o_notProcessed_confirmOrReissue_natural",
  "a_o_notProcessed_confirmOrReissue_commercial", "a_o_notProcessed_confirmOrReissue_research",
  "a_o_notProcessed_confirmOrReissue_publicInterest", "a_o_notProcessed_confirmOrReissue_legal",
  "a_o_notProcessed_confirmOrReissue_otherOrg", "a_o_notProcessed_confirmOrReissue_total", "a_o_other_natural",
  "a_o_other_commercial", "a_o_other_research", "a_o_other_publicInterest", "a_o_other_legal", "a_o_other_otherOrg",
  "a_o_other_total", "a_o_other_overdueCorrection_natural", "a_o_other_overdueCorrection_commercial",
  "a_o_other_overdueCorrection_research", "a_o_other_overdueCorrection_publicInterest",
  "a_o_other_overdueCorrection_legal", "a_o_other_overdueCorrection_otherOrg", "a_o_other_overdueCorrection_total",
  "a_o_other_overdueFee_natural", "a_o_other_overdueFee_commercial", "a_o_other_overdueFee_research",
  "a_o_other_overdueFee_publicInterest", "a_o_other_overdueFee_legal", "a_o_other_overdueFee_otherOrg",
  "a_o_other_overdueFee_total", "a_o_other_otherReasons_natural", "a_o_other_otherReasons_commercial",
  "a_o_other_otherReasons_research", "a_o_other_otherReasons_publicInterest", "a_o_other_otherReasons_legal",
  "a_o_other_otherReasons_otherOrg", "a_o_other_otherReasons_total", "a_o_total_natural", "a_o_total_commercial",
  "a_o_total_research", "a_o_total_publicInterest", "a_o_total_legal", "a_o_total_otherOrg", "a_o_total_total",
  "a_carriedForward_natural", "a_carriedForward_commercial", "a_carriedForward_research",
  "a_carriedForward_publicInterest", "a_carriedForward_legal", "a_carriedForward_otherOrg", "a_carriedForward_total",
  "rl_review_maintained", "rl_review_corrected", "rl_review_other", "rl_review_pending", "rl_review_total",
  "rl_litigationDirect_maintained", "rl_litigationDirect_corrected", "rl_litigationDirect_other",
  "rl_litigationDirect_pending", "rl_litigationDirect_total", "rl_litigationAfterReview_maintained",
  "rl_litigationAfterReview_corrected", "rl_litigationAfterReview_other", "rl_litigationAfterReview_pending",
  "rl_litigationAfterReview_total",
];

/** Regions, agencies (with former names), reports with their revisions, sources, figures and findings. */
export class Init1764470000000 implements MigrationInterface {
  name = "Init1764470000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col, id, createdAt, types } = migrationTools(qr);
    await qr.createTable(new Table({
      name: "region",
      columns: [
        col({ name: "code", type: "varchar", length: "12", isPrimary: true }),
        col({ name: "name", type: "varchar", length: "100" }),
        col({ name: "level", type: "varchar", length: "12" }),
        col({ name: "parentCode", type: "varchar", length: "12", isNullable: true }),
      ],
      indices: [{ columnNames: ["parentCode"] }, { columnNames: ["name"] }],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "agency",
      columns: [
        id(),
        col({ name: "name", type: "varchar", length: "200" }),
        col({ name: "regionCode", type: "varchar", length: "12", isNullable: true }),
        col({ name: "kind", type: "varchar", length: "20" }),
        col({ name: "parentId", type: "integer", isNullable: true }),
        createdAt("createdAt"),
      ],
      indices: [{ columnNames: ["name"] }, { columnNames: ["regionCode", "kind"] }, { columnNames: ["parentId"] }],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "agency_name",
      columns: [
        id(),
        col({ name: "agencyId", type: "integer" }),
        col({ name: "name", type: "varchar", length: "200" }),
        col({ name: "fromYear", type: "integer", isNullable: true }),
        col({ name: "toYear", type: "integer", isNullable: true }),
      ],
      indices: [{ columnNames: ["name"] }, { columnNames: ["agencyId"] }],
      foreignKeys: [cascade("agencyId", "agency")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "report",
      columns: [
        id(),
        col({ name: "agencyId", type: "integer" }),
        col({ name: "year", type: "integer" }),
        col({ name: "format", type: "varchar", length: "8" }),
        col({ name: "isAggregate", type: "boolean", default: false }),
        col({ name: "revision", type: "integer", default: 1 }),
        col({ name: "isCurrent", type: "boolean", default: true }),
        col({ name: "regionCode", type: "varchar", length: "12", isNullable: true }),
        col({ name: "printedAgencyName", type: "varchar", length: "200" }),
        col({ name: "sourceUrl", type: "varchar", length: "1000", isNullable: true }),
        col({ name: "publishedAt", type: "varchar", length: "10", isNullable: true }),
        col({ name: "fileName", type: "varchar", length: "255", isNullable: true }),
        col({ name: "contentType", type: "varchar", length: "60" }),
        col({ name: "checksum", type: "varchar", length: "64" }),
        col({ name: "parserVersion", type: "varchar", length: "20" }),
        createdAt("importedAt"),
        col({ name: "importedBy", type: "varchar", length: "100" }),
        col({ name: "sections", type: "json" }),
        col({ name: "blankCells", type: "json" }),
        col({ name: "ambiguousCells", type: "json" }),
        col({ name: "extra", type: "json" }),
      ],
      indices: [{ columnNames: ["agencyId", "year", "revision"], isUnique: true }, { columnNames: ["year", "isCurrent", "regionCode"] }, { columnNames: ["checksum"] }],
      foreignKeys: [cascade("agencyId", "agency")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "report_source",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        col({ name: "encoding", type: "varchar", length: "8" }),
        col({ name: "content", type: types.longText }),
      ],
      foreignKeys: [cascade("reportId", "report")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "aggregate_member",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        col({ name: "agencyId", type: "integer", isPrimary: true }),
      ],
      foreignKeys: [cascade("reportId", "report"), cascade("agencyId", "agency")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "report_figures",
      columns: [
        col({ name: "reportId", type: "integer", isPrimary: true }),
        ...FIGURE_COLUMNS_1764470000000.map((name) => col({ name, type: "bigint", isNullable: true })),
      ],
      foreignKeys: [cascade("reportId", "report")],
    }), true, true, true);
    await qr.createTable(new Table({
      name: "finding",
      columns: [
        id(),
        col({ name: "reportId", type: "integer" }),
        col({ name: "rule", type: "varchar", length: "8" }),
        col({ name: "severity", type: "varchar", length: "8" }),
        col({ name: "path", type: "varchar", length: "120", isNullable: true }),
        col({ name: "paths", type: "json" }),
        col({ name: "printed", type: "bigint", isNullable: true }),
        col({ name: "computed", type: "bigint", isNullable: true }),
        col({ name: "message", type: "varchar", length: "1000" }),
      ],
      indices: [{ columnNames: ["reportId"] }, { columnNames: ["rule", "severity"] }],
      foreignKeys: [cascade("reportId", "report")],
    }), true, true, true);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ["finding", "report_figures", "aggregate_member", "report_source", "report", "agency_name", "agency", "region"]) {
      await qr.dropTable(table, true, true, true);
    }
  }
}
