/**
 * Serves the dashboard (built by `npm run build:dashboard`, which `npm ci` runs) at /dashboard:
 * hashed assets cached for a year, the page itself for every other /dashboard/* path (each view's
 * state lives in its URL, so any shared link opens), and `/` leads there. Every asset comes from the
 * project: the page's Content-Security-Policy allows no other origin.
 */
import fs from "node:fs";
import path from "node:path";
import express from "express";
import { projectRoot } from "../shared/paths";

export const DASHBOARD_PATH = "/dashboard";

/** Where the build puts the dashboard. */
export function dashboardDir(): string {
  return path.join(projectRoot(), "dist", "dashboard");
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // ECharts and Preact set element styles from script.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
  "form-action 'self'",
].join("; ");

export function mountDashboard(app: express.Express, dir = dashboardDir()): void {
  const index = path.join(dir, "index.html");
  app.get("/", (_req, res) => res.redirect(302, `${DASHBOARD_PATH}/`));
  app.use(
    `${DASHBOARD_PATH}/assets`,
    express.static(path.join(dir, "assets"), { immutable: true, maxAge: "365d", index: false, fallthrough: false }),
  );
  app.get(/^\/dashboard(\/.*)?$/, (req, res) => {
    if (req.path === DASHBOARD_PATH) return res.redirect(301, `${DASHBOARD_PATH}/${req.url.slice(DASHBOARD_PATH.length)}`);
    if (!fs.existsSync(index)) {
      res.status(503).type("text/plain; charset=utf-8").send("The dashboard is not built: run `npm run build:dashboard` (npm ci does it).\n仪表板尚未构建：请运行 npm run build:dashboard。\n");
      return;
    }
    res.set({ "Content-Security-Policy": CSP, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
    res.sendFile(index);
  });
}
