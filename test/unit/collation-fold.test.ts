import { agencyNameKey, collationFold } from "../../src/store/keys";

describe("collationFold", () => {
  it("gives names a database may hold equal the same form: case, spaces and punctuation", () => {
    expect(collationFold("示例县ABC局")).toBe(collationFold("示例县abc局"));
    expect(collationFold("示例县 人民政府\u3000")).toBe(collationFold("示例县人民政府"));
    expect(collationFold("示例县（筹）局")).toBe(collationFold("示例县(筹)局"));
    expect(collationFold(agencyNameKey("990101", "示例 县局"))).toBe(collationFold(agencyNameKey("990101", "示例县局")));
  });

  it("tells apart names that differ in a letter, a digit or an ideograph", () => {
    expect(collationFold("示例县教育局")).not.toBe(collationFold("示例县教育厅"));
    expect(collationFold("第1中学")).not.toBe(collationFold("第2中学"));
    expect(collationFold("ABC局")).not.toBe(collationFold("ABD局"));
    expect(collationFold(agencyNameKey("990101", "示例县局"))).not.toBe(collationFold(agencyNameKey("990102", "示例县局")));
  });

  it("speaks for no name holding a character some collation weighs like another, or not at all", () => {
    for (const name of [
      "⻓沙示例局", // a CJK radical: 长 under the UCA collations
      "\uF900局", // a compatibility ideograph
      "示例县〇局", // 〇: 0 under the UCA collations
      "示例县Straße局", // ß: s under general_ci, ss under the UCA ones
      "示例县æ局", // æ: ae
      "示例县𠀀局", // beyond the BMP: all alike under general_ci
      "示例县\uFFFD局",
      "示例县ＡＢＣ局", // full width
      "示例县\u0640局", // ignorable
      "示例县\uD800局", // a lone surrogate
    ]) expect({ name, form: collationFold(name) }).toEqual({ name, form: null });
  });
});
