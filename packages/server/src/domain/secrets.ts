const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_LENGTH = 40;

/** `dsk_` + 40 base62 characters (≈ 238 bits), drawn without modulo bias. */
export function newApiSecret(): string {
  let out = "dsk_";
  while (out.length < 4 + SECRET_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(64))) {
      // 248 = 4 × 62: bytes above it would favour the first characters.
      if (byte < 248 && out.length < 4 + SECRET_LENGTH) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** Node's own hash, where the app runs on Node (the mock also runs it in browsers, which have only WebCrypto). */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: "node:crypto") => typeof import("node:crypto") } }
).process?.getBuiltinModule?.("node:crypto");

/**
 * SHA-256 as hex. On Node it hashes synchronously: WebCrypto's digest is a
 * thread-pool job whose answer comes an event-loop turn later, which costs a
 * small hash (an idempotency fingerprint, a key) far more than hashing does,
 * and holds a keyed write out of the batch its neighbours commit in.
 */
export async function sha256Hex(text: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash("sha256").update(text).digest("hex");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
