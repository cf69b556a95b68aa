/**
 * Issue 9's hostile files (attacks 4 and 5) through importReport on a real server: each is rejected
 * with a message naming the limit, nothing is stored, and the server answers `{ __typename }` while
 * it works. Also the sandbox's own limits (time, memory) and the prechecks alone.
 */
import JSZip from "jszip";
import { testDatabases } from "../helpers/db";
import { fixture } from "../helpers/fixtures";
import { loadConfig } from "../../src/config";
import { checkDocx, checkHtml, LimitError, parseInSandbox } from "../../src/ingestion/sandbox";
import { ParseError } from "../../src/ingestion/parse";
import { attackServerPerSuite, bearer, IMPORT_OUTCOME, TOKENS } from "./harness";

const LIMITS = loadConfig({ NODE_ENV: "test" }).importLimits;

async function docx(paragraphs: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file("word/document.xml", `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

/** 60 MB of paragraphs, about 184 KB zipped (attack 4); built once. */
let bomb: Promise<Buffer> | null = null;
const bombDocx = () => (bomb ??= docx("<w:p><w:r><w:t>一二三四五六七八九十</w:t></w:r></w:p>".repeat(Math.floor((60 * 1024 * 1024) / 58))));
const nestedDivs = (n: number) => "<html><body>" + "<div>".repeat(n) + "x" + "</div>".repeat(n) + "</body></html>";
const nestedTables = (n: number) => "<html><body>" + "<table><tr><td>".repeat(n) + "1" + "</td></tr></table>".repeat(n) + "</body></html>";
const spanGrid = (cells: number) => "<html><body><table><tr>" + '<td rowspan="100" colspan="100">1</td>'.repeat(cells) + "</tr></table></body></html>";

describe("prechecks, without a server", () => {
  it("reject the docx bomb from its zip directory, naming the limit", async () => {
    const bomb = await bombDocx();
    expect(bomb.length).toBeLessThan(400_000);
    await expect(checkDocx(bomb, LIMITS)).rejects.toThrow(/the \.docx (expands to more than 20 MB \(GONGKAI_DOCX_MAX_MB\)|has an entry \(word\/document\.xml\) compressed \d+:1, over the limit of 100:1)/);
    await expect(checkDocx(await docx("<w:p><w:r><w:t>一</w:t></w:r></w:p>"), LIMITS)).resolves.toBeUndefined();
    await expect(checkDocx(Buffer.from("PK\u0003\u0004 not a zip"), LIMITS)).rejects.toBeInstanceOf(LimitError);
  });

  it("reject 10k nested divs, 2,000 nested tables and 3,000 cells of rowspan=100 colspan=100, and pass the real pages", () => {
    expect(() => checkHtml(nestedDivs(10_000), LIMITS)).toThrow("the page nests elements more than 500 deep (GONGKAI_HTML_MAX_DEPTH)");
    expect(() => checkHtml(nestedTables(2_000), LIMITS)).toThrow("the page nests tables more than 8 deep (GONGKAI_HTML_MAX_TABLE_NESTING)");
    expect(() => checkHtml(spanGrid(3_000), LIMITS)).toThrow(/spans? more than 200000 grid cells/);
    for (const stem of ["2020-pingtan-ziranziyuan", "2023-pingtan-ziranziyuan"]) expect(() => checkHtml(fixture(stem, "html").content, LIMITS)).not.toThrow();
  });

  it("bounds a parse by time and by memory, rejecting with the limit's name", async () => {
    const page = fixture("2023-pingtan-ziranziyuan", "html").content;
    const late = await parseInSandbox(page, { fileName: "page.html" }, { ...LIMITS, timeMs: 100 }).catch((e) => e);
    expect(late.message).toBe("page.html: reading it took longer than the limit of 100 ms (GONGKAI_IMPORT_TIME_MS)");
    // Stopped from outside: says nothing final about the file (the import keeps no weaker reading).
    expect(late.interrupted).toBe(true);
    const { report } = await parseInSandbox(page, { fileName: "page.html" }, LIMITS);
    expect(report.year).toBe(2023);
    // With the zip checks opened wide, the docx bomb reaches mammoth: the worker's heap cap stops it.
    const open = { ...LIMITS, memoryMb: 64, docxMaxRatio: 100_000, docxMaxUncompressed: 4096 * 1024 * 1024 };
    const err = await parseInSandbox(await bombDocx(), { fileName: "bomb.docx" }, open).catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toBe("bomb.docx: reading it needs more than the memory limit of 64 MB (GONGKAI_IMPORT_MEMORY_MB)");
    expect(err.interrupted).toBe(false);
    const cancelled = new AbortController();
    cancelled.abort();
    expect(await parseInSandbox(page, { fileName: "page.html" }, LIMITS, cancelled.signal).catch((e) => e)).toMatchObject({ problem: "the request was cancelled before the file was read", interrupted: true });
  });
});

describe.each(testDatabases())("hostile files through importReport on %s", (_db, open) => {
  const on = attackServerPerSuite(open);

  async function importFile(content: string | Buffer, fileName: string) {
    const input = typeof content === "string" ? { content, fileName } : { content: content.toString("base64"), base64: true, fileName };
    const [r, answered] = await Promise.all([on.server.gql(IMPORT_OUTCOME, { input }, bearer(TOKENS.editor)), on.server.probe()]);
    expect(answered).toBe(true);
    expect(r.body.errors).toBeUndefined();
    return r.body.data.importReport;
  }

  it.each([
    ["the 184 KB docx of 60 MB paragraphs", async () => bombDocx(), "bomb.docx", /bomb\.docx|\.docx (expands|has an entry)/],
    ["10k nested divs", async () => nestedDivs(10_000), "divs.html", /nests elements more than 500 deep/],
    ["2,000 nested tables", async () => nestedTables(2_000), "tables.html", /nests tables more than 8 deep/],
    ["3,000 cells of rowspan=100 colspan=100", async () => spanGrid(3_000), "grid.html", /more than 200000 grid cells/],
  ])("rejects %s with the limit's name and stores nothing", async (_name, make, fileName, message) => {
    const result = await importFile(await make(), fileName);
    expect(result).toEqual({ __typename: "ImportRejected", message: expect.stringMatching(message) });
    const count = await on.ds.query("SELECT COUNT(*) AS n FROM report");
    expect(Number(count[0].n)).toBe(0);
  });

  it("still imports a real report through the sandbox", async () => {
    const result = await importFile(fixture("2023-pingtan-ziranziyuan", "html").content, "2023-pingtan-ziranziyuan.html");
    expect(result).toEqual({ __typename: "ImportSucceeded", status: "imported" });
  });
});
