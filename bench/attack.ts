/**
 * npm run bench:attack — issue 9's attacks against a real server (SQLite in memory, the real demo
 * reports), each sent while a `{ __typename }` probe runs every 25 ms: the attack's reply time and
 * code, the slowest probe, and the server process's peak RSS (the import sandbox's child process
 * has its own heap cap and is not counted). Then the limits' cost: `{ __typename }` throughput through
 * the full server against a bare Apollo server on the same schema (no limits, roles, budget,
 * rate limit or logging).
 *
 *   npm run bench:attack                 prints a Markdown table
 */
import "reflect-metadata";
import http from "node:http";
import express from "express";
import JSZip from "jszip";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { openDataSource } from "../src/db/data-source";
import { loadConfig } from "../src/config";
import { startServer } from "../src/server";
import { createSchema } from "../src/graphql/schema";
import { loadDemo } from "../src/demo/real-reports";
import { createLogger } from "../src/observability/log";

const ADMIN = "bench-admin-token-0123456789";

async function post(url: string, body: unknown, headers: Record<string, string> = {}, agent?: http.Agent): Promise<{ status: number; body: any }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: any = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

function aliases(n: number, one: (alias: string) => string): string {
  return "{" + Array.from({ length: n }, (_, i) => one(`a${i}`)).join(" ") + "}";
}

