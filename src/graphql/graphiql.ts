/**
 * GraphiQL served by the service itself, every asset from node_modules: government intranets have
 * no internet, and Apollo's default landing page loads from a CDN.
 */
import path from "node:path";
import express from "express";
import type { ApolloServerPlugin } from "@apollo/server";
import { EXAMPLE_QUERIES } from "./examples";

const ASSETS: Record<string, string> = {
  "graphiql.min.js": path.join(path.dirname(require.resolve("graphiql/package.json")), "graphiql.min.js"),
  "graphiql.min.css": path.join(path.dirname(require.resolve("graphiql/package.json")), "graphiql.min.css"),
  "react.production.min.js": path.join(path.dirname(require.resolve("react/package.json")), "umd", "react.production.min.js"),
  "react-dom.production.min.js": path.join(path.dirname(require.resolve("react-dom/package.json")), "umd", "react-dom.production.min.js"),
};

export function graphiqlAssets(): express.Router {
  const router = express.Router();
  router.get("/graphiql-assets/:file", (req, res) => {
    const file = ASSETS[req.params.file];
    if (!file) return void res.status(404).send("not found");
    res.setHeader("Cache-Control", "public, max-age=86400");
    res.sendFile(file);
  });
  router.get("/graphiql-assets-app.js", (_req, res) => {
    res.type("application/javascript").send(appScript());
  });
  return router;
}

function appScript(): string {
  const first = EXAMPLE_QUERIES[0];
  const tabs = EXAMPLE_QUERIES.map((q) => ({ query: `# ${q.title}\n${q.query}`, variables: q.variables ? JSON.stringify(q.variables, null, 2) : undefined }));
  return `(function () {
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var tabs = ${JSON.stringify(tabs)};
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultTabs: tabs, defaultQuery: ${JSON.stringify(`# ${first.title}\n${first.query}`)} })
  );
})();`;
}

export const GRAPHIQL_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8"/>
  <title>gongkai — GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1"/>
  <link rel="stylesheet" href="/graphiql-assets/graphiql.min.css"/>
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql-assets/react.production.min.js"></script>
  <script src="/graphiql-assets/react-dom.production.min.js"></script>
  <script src="/graphiql-assets/graphiql.min.js"></script>
  <script src="/graphiql-assets-app.js"></script>
</body>
</html>`;

/** Replaces Apollo's CDN landing page with the local GraphiQL, in development and production. */
export function graphiqlLandingPage(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: GRAPHIQL_HTML };
        },
      };
    },
  };
}
