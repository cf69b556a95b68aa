import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { migrationTools } from "../src/db/migration-helpers";

/**
 * narrative_term (store/narrative-index.ts): how many postings (sections of current reports) each
 * character bigram has. Search picks its driving bigram — the query's rarest — from it by primary
 * key instead of counting up to 1,000 postings of every bigram, and the total of a one-word search
 * without filters is its row: exact, whatever the corpus. Filled here from narrative_token.
 */
export class NarrativeTerm1796340000000 implements MigrationInterface {
  name = "NarrativeTerm1796340000000";

  async up(qr: QueryRunner): Promise<void> {
    const { col } = migrationTools(qr);
    await qr.createTable(new Table({
      name: "narrative_term",
      columns: [
        col({ name: "term", type: "bigint", isPrimary: true }),
        col({ name: "n", type: "integer" }),
      ],
    }), true);
    await qr.query("INSERT INTO narrative_term (term, n) SELECT term, COUNT(*) FROM narrative_token GROUP BY term");
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable("narrative_term", true);
  }
}
