import fs from "node:fs";
import { lexicographicSortSchema, printSchema, GraphQLObjectType, GraphQLInputObjectType, GraphQLEnumType } from "graphql";
import { createSchema, SCHEMA_FILE } from "../../src/graphql/schema";

const strip = (s: string) => s.replace(/^(#.*\n)+\n?/, "").trim();

describe("schema.graphql", () => {
  it("is what the code emits (run `npm run fix:schema` after changing the API)", async () => {
    const schema = await createSchema();
    expect(strip(fs.readFileSync(SCHEMA_FILE, "utf8"))).toBe(strip(printSchema(lexicographicSortSchema(schema))));
  });

  it("describes every type and field", async () => {
    const schema = await createSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID", "Query", "Mutation"].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (type instanceof GraphQLObjectType || type instanceof GraphQLInputObjectType) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
      if (type instanceof GraphQLEnumType) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });
});
