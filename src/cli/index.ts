/**
 * Command-line entry: an adapter over the same services as the API. Each command is a function
 * `(argv, io) => Promise<exit code>` in a file of its own; `--help` prints its help and starts
 * nothing. Exit codes: 0 fine, 1 some input failed, 2 usage error.
 */
import "reflect-metadata";
import { CliError, UsageError } from "./args";
import { ConfigError } from "../config";
import { Command, flushed, Io, processIo, write } from "./io";
import { version } from "./version";
import { startupMessage } from "../observability/startup";

export { UsageError } from "./args";
export type { Command, Io } from "./io";

interface Entry {
  /** One line for the command list. */
  summary: string;
  /**
   * The command's module, loaded when the command runs: `gongkai import` does not load the server,
   * nor `--version` anything (a CLI start-up of ~0.3 s instead of ~1.5 s).
   * `--help`/`-h` prints its help without running anything (no server, no database).
   */
  load(): { run: Command; help: string };
}

/** The command table; other modules' commands (render, export, correct) plug in here. */
export const COMMANDS: Record<string, Entry> = {
  serve: {
    summary: "start the GraphQL service (GraphiQL at http://localhost:$PORT/graphql)",
    load: () => { const m = require("./serve") as typeof import("./serve"); return { run: m.serveCommand, help: m.SERVE_HELP }; },
  },
  parse: {
    summary: "print the canonical report JSON of files, folders or http(s) addresses",
    load: () => { const m = require("./parse") as typeof import("./parse"); return { run: m.parseCommand, help: m.PARSE_HELP }; },
  },
  import: {
    summary: "import reports (HTML, text, .docx, PDF, canonical *.json; files, folders, addresses) into DATABASE_URL",
    load: () => { const m = require("./import") as typeof import("./import"); return { run: m.importCommand, help: m.IMPORT_HELP }; },
  },
  demo: {
    summary: "serve a generated province (示例省) from its own database file",
    load: () => { const m = require("./demo") as typeof import("./demo"); return { run: m.demoCommand, help: m.DEMO_HELP }; },
  },
  generate: {
    summary: "load a generated province into DATABASE_URL (for benchmarks)",
    load: () => { const m = require("./generate") as typeof import("./generate"); return { run: m.generateCommand, help: m.GENERATE_HELP }; },
  },
  correct: {
    summary: "correct or fill cells of a stored report (a new revision, with who and why)",
    load: () => { const m = require("./correct") as typeof import("./correct"); return { run: m.cmdCorrect, help: m.CORRECT_USAGE + "\n" }; },
  },
  "rebuild-summaries": {
    summary: "recompute the statistics summaries and the read model from the stored reports",
    load: () => { const m = require("./rebuild-summaries") as typeof import("./rebuild-summaries"); return { run: m.rebuildSummariesCommand, help: m.REBUILD_HELP }; },
  },
  render: {
    summary: "lay out a report file, a stored report, a region-year (汇总 draft) or a comparison as the official tables (html, xlsx, csv, docx)",
    load: () => { const m = require("../render/cli") as typeof import("../render/cli"); return { run: m.renderCommand, help: m.RENDER_USAGE + "\n" }; },
  },
  export: {
    summary: "every cell of every current report matching a filter, as CSV or XLSX",
    load: () => { const m = require("../render/cli") as typeof import("../render/cli"); return { run: m.exportCommand, help: m.EXPORT_USAGE + "\n" }; },
  },
  "rebuild-narratives": {
    summary: "refill the narrative search index and the N1 findings from the stored reports",
    load: () => { const m = require("./rebuild-narratives") as typeof import("./rebuild-narratives"); return { run: m.rebuildNarrativesCommand, help: m.REBUILD_NARRATIVES_HELP }; },
  },
  "hash-token": {
    summary: "print the name:role:sha256 entry of a token (read from stdin, or a new one) for GONGKAI_TOKENS",
    load: () => {
      const m = require("../graphql/security/hash-token") as typeof import("../graphql/security/hash-token");
      return {
        run: (argv, io) => m.hashTokenCommand(argv, { ...io, stdin: process.stdin }),
        help: "usage: gongkai hash-token [name] [viewer|editor|admin]   (token on stdin, or a new one is generated and printed once)\n",
      };
    },
  },
  migrate: {
    summary: "run the database migrations and exit",
    load: () => { const m = require("./migrate") as typeof import("./migrate"); return { run: m.migrateCommand, help: m.MIGRATE_HELP }; },
  },
  "emit-schema": {
    summary: "rewrite schema.graphql from the code",
    load: () => { const m = require("./emit-schema") as typeof import("./emit-schema"); return { run: m.emitSchemaCommand, help: m.EMIT_SCHEMA_HELP }; },
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    "usage: gongkai <command> [options]      (gongkai <command> --help for its options)",
    "",
    "commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)} ${c.summary}`),
    "",
    "  --version            print the version",
    "",
    "environment: DATABASE_URL (default sqlite:data/gongkai.sqlite), PORT (4000), GONGKAI_ADMIN_TOKEN, GONGKAI_LOAD_DEMO",
    "exit codes: 0 fine, 1 some input failed, 2 usage error",
    "",
  ].join("\n");
}

/** `--help`/`-h` anywhere before a `--`. */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    const topic = command === "help" ? rest[0] : undefined;
    if (topic && Object.prototype.hasOwnProperty.call(COMMANDS, topic)) {
      await write(io.stdout, COMMANDS[topic].load().help);
      return 0;
    }
    if (topic) {
      await write(io.stderr, `gongkai: unknown command "${topic}"\n\n${usage()}`);
      return 2;
    }
    await write(command === undefined ? io.stderr : io.stdout, usage());
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v" || command === "version") {
    await write(io.stdout, `gongkai ${version()}\n`);
    return 0;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) {
    await write(io.stderr, `gongkai: unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  const { run, help } = entry.load();
  if (wantsHelp(rest)) {
    await write(io.stdout, help);
    return 0;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    // The mistakes a user makes and fixes (arguments, environment): one line, no stack.
    if (e instanceof UsageError || e instanceof ConfigError) {
      await write(io.stderr, `gongkai ${command}: ${e.message}\n${e instanceof UsageError ? `(gongkai ${command} --help for usage)\n` : ""}`);
      return 2;
    }
    if (e instanceof CliError) {
      await write(io.stderr, `gongkai ${command}: ${e.message}\n`);
      return 1;
    }
    // A failure the operator can fix (port taken, database password): one line, not a stack.
    const line = startupMessage(e);
    if (line) {
      await write(io.stderr, `gongkai ${command}: ${line}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * Runs a command as a process: sets the exit code, waits until stdout and stderr have handed every
 * byte to the OS (a pipe may still be draining when the command returns), then exits. A reader that
 * goes away (`| head`) ends the process quietly.
 */
export function runAsProcess(argv: string[]): void {
  const quietOnEpipe = (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  };
  process.stdout.on("error", quietOnEpipe);
  process.stderr.on("error", quietOnEpipe);
  const finish = async (code: number) => {
    process.exitCode = code;
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  };
  main(argv).then(finish, async (e: unknown) => {
    const err = e as Error;
    await write(process.stderr, `gongkai: unexpected error: ${err?.stack ?? String(e)}\n`);
    await finish(1);
  });
}

if (require.main === module) runAsProcess(process.argv.slice(2));
