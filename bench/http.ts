/** The benches' GraphQL client: one POST to a local server; resolves with the milliseconds it took. */
import http from "node:http";

export function postGraphql(agent: http.Agent, port: number, body: string): Promise<number> {
  const t = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200 || text.includes('"errors"')) reject(new Error(`port ${port}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        else resolve(Number(process.hrtime.bigint() - t) / 1e6);
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
