import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import express from "express";
import { mountDashboard } from "../../src/dashboard/serve";

/** The dashboard's routes, on a stand-in build folder (no browser needed). */
describe("mountDashboard", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-dashboard-"));
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>仪表板</title>");
  fs.writeFileSync(path.join(dir, "assets", "index-abc.js"), "console.log(1)");
  let server: http.Server;
  let base = "";
  let missing: http.Server;
  let missingBase = "";

  const listen = (app: express.Express) => new Promise<[http.Server, string]>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve([s, `http://127.0.0.1:${(s.address() as any).port}`]));
  });

  beforeAll(async () => {
    const app = express();
    mountDashboard(app, dir);
    [server, base] = await listen(app);
    const bare = express();
    mountDashboard(bare, path.join(dir, "not-built"));
    [missing, missingBase] = await listen(bare);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await new Promise((r) => missing.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("/ leads to /dashboard/ and /dashboard keeps its query", async () => {
    const root = await fetch(`${base}/`, { redirect: "manual" });
    expect([root.status, root.headers.get("location")]).toEqual([302, "/dashboard/"]);
    const bare = await fetch(`${base}/dashboard?region=990100`, { redirect: "manual" });
    expect([bare.status, bare.headers.get("location")]).toEqual([301, "/dashboard/?region=990100"]);
  });

  it("serves the page for every view path, with a CSP that allows only this origin", async () => {
    for (const p of ["/dashboard/", "/dashboard/ranking?region=990000&year=2023", "/dashboard/report?id=5"]) {
      const res = await fetch(base + p);
      expect([p, res.status, await res.text()]).toEqual([p, 200, "<!doctype html><title>仪表板</title>"]);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(res.headers.get("content-security-policy")).toContain("connect-src 'self'");
    }
  });

  it("serves hashed assets for a year and answers 404 for an unknown one", async () => {
    const js = await fetch(`${base}/dashboard/assets/index-abc.js`);
    expect([js.status, js.headers.get("cache-control"), await js.text()]).toEqual([200, "public, max-age=31536000, immutable", "console.log(1)"]);
    expect((await fetch(`${base}/dashboard/assets/nope.js`)).status).toBe(404);
  });

  it("says how to build it when it is not built", async () => {
    const res = await fetch(`${missingBase}/dashboard/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build:dashboard");
  });
});
