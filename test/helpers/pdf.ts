/** A one-page PDF whose only text is ASCII (Helvetica). */
export function minimalPdf(text: string): string {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

/**
 * A PDF's text as the decoder extracts it. pdf.js loads its worker by a dynamic import, which jest's
 * module sandbox refuses, so the compiled decoder (`npm test` builds it first) runs in a child process.
 */
export function decodedPdf(file: string): { text: string; gridTables: boolean } {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const path = require("node:path") as typeof import("node:path");
  const decoder = path.join(__dirname, "..", "..", "dist", "src", "ingestion", "decode", "decode.js");
  const script = `require(${JSON.stringify(decoder)}).decode(require("node:fs").readFileSync(process.argv[1]), process.argv[1])
    .then((d) => process.stdout.write(JSON.stringify({ text: d.text, gridTables: d.gridTables })), (e) => { console.error(e.message); process.exit(1); });`;
  const res = spawnSync(process.execPath, ["-e", script, file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`${file}: ${res.stderr || "the decoder failed"} (is the project built? npm run build)`);
  return JSON.parse(res.stdout);
}
