/** `gongkai emit-schema`. */
import { parse } from "./args";
import { Io, write } from "./io";
import { createSchema } from "../graphql/schema";

export const EMIT_SCHEMA_HELP = `usage: gongkai emit-schema

Rewrites schema.graphql from the code.
`;

export async function emitSchemaCommand(argv: string[], io: Io): Promise<number> {
  parse(argv, {});
  await createSchema(true);
  await write(io.stdout, "schema.graphql written\n");
  return 0;
}