async function docx(paragraphs: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file("word/document.xml", `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

function fragmentBomb(levels: number): string {
  const parts = ["fragment F0 on Agency{id name}"];
  for (let i = 1; i <= levels; i++) parts.push(`fragment F${i} on Agency{...F${i - 1} ...F${i - 1}}`);
  return `{agencies(first:1){nodes{...F${levels}}}}` + parts.join(" ");
}

const IMPORT = `mutation($input: ImportReportInput!) { importReport(input: $input) { __typename ... on ImportRejected { message } } }`;

async function main(): Promise<void> {
  const ds = await openDataSource({ kind: "sqlite", location: ":memory:" });
  await loadDemo(ds, { townships: false });
  const config = loadConfig({ GONGKAI_ADMIN_TOKEN: ADMIN, GONGKAI_RATE_LIMIT_COST: "0", GONGKAI_LOG: "silent", NODE_ENV: "test" });
  const server = await startServer(ds, config, 0, { logger: createLogger("silent") });
  const url = server.url;

  const ids = JSON.stringify(Array.from({ length: 100 }, (_, i) => String(i + 1)));
  const years = JSON.stringify(Array.from({ length: 30 }, (_, i) => 1996 + i));
  const measures = JSON.stringify(Array.from({ length: 50 }, () => "applications.newReceived.total"));
  const bomb = await docx("<w:p><w:r><w:t>一二三四五六七八九十</w:t></w:r></w:p>".repeat(Math.floor((60 * 1024 * 1024) / 58)));
  const imp = (content: string | Buffer, fileName: string) => ({
    query: IMPORT,
    variables: { input: typeof content === "string" ? { content, fileName } : { content: content.toString("base64"), base64: true, fileName } },
  });

  const attacks: Array<[string, unknown]> = [
    ["1. fragment bomb F0…F22", { query: fragmentBomb(22) }],
    ["2. first: -1e9 + 29 expensive aliases", { query: `{ a: agencies(first: -1000000000) { totalCount } ${Array.from({ length: 29 }, (_, i) => `e${i}: reports(first: 100) { nodes { rawText } }`).join(" ")} }` }],
    ["3. 5,200 introspection aliases", { query: aliases(5200, (a) => `${a}: __schema { types { name fields { name type { name ofType { name } } } } }`) }],
    ["3. 40 × compareAgencies 100×30×50", { query: aliases(40, (a) => `${a}: compareAgencies(agencyIds: ${ids}, years: ${years}, measures: ${measures}) { series { values { value { value } } } }`) }],
    ["3. 450 × reports(first:100){rawText}", { query: aliases(450, (a) => `${a}: reports(first: 100) { nodes { rawText } }`) }],
    ["3. 1,000 × regionStatistics coverage", { query: aliases(1000, (a) => `${a}: regionStatistics(regionCode: "350128", year: 2023) { coverage { missing { agency { name } } } }`) }],
    ["3. 20,000 failing aliases", { query: aliases(20000, (a) => `${a}: agency(id: "abc") { id }`) }],
    ["4. 184 KB docx of 60 MB paragraphs", imp(bomb, "bomb.docx")],
    ["5. 10k nested divs", imp("<html><body>" + "<div>".repeat(10_000) + "x" + "</div>".repeat(10_000) + "</body></html>", "divs.html")],
    ["5. 2,000 nested tables", imp("<html><body>" + "<table><tr><td>".repeat(2000) + "1" + "</td></tr></table>".repeat(2000) + "</body></html>", "tables.html")],
    ["5. 3,000 cells rowspan=100 colspan=100", imp("<html><body><table><tr>" + '<td rowspan="100" colspan="100">1</td>'.repeat(3000) + "</tr></table></body></html>", "grid.html")],
    ["11. agency(id: \"abc\")", { query: `{ agency(id: "abc") { id } }` }],
    ["12. reports(filter:{regionCode:\"%\"})", { query: `{ reports(filter: { regionCode: "%" }) { totalCount } }` }],
  ];

  const rows: string[] = ["| attack | bytes | reply | code | ms | slowest parallel `{ __typename }` ms | peak RSS MB |", "|---|---|---|---|---|---|---|"];
  for (const [name, body] of attacks) {
    const bytes = Buffer.byteLength(JSON.stringify(body));
    let peak = process.memoryUsage().rss;
    let slowest = 0;
    let done = false;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const prober = (async () => {
      while (!done) {
        const t = performance.now();
        const r = await post(url, { query: "{ __typename }" });
        if (r.body?.data?.__typename !== "Query") throw new Error(`probe failed during ${name}`);
        slowest = Math.max(slowest, performance.now() - t);
        await new Promise((res) => setTimeout(res, 25));
      }
    })();
    const t0 = performance.now();
    const r = await post(url, body, { authorization: `Bearer ${ADMIN}` });
    const ms = performance.now() - t0;
    done = true;
    await prober;
    clearInterval(sampler);
    const code = r.body?.errors?.[0]?.extensions?.code ?? r.body?.data?.importReport?.__typename ?? "data";
    const message = r.body?.data?.importReport?.message ?? r.body?.errors?.[0]?.message ?? "";
    rows.push(`| ${name} | ${bytes.toLocaleString("en")} | ${r.status} | ${code}${message ? ` — ${String(message).slice(0, 60)}` : ""} | ${ms.toFixed(0)} | ${slowest.toFixed(0)} | ${(peak / 1024 / 1024).toFixed(0)} |`);
  }
  process.stdout.write(rows.join("\n") + "\n\n");

  // The limits' cost on `{ __typename }`: the full server against a bare Apollo on the same schema.
  const schema = await createSchema();
  const bare = new ApolloServer({ schema, csrfPrevention: true });
  await bare.start();
  const app = express();
  app.use("/graphql", express.json(), expressMiddleware(bare, { context: async () => ({}) }));
  const bareServer = http.createServer(app);
  await new Promise<void>((r) => bareServer.listen(0, "127.0.0.1", r));
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/graphql`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const throughput = async (target: string, n: number) => {
    const t = performance.now();
    let i = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (i++ < n) await post(target, { query: "{ __typename }" }, {}, agent);
    }));
    return n / ((performance.now() - t) / 1000);
  };
  await throughput(url, 500);
  await throughput(bareUrl, 500);
  const results: Array<[number, number]> = [];
  for (let round = 0; round < 3; round++) results.push([await throughput(bareUrl, 3000), await throughput(url, 3000)]);
  const bareBest = Math.max(...results.map((r) => r[0]));
  const fullBest = Math.max(...results.map((r) => r[1]));
  process.stdout.write(`| \`{ __typename }\` | req/s (best of 3 × 3,000, 8 connections) |\n|---|---|\n| bare Apollo, same schema | ${bareBest.toFixed(0)} |\n| gongkai with every limit | ${fullBest.toFixed(0)} |\n| cost of the limits | ${(100 * (1 - fullBest / bareBest)).toFixed(1)} % |\n`);
  agent.destroy();
  await bare.stop();
  bareServer.close();
  await server.stop();
  await ds.destroy();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
