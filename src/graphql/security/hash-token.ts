/**
 * `gongkai hash-token [name role]` — prints the SHA-256 entry of a token for GONGKAI_TOKENS or
 * GONGKAI_TOKENS_FILE, so that configuration never holds the token itself. The token is read from
 * stdin (never from argv, which `ps` shows); with no stdin a random token is generated and printed
 * once, to hand to the client.
 */
import { randomBytes } from "node:crypto";
import { sha256 } from "../../config";

const ROLES = new Set(["viewer", "editor", "admin"]);

export async function hashTokenCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin?: NodeJS.ReadableStream & { isTTY?: boolean } },
): Promise<number> {
  const [name = "client", role = "viewer"] = argv;
  if (!/^[\w.@-]{1,64}$/.test(name) || !ROLES.has(role)) {
    io.stderr.write("usage: gongkai hash-token [name] [viewer|editor|admin]   (token on stdin, or a new one is generated)\n");
    return 2;
  }
  let token = "";
  if (io.stdin && !io.stdin.isTTY) {
    for await (const chunk of io.stdin) token += chunk.toString();
    token = token.trim();
  }
  let generated = false;
  if (!token) {
    token = randomBytes(24).toString("base64url");
    generated = true;
  }
  if (token.length < 16) {
    io.stderr.write("gongkai: a token needs at least 16 characters\n");
    return 2;
  }
  if (generated) io.stderr.write(`new token for ${name} (give it to the client; it is not stored): ${token}\n`);
  io.stdout.write(`${name}:${role}:sha256:${sha256(token).toString("hex")}\n`);
  return 0;
}
