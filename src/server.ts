/**
 * The HTTP service: express 5 + Apollo Server 5 on /graphql, local GraphiQL, health check, metrics.
 * Stateless: everything lives in the database (and rate limits in Redis when configured), so
 * instances scale out behind a load balancer.
 *
 * Every request gets an id (X-Request-Id), an identity (role and actor from its token), an execution
 * budget, and a cost estimate before it executes; see src/graphql/limits.ts and src/graphql/security/.
 */
import "reflect-metadata";
import http from "node:http";
import { randomUUID } from "node:crypto";
import express from "express";
import cors from "cors";
import helmet from "helmet";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, GraphQLFormattedError } from "graphql";
import type { DataSource } from "typeorm";
import type { Config } from "./config";
import { jitExecutor } from "./graphql/jit";
import { createSchema } from "./graphql/schema";
import { createLoaders } from "./graphql/loaders";
import type { Context } from "./graphql/context";
import { createResponseStore, responseCachePlugin } from "./graphql/cache";
import { graphiqlAssets, graphiqlLandingPage } from "./graphql/graphiql";
import { structuralLimits, workLimit } from "./graphql/limits";
import { ANONYMOUS, bearerToken, identify, type Identity } from "./graphql/security/roles";
import { Budget } from "./graphql/security/budget";
import { createCostLimiter, type CostLimiter } from "./graphql/security/rate-limit";
import { loadTrustedDocuments, trustedDocumentsOnly } from "./graphql/security/trusted-documents";
import { createLogger, describeError, type Logger } from "./observability/log";
import { createMetrics, type Metrics } from "./observability/metrics";
import { StartupError } from "./observability/startup";
import { stopSandboxes } from "./ingestion/sandbox";
import { mountExports } from "./export/routes";
import { mountDashboard } from "./dashboard/serve";

/** Error codes a client may see; anything else is logged and masked. */
const PUBLIC_CODES = new Set([
  "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "QUERY_TOO_DEEP", "QUERY_TOO_COSTLY", "QUERY_TOO_COMPLEX",
  "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED", "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE", "RATE_LIMITED", "BUDGET_EXCEEDED",
]);

/** Codes of requests refused before execution. */
const REJECTION_CODES = new Set(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "QUERY_TOO_DEEP", "QUERY_TOO_COSTLY", "QUERY_TOO_COMPLEX", "RATE_LIMITED", "PERSISTED_QUERY_NOT_FOUND", "BAD_USER_INPUT"]);

/** Fields resolved by one request at most (the cost limit bounds them first; this stops a runaway). */
const MAX_FIELDS_PER_REQUEST = 2_000_000;

