import zlib from "node:zlib";
import ExcelJS from "exceljs";
import { escapeXml, StreamedSheet, Styles } from "../../src/render/xlsx-writer";
import { zipBuffer } from "../../src/render/zip";

/** The entries of a ZIP, read through its central directory and inflated (CRC checked). */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString("utf8");
    const dataAt = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    const data = zlib.inflateRawSync(buf.subarray(dataAt, dataAt + size));
    expect([name, zlib.crc32(data)]).toEqual([name, crc]);
    out.set(name, data);
    p += 46 + nameLength;
  }
  return out;
}

describe("the direct XLSX writer", () => {
  it("escapes the XML specials and drops characters XML cannot hold", () => {
    expect(escapeXml(`a&b<c>"d\u0001e`)).toBe("a&amp;b&lt;c&gt;&quot;de");
    expect(escapeXml("平潭县")).toBe("平潭县");
  });

  it("a whole-entry zip inflates back, CRCs right", async () => {
    const files = unzip(await zipBuffer([["a.txt", "hello"], ["目录/b.xml", "<x>平潭</x>".repeat(1000)]]));
    expect(files.get("a.txt")!.toString()).toBe("hello");
    expect(files.get("目录/b.xml")!.toString()).toBe("<x>平潭</x>".repeat(1000));
  });

  it("a streamed sheet in many small deflate chunks reads back in exceljs, row for row", async () => {
    const chunks: Buffer[] = [];
    const styles = new Styles();
    const sheet = new StreamedSheet((b) => void chunks.push(b), { name: "reports", freeze: { x: 2, y: 1 } }, styles, 1024);
    await sheet.start();
    await sheet.addRow(["id", "name", "value", "money"], [1, 1, 1, 1].map(() => styles.id({ bold: true })));
    const rows = Array.from({ length: 3000 }, (_, i) => [i + 1, `机关${i} & <${i}>`, i % 7 === 0 ? null : i * 3, `${i}.125`]);
    for (const r of rows) await sheet.addRow(r);
    await sheet.finish();
    const buf = Buffer.concat(chunks);
    expect(chunks.length).toBeGreaterThan(20);
    expect(unzip(buf).get("xl/worksheets/sheet1.xml")!.toString()).toContain("<row r=\"3001\">");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe("reports");
    expect(ws.rowCount).toBe(3001);
    expect(ws.getCell("B1").font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 2, ySplit: 1 });
    for (const i of [0, 6, 7, 1500, 2999]) expect([1, 2, 3, 4].map((c) => ws.getCell(i + 2, c).value)).toEqual(rows[i]);
  });
});
