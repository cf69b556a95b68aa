import { Writable } from "node:stream";
import { main } from "../../src/cli";

/** A writable stream that keeps what is written to it. */
export function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(Buffer.from(chunk)); done(); } });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Runs the CLI in-process through its io contract with `env` added, capturing what it prints. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args, { stdout: out.stream, stderr: err.stream });
    return { code, out: out.text(), err: err.text() };
  } finally {
    process.env = saved;
  }
}