function publicCode(error: unknown): string | null {
  const code = (error as GraphQLError)?.extensions?.code;
  return typeof code === "string" && PUBLIC_CODES.has(code) ? code : null;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (code && PUBLIC_CODES.has(code)) {
    const { stacktrace: _s, http: _h, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const original = unwrapResolverError(error);
  const originalCode = publicCode(original);
  if (original instanceof GraphQLError && originalCode) {
    return { message: original.message, path: formatted.path, extensions: { code: originalCode } };
  }
  return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** Masked errors logged per request, one line each; the rest are counted in one more line. */
const MAX_LOGGED_ERRORS = 5;

/** Logs masked errors with the request id, counts outcomes, writes the audit line of every mutation. */
function observe(log: Logger, metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      let executed = false;
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === "mutation") {
            // Imports read files in the sandbox, bounded by its own time limit.
            contextValue.budget.extend(contextValue.config.executionBudgetMs + contextValue.config.importLimits.timeMs);
            const fields = operation.selectionSet.selections.map((s) => (s.kind === "Field" ? s.name.value : s.kind));
            log.info({ requestId: contextValue.requestId, actor: contextValue.actor, role: contextValue.role, mutation: fields }, "audit");
          }
        },
        async executionDidStart() {
          executed = true;
          if (contextValue.cost != null) metrics.cost.observe(contextValue.cost);
        },
        async didEncounterErrors({ errors }) {
          let masked = 0;
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (publicCode(error) || publicCode(original)) continue;
            masked++;
            if (masked <= MAX_LOGGED_ERRORS) log.error({ requestId: contextValue.requestId, actor: contextValue.actor, path: error.path?.join("."), error: describeError(original) }, "masked error");
          }
          if (masked > MAX_LOGGED_ERRORS) log.error({ requestId: contextValue.requestId, more: masked - MAX_LOGGED_ERRORS }, "more masked errors in this request");
          if (!executed) {
            const code = String(errors[0]?.extensions?.code ?? "UNKNOWN");
            metrics.rejections.inc({ reason: REJECTION_CODES.has(code) ? code : "OTHER" });
          }
        },
        async willSendResponse({ response }) {
          contextValue.budget.dispose();
          const body = response.body.kind === "single" ? response.body.singleResult : null;
          const outcome = !executed && !contextValue.cachedResponse ? "rejected" : body?.errors?.length ? "error" : "ok";
          metrics.requests.inc({ outcome });
          metrics.latency.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

export { internalContext } from "./graphql/security/internal-context";

export interface RunningServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  url: string;
  metrics: Metrics;
  stop(): Promise<void>;
}

export interface AppDeps {
  logger?: Logger;
  metrics?: Metrics;
}

/** The Content-Security-Policy GraphiQL (scripts from /graphiql-assets) and the same-origin dashboard satisfy. */
const CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // GraphiQL and CodeMirror set inline styles.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/** Requests' ids: the caller's X-Request-Id when it is a short plain token, else a new UUID. */
function requestIdOf(req: express.Request): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

export async function createApp(ds: DataSource, config: Config, deps: AppDeps = {}) {
  const log = deps.logger ?? createLogger(config.logLevel);
  const metrics = deps.metrics ?? createMetrics();
  const limiter: CostLimiter = await createCostLimiter(config);
  const trusted = config.trustedDocuments ? loadTrustedDocuments(config.trustedDocuments) : null;
  const schema = await createSchema();
  const app = express();
  const httpServer = http.createServer(app);
  const structural = structuralLimits(config);
  const responses = await createResponseStore(config);
  const apollo = new ApolloServer<Context>({
    // Compiled execution (graphql/jit.ts) unless turned off; the schema either way.
    ...(config.jit ? { gateway: jitExecutor(schema) } : { schema }),
    introspection: config.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Persisted queries come from the trusted-documents list, never registered by clients.
    persistedQueries: false,
    parseOptions: { maxTokens: config.maxTokens },
    formatError,
    validationRules: structural.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.production ? ApolloServerPluginLandingPageDisabled() : graphiqlLandingPage(),
      // No HTTP cache hints are used: the cache-control plugin would only add per-field work.
      ApolloServerPluginCacheControlDisabled(),
      ...structural.plugins,
      workLimit(schema, config.maxQueryCost, async (cost, ctx) => {
        const c = ctx as Context;
        await limiter.spend(c.actor !== "anonymous" ? `actor:${c.actor}` : `ip:${c.clientAddress}`, cost);
      }),
      observe(log, metrics),
      ...(responses ? [responseCachePlugin(ds, responses)] : []),
      {
        async serverWillStart() {
          return {
            serverWillStop: async () => {
              stopSandboxes();
              await limiter.close();
              await responses?.close();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  app.disable("x-powered-by");
  app.use((req, res, next) => {
    const id = requestIdOf(req);
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    next();
  });
  app.use(helmet({ contentSecurityPolicy: CSP, strictTransportSecurity: false }));
  app.get("/healthz", async (_req, res) => {
    try {
      await ds.query("SELECT 1");
      res.json({ status: "ok" });
    } catch {
      res.status(503).json({ status: "database unavailable" });
    }
  });
  if (config.metrics) {
    app.get("/metrics", async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
  if (!config.production) app.use(graphiqlAssets());
  mountExports(app, { ds, config });
  mountDashboard(app);
  const graphqlChain: express.RequestHandler[] = [];
  if (config.corsOrigins.length) graphqlChain.push(cors({ origin: config.corsOrigins, methods: ["GET", "POST"], maxAge: 600 }));
  graphqlChain.push(express.json({ limit: config.bodyLimit }));
  if (trusted) graphqlChain.push(trustedDocumentsOnly(trusted));
  // Who is asking: a token that matches no configured one is refused rather than treated as anonymous.
  graphqlChain.push((req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    let identity: Identity | null = ANONYMOUS;
    if (token) identity = identify(token, config.tokens);
    else if (req.headers.authorization) identity = null;
    if (!identity || (config.requireToken && identity === ANONYMOUS && req.method !== "OPTIONS")) {
      metrics.rejections.inc({ reason: "UNAUTHENTICATED" });
      res.status(401).setHeader("WWW-Authenticate", 'Bearer realm="gongkai"');
      return void res.json({ errors: [{ message: identity ? "A token is required (Authorization: Bearer …)" : "The token is not valid", extensions: { code: "UNAUTHENTICATED" } }] });
    }
    res.locals.identity = identity;
    next();
  });
  graphqlChain.push(
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const identity: Identity = res.locals.identity ?? ANONYMOUS;
        const budget = new Budget(config.executionBudgetMs, MAX_FIELDS_PER_REQUEST);
        // A client that goes away stops the work its request still had to do.
        res.on("close", () => {
          if (!res.writableFinished) budget.abort("the client disconnected");
          budget.dispose();
        });
        return {
          ds, config, loaders: createLoaders(ds),
          role: identity.role, actor: identity.actor, isAdmin: identity.role === "admin",
          requestId: res.locals.requestId, budget, clientAddress: req.socket.remoteAddress ?? "unknown", metrics,
        };
      },
    }),
  );
  app.use("/graphql", ...graphqlChain);
  // Body-parser and other HTTP-level failures: a short JSON error, never a stack trace.
  app.use((err: any, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = Number(err?.status ?? err?.statusCode) || 500;
    const message = status === 413 ? `Request body is larger than ${config.bodyLimit}` : status < 500 ? "Malformed request" : "Internal server error";
    if (status >= 500) log.error({ requestId: res.locals.requestId, error: describeError(err) }, "http error");
    else metrics.rejections.inc({ reason: `HTTP_${status}` });
    res.status(status).json({ errors: [{ message, extensions: { code: status === 413 ? "PAYLOAD_TOO_LARGE" : status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR" } }] });
  });
  return { app, httpServer, apollo, metrics, log };
}

export async function startServer(ds: DataSource, config: Config, port = config.port, deps: AppDeps = {}): Promise<RunningServer> {
  const { app, httpServer, apollo, metrics } = await createApp(ds, config, deps);
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === "EADDRINUSE" ? new StartupError(`port ${port} on ${config.host} is already in use; stop the other process or set PORT`)
          : e.code === "EADDRNOTAVAIL" ? new StartupError(`HOST ${config.host} is not an address of this machine`)
            : e.code === "EACCES" ? new StartupError(`no permission to listen on port ${port}; use a port above 1023`)
              : e,
      );
    };
    httpServer.once("error", onError);
    httpServer.listen(port, config.host, () => {
      httpServer.off("error", onError);
      resolve();
    });
  }).catch(async (e) => {
    await apollo.stop().catch(() => undefined);
    throw e;
  });
  const address = httpServer.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    app, httpServer, apollo, metrics,
    url: `http://${shownHost}:${actualPort}/graphql`,
    async stop() {
      await apollo.stop();
    },
  };
}
