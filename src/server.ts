/**
 * The HTTP service: express 5 + Apollo Server 5 on /graphql, local GraphiQL, health check.
 * Stateless: everything lives in the database, so instances scale out behind a load balancer.
 */
import "reflect-metadata";
import http from "node:http";
import express from "express";
import cors from "cors";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, GraphQLFormattedError } from "graphql";
import type { DataSource } from "typeorm";
import type { Config } from "./config";
import { createSchema } from "./graphql/schema";
import { createLoaders } from "./graphql/loaders";
import type { Context } from "./graphql/context";
import { graphiqlAssets, graphiqlLandingPage } from "./graphql/graphiql";
import { mountExports } from "./export/routes";
import { queryLimits } from "./graphql/limits";
import { mountDashboard } from "./dashboard/serve";

/** Error codes a client may see; anything else is logged and masked. */
const PUBLIC_CODES = new Set([
  "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "QUERY_TOO_DEEP", "QUERY_TOO_COSTLY",
  "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "PERSISTED_QUERY_NOT_FOUND", "BAD_REQUEST", "OPERATION_RESOLUTION_FAILURE",
]);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (code && PUBLIC_CODES.has(code)) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && original.extensions?.code && PUBLIC_CODES.has(String(original.extensions.code))) {
    return { message: original.message, path: formatted.path, extensions: { code: original.extensions.code } };
  }
  console.error("[gongkai] internal error:", original);
  return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

export interface RunningServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  url: string;
  stop(): Promise<void>;
}

export async function createApp(ds: DataSource, config: Config) {
  const schema = await createSchema();
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules: [queryLimits(config.maxQueryDepth, config.maxQueryCost)],
    // No HTTP cache hints are used: the cache-control plugin would only add per-field work.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), graphiqlLandingPage(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  app.disable("x-powered-by");
  app.get("/healthz", async (_req, res) => {
    try {
      await ds.query("SELECT 1");
      res.json({ status: "ok" });
    } catch {
      res.status(503).json({ status: "database unavailable" });
    }
  });
  app.use(graphiqlAssets());
  mountExports(app, { ds, config });
  mountDashboard(app);
  app.use(
    "/graphql",
    cors(),
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const auth = req.headers.authorization ?? "";
        const token = auth.startsWith("Bearer ") ? auth.slice(7) : null;
        return { ds, config, loaders: createLoaders(ds), isAdmin: !!config.adminToken && token === config.adminToken };
      },
    }),
  );
  // Body-parser and other HTTP-level failures: a short JSON error, never a stack trace.
  app.use((err: any, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = Number(err?.status ?? err?.statusCode) || 500;
    const message = status === 413 ? `Request body is larger than ${config.bodyLimit}` : status < 500 ? "Malformed request" : "Internal server error";
    if (status >= 500) console.error("[gongkai] http error:", err);
    res.status(status).json({ errors: [{ message, extensions: { code: status === 413 ? "PAYLOAD_TOO_LARGE" : status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR" } }] });
  });
  return { app, httpServer, apollo };
}

export async function startServer(ds: DataSource, config: Config, port = config.port): Promise<RunningServer> {
  const { app, httpServer, apollo } = await createApp(ds, config);
  await new Promise<void>((resolve) => httpServer.listen(port, resolve));
  const address = httpServer.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    app, httpServer, apollo,
    url: `http://localhost:${actualPort}/graphql`,
    async stop() {
      await apollo.stop();
    },
  };
}
