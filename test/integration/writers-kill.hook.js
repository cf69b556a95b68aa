"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a preload script for `node -r`, CommonJS like bin/gongkai */
/**
 * Preloaded (`node -r`) into `gongkai import` by writers-kill.test.ts; changes nothing unless asked.
 * - Writes "gk-kill:ready" to stderr when the first file starts decoding (the test's random kills are
 *   timed from there, so none is wasted on start-up).
 * - GONGKAI_KILL_AT=<step>:<n> makes the process SIGKILL itself right after the n-th time a step
 *   finished: decode, parse (before the rules), rules, then the store's statements — report (the
 *   report row), source, figures, findings, summaries, narratives, events — and commit.
 * The steps are observed from outside the code under test: the decoder's and the rules' module
 * exports are wrapped (their callers read them at call time), and TypeORM's query runners are
 * wrapped to classify each statement once it has run.
 */
const path = require("node:path");

const dist = path.join(__dirname, "..", "..", "dist", "src");
const [step, nth] = (process.env.GONGKAI_KILL_AT || ":").split(":");
const counts = {};

function done(name) {
  counts[name] = (counts[name] || 0) + 1;
  if (name === step && counts[name] === Number(nth)) process.kill(process.pid, "SIGKILL");
}

let ready = false;
const decoder = require(path.join(dist, "ingestion", "decode", "decode.js"));
const decode = decoder.decode;
decoder.decode = async function (...args) {
  if (!ready) {
    ready = true;
    process.stderr.write("gk-kill:ready\n");
  }
  const out = await decode.apply(this, args);
  done("decode");
  return out;
};

const rules = require(path.join(dist, "ingestion", "rules", "index.js"));
const checkReport = rules.checkReport;
rules.checkReport = function (...args) {
  done("parse");
  const out = checkReport.apply(this, args);
  done("rules");
  return out;
};

const TABLES = {
  report: "report", report_source: "source", report_figures: "figures", finding: "findings",
  stat_summary: "summaries", narrative_section: "narratives", report_event: "events",
};

function classify(sql) {
  const s = String(sql).trim();
  if (/^COMMIT\b/i.test(s)) return "commit";
  const m = /^(?:INSERT\s+INTO|UPDATE)\s+[`"]?(\w+)[`"]?/i.exec(s);
  return m ? TABLES[m[1]] || null : null;
}

for (const [file, name] of [["better-sqlite3/BetterSqlite3QueryRunner", "BetterSqlite3QueryRunner"], ["mysql/MysqlQueryRunner", "MysqlQueryRunner"]]) {
  const Runner = require(`typeorm/driver/${file}`)[name];
  const query = Runner.prototype.query;
  Runner.prototype.query = async function (sql, ...rest) {
    const out = await query.call(this, sql, ...rest);
    const kind = classify(sql);
    if (kind) done(kind);
    return out;
  };
}
