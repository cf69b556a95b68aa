/**
 * Roles and tokens, the production switch, rate limits by cost (in memory and in Redis), HTTP
 * headers, CORS, HOST, start-up errors, metrics and logs — against a real server.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { createHash } from "node:crypto";
import { Readable, Writable } from "node:stream";
import Redis from "ioredis";
import { hashTokenCommand } from "../../src/graphql/security/hash-token";
import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { fixture } from "../helpers/fixtures";
import { loadDemo } from "../../src/demo/real-reports";
import { ConfigError, loadConfig } from "../../src/config";
import { startServer } from "../../src/server";
import { startupMessage } from "../../src/observability/startup";
import { stopSandboxes } from "../../src/ingestion/sandbox";
import { attackServer, AttackServer, bearer, TOKENS } from "../attack/harness";

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe.each(testDatabases())("hardening on %s", (_db, open) => {
  let ds: DataSource;
  let server: AttackServer;
  let agencyId: string;

  beforeAll(async () => {
    ds = await open();
    await loadDemo(ds, { townships: false });
    server = await attackServer(ds);
    agencyId = (await server.gql(`{ agencies(first: 1) { nodes { id } } }`)).body.data.agencies.nodes[0].id;
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  describe("roles", () => {
    // The demo holds this page already: a changed copy becomes a new revision, imported by the caller.
    const page = () => fixture("2023-pingtan-ziranziyuan", "html").content.replace("</body>", "<!-- revised --></body>");
    const mutations: Array<[string, "editor" | "admin", () => [string, Record<string, unknown>]]> = [
      ["importReport", "editor", () => [`mutation($i: ImportReportInput!) { importReport(input: $i) { __typename } }`, { i: { content: page(), fileName: "p.html" } }]],
      ["renameAgency", "admin", () => [`mutation($id: ID!) { renameAgency(id: $id, name: "测试更名局", fromYear: 2030) { id } }`, { id: agencyId }]],
      ["updateAgency", "admin", () => [`mutation($id: ID!) { updateAgency(id: $id, input: { kind: DEPARTMENT }) { id } }`, { id: agencyId }]],
    ];
    const RANK = { viewer: 0, editor: 1, admin: 2 } as const;

    it.each(mutations)("%s is refused for every role below %s, and allowed from it", async (name, need, make) => {
      const [query, variables] = make();
      const anonymous = await server.gql(query, variables);
      expect(anonymous.body.errors[0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" }, message: `${name} needs a token of role ${need} in the Authorization header (Bearer …)` });
      for (const role of ["viewer", "editor", "admin"] as const) {
        const r = await server.gql(query, variables, bearer(TOKENS[role]));
        if (RANK[role] < RANK[need]) {
          const actor = { viewer: "reader", editor: "importer", admin: "chief" }[role];
          expect(r.body.errors[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: `${name} needs role ${need}; the token "${actor}" has role ${role}` });
        } else {
          expect(r.body.errors).toBeUndefined();
          if (name === "importReport") expect(r.body.data.importReport.__typename).toBe("ImportSucceeded");
        }
      }
      // GONGKAI_ADMIN_TOKEN still works, as an admin.
      const legacy = await server.gql(query, variables, bearer(TOKENS.legacyAdmin));
      expect(legacy.body.errors).toBeUndefined();
    });

    it("refuses an unknown token outright (401), records who imported, and never logs a token", async () => {
      const wrong = await server.gql("{ __typename }", undefined, bearer("not-a-configured-token-123"));
      expect(wrong.status).toBe(401);
      expect(wrong.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
      const rows = await ds.query("SELECT DISTINCT importedBy FROM report WHERE importedBy LIKE 'api%' ORDER BY importedBy");
      expect(rows.map((r: { importedBy: string }) => r.importedBy)).toEqual(expect.arrayContaining(["api:importer"]));
      const audit = server.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === "audit");
      expect(audit.map((l) => `${l.actor}:${l.role}:${l.mutation}`)).toEqual(expect.arrayContaining(["importer:editor:importReport", "chief:admin:renameAgency", "admin:admin:updateAgency"]));
      const all = server.logs.join("\n");
      for (const token of [...Object.values(TOKENS), "not-a-configured-token-123"]) expect(all).not.toContain(token);
    });

    it("stops an import whose client disconnects: the reader is killed and nothing is stored", async () => {
      const count = async () => Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
      const before = await count();
      const content = fixture("2023-pingtan-ziranziyuan", "html").content.replace("</body>", "<!-- abandoned --></body>");
      // No warm reader: the import must start one (about 2 s to load the parser), so it is surely still
      // running when the client goes away 150 ms in, however fast this machine is.
      stopSandboxes();
      const controller = new AbortController();
      const request = fetch(server.url, {
        method: "POST", signal: controller.signal, headers: { "content-type": "application/json", ...bearer(TOKENS.editor) },
        body: JSON.stringify({ query: `mutation($i: ImportReportInput!) { importReport(input: $i) { __typename } }`, variables: { i: { content, fileName: "abandoned.html" } } }),
      }).catch((e) => e);
      await new Promise((r) => setTimeout(r, 150));
      controller.abort();
      expect(await request).toMatchObject({ name: "AbortError" });
      // Longer than the same import takes when the client stays (see the role tests).
      await new Promise((r) => setTimeout(r, 12_000));
      expect(await count()).toBe(before);
    }, 30_000);

    it("can require a token of viewers too", async () => {
      const closed = await attackServer(ds, { GONGKAI_REQUIRE_TOKEN: "true" });
      try {
        const none = await closed.gql("{ __typename }");
        expect(none.status).toBe(401);
        expect(none.body.errors[0]).toMatchObject({ message: "A token is required (Authorization: Bearer …)", extensions: { code: "UNAUTHENTICATED" } });
        const viewer = await closed.gql("{ __typename }", undefined, bearer(TOKENS.viewer));
        expect(viewer.body.data).toEqual({ __typename: "Query" });
      } finally {
        await closed.stop();
      }
    });

    it("hash-token prints the entry for a token read from stdin, which the configuration accepts", async () => {
      let out = "";
      let err = "";
      const stdout = new Writable({ write: (c, _e, cb) => ((out += c), cb()) });
      const stderr = new Writable({ write: (c, _e, cb) => ((err += c), cb()) });
      expect(await hashTokenCommand(["ops", "admin"], { stdout, stderr, stdin: Readable.from(["s3cret-token-value-1\n"]) })).toBe(0);
      expect(out).toBe(`ops:admin:sha256:${sha("s3cret-token-value-1")}\n`);
      expect(err).toBe("");
      expect(loadConfig({ GONGKAI_TOKENS: out.trim() }).tokens[0]).toMatchObject({ name: "ops", role: "admin" });
      expect(await hashTokenCommand(["ops", "root"], { stdout, stderr })).toBe(2);
    });

    it("reads tokens hashed (sha256:…) and refuses bad token configuration naming the key", () => {
      const config = loadConfig({ GONGKAI_TOKENS: `ops:admin:sha256:${sha("s3cret-token-value-1")}` });
      expect(config.tokens.map((t) => [t.name, t.role, t.sha256.toString("hex")])).toEqual([["ops", "admin", sha("s3cret-token-value-1")]]);
      expect(() => loadConfig({ GONGKAI_TOKENS: "ops:root:0123456789abcdef" })).toThrow(new ConfigError('GONGKAI_TOKENS: role of "ops" must be viewer, editor or admin, got "root"'));
      expect(() => loadConfig({ GONGKAI_TOKENS: "ops:admin:short" })).toThrow(/shorter than 16 characters/);
      expect(() => loadConfig({ GONGKAI_TOKENS: "ops:admin:0123456789abcdef,ops:viewer:0123456789abcdeg" })).toThrow(/"ops" is used twice/);
    });
  });

  describe("production switch", () => {
    let prod: AttackServer;
    let dir: string;
    const listed = "query Agencies { agencies(first: 2) { totalCount nodes { name } } }";

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-trusted-"));
      fs.writeFileSync(path.join(dir, "trusted.json"), JSON.stringify({ [sha(listed)]: listed }));
      prod = await attackServer(ds, { GONGKAI_PRODUCTION: "true", GONGKAI_TRUSTED_DOCUMENTS: path.join(dir, "trusted.json") });
    });
    afterAll(async () => {
      await prod?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("runs listed documents, by text or by hash, and nothing else", async () => {
      const byText = await prod.gql(listed);
      expect(byText.body.errors).toBeUndefined();
      expect(byText.body.data.agencies.totalCount).toBe(9);
      const byHash = await prod.post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha(listed) } } });
      expect(byHash.body.errors).toBeUndefined();
      expect(byHash.body.data.agencies.nodes).toHaveLength(2);
      const byId = await prod.post({ documentId: sha(listed) });
      expect(byId.body.data.agencies.totalCount).toBe(9);
      const other = await prod.gql("{ agencies(first: 1) { totalCount } }");
      expect(other.status).toBe(400);
      expect(other.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
      const intro = await prod.gql("{ __schema { types { name } } }");
      expect(intro.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    });

    it("turns off introspection, suggestions and GraphiQL", async () => {
      const config = loadConfig({ GONGKAI_PRODUCTION: "true" });
      expect(config.introspection).toBe(false);
      expect(config.trustedDocuments).toBe(path.resolve(__dirname, "..", "..", "dashboard", "trusted-documents.json"));
      const page = await fetch(prod.url, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toContain("graphiql");
      expect((await fetch(prod.url.replace("/graphql", "/graphiql-assets-app.js"))).status).toBe(404);
    });

    it("refuses to start with an allow-list that is missing or whose hashes do not match", async () => {
      await expect(attackServer(ds, { GONGKAI_PRODUCTION: "true", GONGKAI_TRUSTED_DOCUMENTS: path.join(dir, "missing.json") })).rejects.toThrow(/GONGKAI_TRUSTED_DOCUMENTS: cannot read .*missing\.json \(ENOENT\)/);
      fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ ["0".repeat(64)]: listed }));
      await expect(attackServer(ds, { GONGKAI_TRUSTED_DOCUMENTS: path.join(dir, "bad.json") })).rejects.toThrow(/is not the sha256 of its text/);
    });
  });

  describe.each([["memory", {}], ["redis", { REDIS_URL: "redis://127.0.0.1:6379" }]])("rate limit by cost in %s", (store, env: Record<string, string>) => {
    const q = "{ agencies(first: 10) { nodes { id name } } }"; // 1 + (1 + 10 × (1 + 1)) = 22 points

    it("answers until the client's points are spent, then 429 with Retry-After; another client is unaffected", async () => {
      const prefix = `${store}-${Date.now()}`;
      const limited = await attackServer(ds, { ...env, GONGKAI_RATE_LIMIT_COST: "60", GONGKAI_RATE_LIMIT_WINDOW: "60", GONGKAI_TOKENS: `${prefix}-a:viewer:${TOKENS.viewer},${prefix}-b:viewer:${TOKENS.editor}` });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 3; i++) codes.push((await limited.gql(q, undefined, bearer(TOKENS.viewer))).status);
        expect(codes).toEqual([200, 200, 429]);
        const refused = await limited.gql(q, undefined, bearer(TOKENS.viewer));
        expect(refused.body.errors[0].extensions.code).toBe("RATE_LIMITED");
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
        expect((await limited.gql(q, undefined, bearer(TOKENS.editor))).status).toBe(200);
      } finally {
        await limited.stop();
      }
      if (store === "redis") {
        // Shared: the points spent are in Redis under the client's key.
        const redis = new Redis("redis://127.0.0.1:6379");
        try {
          expect(Number(await redis.get(`gongkai_cost:actor:${prefix}-a`))).toBeGreaterThanOrEqual(60);
        } finally {
          await redis.quit();
        }
      }
    });
  });

  it("two instances on one Redis share a client's allowance", async () => {
    const name = `shared-${Date.now()}`;
    const env = { REDIS_URL: "redis://127.0.0.1:6379", GONGKAI_RATE_LIMIT_COST: "50", GONGKAI_TOKENS: `${name}:viewer:${TOKENS.viewer}` };
    const [a, b] = [await attackServer(ds, env), await attackServer(ds, env)];
    try {
      const q = "{ agencies(first: 10) { nodes { id name } } }";
      expect((await a.gql(q, undefined, bearer(TOKENS.viewer))).status).toBe(200);
      expect((await b.gql(q, undefined, bearer(TOKENS.viewer))).status).toBe(200);
      expect((await a.gql(q, undefined, bearer(TOKENS.viewer))).status).toBe(429);
      expect((await b.gql(q, undefined, bearer(TOKENS.viewer))).status).toBe(429);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  describe("HTTP", () => {
    it("sends security headers and a CSP whose scripts are same-origin only; GraphiQL's page has no inline script", async () => {
      const res = await fetch(server.url, { headers: { accept: "text/html" } });
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      const html = await res.text();
      expect(html).toContain('<script src="/graphiql-assets-app.js"></script>');
      expect(html).not.toMatch(/<script>(?!<\/script>)/);
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("sends no CORS headers unless origins are configured, then only for those", async () => {
      const plain = await fetch(server.url, { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
      expect(plain.headers.get("access-control-allow-origin")).toBeNull();
      const withCors = await attackServer(ds, { GONGKAI_CORS_ORIGINS: "https://portal.example.gov.cn" });
      try {
        const ok = await fetch(withCors.url, { method: "OPTIONS", headers: { origin: "https://portal.example.gov.cn", "access-control-request-method": "POST" } });
        expect(ok.headers.get("access-control-allow-origin")).toBe("https://portal.example.gov.cn");
        const evil = await fetch(withCors.url, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
        expect(evil.headers.get("access-control-allow-origin")).toBeNull();
      } finally {
        await withCors.stop();
      }
    });

    it("listens on HOST (127.0.0.1 by default) and says so in one line when the port is taken", async () => {
      expect(loadConfig({}).host).toBe("127.0.0.1");
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const port = Number(new URL(server.url).port);
      const err = await startServer(ds, loadConfig({ NODE_ENV: "test" }), port).catch((e) => e);
      expect(startupMessage(err)).toBe(`port ${port} on 127.0.0.1 is already in use; stop the other process or set PORT`);
    });

    it("turns a refused database password into one line", async () => {
      const denied = Object.assign(new Error("Access denied for user 'gongkai'@'localhost' (using password: YES)"), { code: "ER_ACCESS_DENIED_ERROR" });
      expect(startupMessage(denied)).toBe("the database refused the user or password in DATABASE_URL (ER_ACCESS_DENIED_ERROR)");
      const refused = await new Promise<Error>((resolve) => {
        const s = net.connect(1, "127.0.0.1");
        s.on("error", resolve);
      });
      expect(startupMessage(refused)).toBe("cannot connect to the database at 127.0.0.1:1 (connection refused); is it running?");
      expect(startupMessage(new TypeError("bug"))).toBeNull();
    });
  });

  describe("observability", () => {
    it("serves /metrics with requests, cost, latency and rejections", async () => {
      await server.gql("{ agencies(first: 3) { nodes { id } } }");
      await server.gql("{ agencies(first: -1) { totalCount } }");
      const text = await (await fetch(server.url.replace("/graphql", "/metrics"))).text();
      expect(text).toMatch(/gongkai_graphql_requests_total\{outcome="ok"\} [1-9]/);
      expect(text).toMatch(/gongkai_graphql_cost_count [1-9]/);
      expect(text).toMatch(/gongkai_graphql_duration_seconds_count\{outcome="ok"\} [1-9]/);
      expect(text).toMatch(/gongkai_rejections_total\{reason="BAD_USER_INPUT"\} [1-9]/);
      // The role tests imported a revised page (editor) and found it unchanged (admins).
      expect(text).toMatch(/gongkai_imports_total\{status="revised"\} [1-9]/);
      expect(text).toMatch(/gongkai_imports_total\{status="unchanged"\} [1-9]/);
    });

    it("logs a masked error as one JSON line with the request id and no SQL (runs last: drops a table)", async () => {
      await ds.query("DROP TABLE finding");
      const before = server.logs.length;
      const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "req-42" }, body: JSON.stringify({ query: "{ reports(first: 3) { nodes { findings { rule } } } }" }) });
      const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors.length).toBeGreaterThanOrEqual(1);
      expect(new Set(body.errors.map((e) => e.extensions.code))).toEqual(new Set(["INTERNAL_SERVER_ERROR"]));
      expect(res.headers.get("x-request-id")).toBe("req-42");
      const lines = server.logs.slice(before).map((l) => JSON.parse(l));
      expect(lines).toHaveLength(body.errors.length);
      expect(lines[0]).toMatchObject({ level: "error", requestId: "req-42", actor: "anonymous", msg: "masked error", path: "reports.nodes.0.findings", error: { type: "QueryFailedError" } });
      expect(JSON.stringify(lines)).not.toMatch(/SELECT .*FROM|"stack"/);
    });
  });
});
