/**
 * The sandbox's child process: parses one file per message and sends the result (or why it failed)
 * back over IPC. The parent reuses it for the next file while it stays healthy, and kills it on a
 * time-out or a cancelled request.
 */
import { parseInput, ParseError, type ParseOptions } from "../parse";

export type WorkerReply =
  | { ok: true; report: unknown }
  | { ok: false; kind: "parse"; problem: string; diagnostics: unknown[] }
  | { ok: false; kind: "stack" | "error"; message: string };

process.on("message", async (msg: { content: Uint8Array | string; options: ParseOptions }) => {
  const content = typeof msg.content === "string" ? msg.content : Buffer.from(msg.content.buffer, msg.content.byteOffset, msg.content.byteLength);
  let reply: WorkerReply;
  try {
    // The report only: no caller of the sandbox reads the decoded text, and sending it back cost both
    // processes its serialisation (the writer's, in a pooled import, is on the storing path).
    const { report } = await parseInput(content, msg.options);
    reply = { ok: true, report };
  } catch (e) {
    if (e instanceof ParseError) reply = { ok: false, kind: "parse", problem: e.problem, diagnostics: e.diagnostics };
    else if (e instanceof RangeError && /call stack/i.test(e.message)) reply = { ok: false, kind: "stack", message: e.message };
    else reply = { ok: false, kind: "error", message: `${(e as Error)?.name ?? "Error"}: ${String((e as Error)?.message ?? e).split("\n")[0].slice(0, 300)}` };
  }
  process.send!(reply);
});
