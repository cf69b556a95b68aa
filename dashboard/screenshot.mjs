// Screenshot of a dashboard page at 1366×768 in Debian's chromium (used for docs/dashboard.png):
//   node dashboard/screenshot.mjs http://127.0.0.1:4000/dashboard/overview?region=990100 docs/dashboard.png
import { chromium } from "playwright-core";

const [url, out] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: node dashboard/screenshot.mjs URL OUT.png");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
  await page.goto(url);
  await page.waitForSelector("[data-kpi] [data-value], table", { timeout: 20000 });
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
