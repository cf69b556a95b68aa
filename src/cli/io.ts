/**
 * Where a command writes. Commands never touch process.stdout or process.exit themselves: they
 * write through `io` and return their exit code, so that output reaches a pipe whole (see `exit`).
 */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** The contract every command is built to (new commands from other modules plug in with it). */
export type Command = (argv: string[], io: Io) => Promise<number>;

export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr });

/** Writes, waiting for 'drain' when the stream's buffer is full, so that streaming output never piles up in memory. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => stream.once("drain", resolve));
}

export function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
}

/** Resolves once everything written so far has been handed to the OS (the callback of an empty write comes after all earlier ones). */
export function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const s = stream as NodeJS.WritableStream & { writableLength?: number; destroyed?: boolean };
    if (s.destroyed) return resolve();
    stream.write("", () => resolve());
  });
}
