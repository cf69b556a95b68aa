import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isSidecar, mergeMeta, MetaError, metaCandidates, parseMeta, readMetaFor } from "../../src/ingestion/meta";
import { looksLikeUrl } from "../../src/ingestion/fetch-url";

describe("metadata beside a report (<name>.meta.json)", () => {
  it("reads the five fields under their crawler spellings and ignores the rest", () => {
    expect(parseMeta(JSON.stringify({ agency: " 聊城市应急管理局 ", year: "2020", region: "371500", url: "http://yj.liaocheng.gov.cn/", date: "2021-01-28T09:00:00+08:00", title: "x", fetchedAt: 1 }), "a.meta.json"))
      .toEqual({ agency: "聊城市应急管理局", year: 2020, regionCode: "371500", source: "http://yj.liaocheng.gov.cn/", publishedAt: "2021-01-28" });
    expect(parseMeta("{}", "a.meta.json")).toEqual({});
    expect(parseMeta(JSON.stringify({ agency: null, year: "" }), "a.meta.json")).toEqual({});
  });

  it.each([
    ["[1]", "a.meta.json: expected one JSON object"],
    ["{", "a.meta.json: not valid JSON"],
    [JSON.stringify({ year: 20 }), 'a.meta.json: "year" must be a four-digit year, got 20'],
    [JSON.stringify({ year: [2020] }), 'a.meta.json: "year" must be a four-digit year, got [2020]'],
    [JSON.stringify({ regionCode: 371500 }), 'a.meta.json: "regionCode" must be a GB/T 2260 code (6 or 12 digits, as a string), got 371500'],
    [JSON.stringify({ source: "javascript:alert(1)" }), 'a.meta.json: "source" must be an http(s) URL, got "javascript:alert(1)"'],
    [JSON.stringify({ publishedAt: "2023-02-30" }), 'a.meta.json: "publishedAt" must be a date YYYY-MM-DD, got "2023-02-30"'],
    [JSON.stringify({ agency: "  " }), 'a.meta.json: "agency" must be the agency\'s name, got "  "'],
  ])("rejects %s naming the file and the field", (text, message) => {
    expect(() => parseMeta(text, "a.meta.json")).toThrow(MetaError);
    expect(() => parseMeta(text, "a.meta.json")).toThrow(message);
  });

  it("prefers <file>.meta.json (one rendering) to <stem>.meta.json (all renderings)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-meta-"));
    expect(metaCandidates(path.join(dir, "r.html"))).toEqual([path.join(dir, "r.html.meta.json"), path.join(dir, "r.meta.json")]);
    expect(readMetaFor(path.join(dir, "r.html"))).toEqual({ meta: {}, metaFile: null });
    fs.writeFileSync(path.join(dir, "r.meta.json"), JSON.stringify({ year: 2023, agency: "甲局" }));
    expect(readMetaFor(path.join(dir, "r.txt"))).toEqual({ meta: { year: 2023, agency: "甲局" }, metaFile: path.join(dir, "r.meta.json") });
    fs.writeFileSync(path.join(dir, "r.html.meta.json"), JSON.stringify({ year: 2022 }));
    expect(readMetaFor(path.join(dir, "r.html"))).toEqual({ meta: { year: 2022 }, metaFile: path.join(dir, "r.html.meta.json") });
  });

  it("merges layers field by field, later ones winning, unset ones not erasing", () => {
    expect(mergeMeta({ agency: "甲局", year: 2020, source: "https://a/" }, { year: 2021 }, { source: undefined })).toEqual({ agency: "甲局", year: 2021, source: "https://a/" });
  });

  it("knows sidecars and addresses", () => {
    expect(["a.meta.json", "dir/a.expected.json", "A.META.JSON"].map(isSidecar)).toEqual([true, true, true]);
    expect(["a.json", "meta.json", "a.meta.json.txt"].map(isSidecar)).toEqual([false, false, false]);
    expect(["https://x/a.html", "http://x", "ftp://x/a", "file:///etc/passwd", "data:text/html,x", "report.html", "C:\\r.html", "a:b.txt"].map(looksLikeUrl))
      .toEqual([true, true, true, true, true, false, false, false]);
  });
});
