import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { buildSchema, parse, validate, Kind, OperationDefinitionNode } from "graphql";
import { assemble, baseName } from "../../dashboard/src/queries/documents";

/**
 * The dashboard's GraphQL documents: each validates against schema.graphql, is one named query,
 * and trusted-documents.json (the production allow-list's input) holds exactly their texts under
 * their sha256.
 */
const root = path.join(__dirname, "..", "..");
const queriesDir = path.join(root, "dashboard", "src", "queries");
const schema = buildSchema(fs.readFileSync(path.join(root, "schema.graphql"), "utf8"));
const files = Object.fromEntries(
  fs.readdirSync(queriesDir).filter((f) => f.endsWith(".graphql")).map((f) => [baseName(f), fs.readFileSync(path.join(queriesDir, f), "utf8")]),
);
const documents = assemble(files);
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("dashboard GraphQL documents", () => {
  it("has one document per view query", () => {
    expect(Object.keys(documents).sort()).toEqual([
      "AgencySearch", "Compare", "CorrectCells", "FindingCounts", "Findings", "Ranking", "RegionOverview", "RegionOverviewMore", "RegionTree", "Report", "ReportOriginal",
      "SearchNarratives", "Trend", "TrendSubregions",
    ]);
  });

  it.each(Object.keys(documents))("%s parses and validates against schema.graphql", (name) => {
    const doc = parse(documents[name]);
    const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(ops.map((o) => [o.operation, o.name?.value])).toEqual([[name === "CorrectCells" ? "mutation" : "query", name]]);
    expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
  });

  it("a document with an unknown field fails validation (the check can fail)", () => {
    const broken = documents.Ranking.replace("rankedCount", "rankedTotal");
    expect(validate(schema, parse(broken)).map((e) => e.message)).toEqual([`Cannot query field "rankedTotal" on type "Ranking". Did you mean "rankedCount"?`]);
  });

  it("trusted-documents.json maps the sha256 of each document's exact text to it", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "dashboard", "trusted-documents.json"), "utf8"));
    const expected = Object.fromEntries(Object.values(documents).map((t) => [sha256(t), t]));
    expect(manifest).toEqual(expected);
    expect(Object.keys(manifest)).toHaveLength(Object.keys(documents).length);
  });

  it("includes only the fragments a query uses, each once", () => {
    expect(documents.Ranking).toContain("fragment RatioParts on Ratio");
    expect(documents.Ranking).not.toContain("fragment Counts");
    expect(documents.Report.match(/fragment Counts on/g)).toHaveLength(1);
    expect(() => assemble({ X: "query X { ...Missing }" })).toThrow("queries/X.graphql: unknown fragment Missing");
    expect(() => assemble({ Y: "query Z { regions { code } }" })).toThrow("queries/Y.graphql: must hold one query named Y");
  });
});
