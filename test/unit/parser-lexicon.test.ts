import { agencyKindFromName, AGENCY_KIND_PATTERNS } from "../../src/domain/lexicon";
import { kindFromName } from "../../src/store/agency-writer";

describe("lexicon: an agency's kind from its name", () => {
  const NAMES: Array<[string, string]> = [
    ["淮安市人民政府", "GOVERNMENT"],
    ["平潭县澳前镇人民政府", "TOWNSHIP"],
    ["某某乡人民政府", "TOWNSHIP"],
    ["淮安市人民政府办公室", "GENERAL_OFFICE"],
    ["平潭综合实验区管委会办公室", "GENERAL_OFFICE"],
    ["某区人民政府办公厅", "GENERAL_OFFICE"],
    ["聊城市应急管理局", "DEPARTMENT"],
    ["某市发展和改革委员会", "DEPARTMENT"],
    ["某市政务服务中心", "DEPARTMENT"],
    ["某区东城街道办事处", "TOWNSHIP"],
    ["某某街道", "TOWNSHIP"],
    ["某某公司", "OTHER"],
  ];
  it.each(NAMES)("%s is %s, as the agency writer has it", (name, kind) => {
    expect(agencyKindFromName(name)).toBe(kind);
    expect(kindFromName(name)).toBe(kind);
  });
  it("lists a pattern for every kind but OTHER", () => {
    expect([...new Set(AGENCY_KIND_PATTERNS.map((p) => p.kind))].sort()).toEqual(["DEPARTMENT", "GENERAL_OFFICE", "GOVERNMENT", "TOWNSHIP"]);
  });
});
