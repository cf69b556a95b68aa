/**
 * The schema's argument validation (graphql/schema.ts validateArgument): class-validator's rules on
 * input objects, alone or in lists, with type-graphql's error; primitives and lists of them pass
 * without a look. It replaces type-graphql's, which required class-validator again on every call.
 */
import "reflect-metadata";
import { MaxLength } from "class-validator";
import { ArgumentValidationError } from "type-graphql";
import { validateArgument } from "../../src/graphql/schema";

class Named {
  @MaxLength(3)
  name!: string;
}
const named = (name: string) => Object.assign(new Named(), { name });

describe("validateArgument", () => {
  it("refuses an input object that breaks its rules, alone or in a list, with type-graphql's error", async () => {
    for (const value of [named("abcd"), [named("ab"), named("abcd")]]) {
      const error: any = await validateArgument(value).catch((e) => e);
      expect(error).toBeInstanceOf(ArgumentValidationError);
      expect(error.extensions.code).toBe("BAD_USER_INPUT");
      expect(error.extensions.validationErrors[0]).toMatchObject({ property: "name", constraints: { maxLength: "name must be shorter than or equal to 3 characters" } });
    }
  });

  it("lets valid objects, primitives and lists of them through", async () => {
    for (const value of [named("abc"), [named("a"), named("b")], "text", 7, null, undefined, ["a", "b"], [1, null], []]) {
      await expect(validateArgument(value)).resolves.toBeUndefined();
    }
  });
});
