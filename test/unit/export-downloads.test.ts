import "reflect-metadata";
import { ReportDownloadsResolver } from "../../src/modules/report/report-downloads.resolver";
import { RegionDownloadsResolver } from "../../src/modules/statistics/downloads.resolver";
import { parseYears } from "../../src/export/routes";

describe("GraphQL download paths (resolvers ready to register)", () => {
  it("name the /export routes with their arguments", () => {
    expect(new ReportDownloadsResolver().downloads({ id: "42" })).toEqual({
      html: "/export/report/42.html", xlsx: "/export/report/42.xlsx", csv: "/export/report/42.csv", docx: "/export/report/42.docx",
    });
    const region = new RegionDownloadsResolver();
    expect(region.downloads({ region: { code: "350128" }, year: 2024, includeSubregions: false, scope: { agencyKinds: ["DEPARTMENT", "TOWNSHIP"] } }).xlsx)
      .toBe("/export/region/350128/2024.xlsx?subregions=false&kind=DEPARTMENT%2CTOWNSHIP");
    expect(region.downloads({ region: { code: "350128" }, year: 2024, includeSubregions: true }).csv).toBe("/export/region/350128/2024.csv");
    const compare = region.comparisonDownloads(["3", "1"], [2023, 2021, 2022]);
    expect(compare.html).toBe("/export/compare.html?agencies=3%2C1&years=2021%2C2022%2C2023");
    expect(parseYears("years", decodeURIComponent("2021%2C2022%2C2023"))).toEqual([2021, 2022, 2023]);
  });
});
