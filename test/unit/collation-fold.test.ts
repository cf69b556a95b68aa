import { agencyNameKey, collationFold } from "../../src/store/keys";

describe("collationFold", () => {
  it("gives names a database may hold equal the same form", () => {
    // Case, full width, spaces and punctuation, accents: equal under MariaDB's and MySQL's _ci collations.
    expect(collationFold("示例县ABC局")).toBe(collationFold("示例县abc局"));
    expect(collationFold("示例县ＡＢＣ局")).toBe(collationFold("示例县abc局"));
    expect(collationFold("示例县 人民政府 ")).toBe(collationFold("示例县人民政府"));
    expect(collationFold("Café局")).toBe(collationFold("CAFE局"));
    expect(collationFold("straße局")).toBe(collationFold("STRASSE局"));
    // Compatibility ideographs and circled digits unify with their plain forms.
    expect(collationFold("\uF900局")).toBe(collationFold("\u8C48局"));
    expect(collationFold("第①中学")).toBe(collationFold("第1中学"));
    // utf8mb4_general_ci weighs every character beyond the BMP alike.
    expect(collationFold("𠀀局")).toBe(collationFold("𠀁局"));
    // The keys: region and normal form.
    expect(collationFold(agencyNameKey("990101", "示例 县局"))).toBe(collationFold(agencyNameKey("990101", "示例县局")));
  });

  it("tells apart names that differ in a letter, a digit or an ideograph", () => {
    expect(collationFold("示例县教育局")).not.toBe(collationFold("示例县教育厅"));
    expect(collationFold("第1中学")).not.toBe(collationFold("第2中学"));
    expect(collationFold("ABC局")).not.toBe(collationFold("ABD局"));
    expect(collationFold(agencyNameKey("990101", "示例县局"))).not.toBe(collationFold(agencyNameKey("990102", "示例县局")));
  });
});
