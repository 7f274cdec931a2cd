/**
 * Identifiers are a type prefix plus a UUIDv7. The UUID's first 48 bits are the
 * creation millisecond, so an id sorts by creation time and a cursor id still
 * orders itself after its row is gone.
 */
export const ID_PREFIXES = {
  profile: "prof",
  snapshot: "psnap",
  session: "sess",
  account: "acct",
  apiKey: "key",
  audit: "aud",
  request: "req",
  state: "bst",
  runner: "run",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Starts in the lower half of its 26 bits, so it cannot wrap before 2^25 ids.
let sequence = (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) & 0x1ffffff;

/**
 * A UUIDv7 with a 26-bit counter (RFC 9562, method 1: the 12 bits of `rand_a`
 * and the top 14 of `rand_b`). The counter only ever counts up, also across
 * milliseconds, so ids this process makes in one millisecond sort in the order
 * they were made even when clocks are mixed (a fixed test clock beside the
 * system's) and a millisecond comes round again.
 */
export function uuidv7(ms: number): string {
  sequence = (sequence + 1) & 0x3ffffff;
  const rand = randomBytes(6);
  const time = ms.toString(16).padStart(12, "0");
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-` +
    `7${HEX[(sequence >>> 22) & 0x0f]?.[1]}${HEX[(sequence >>> 14) & 0xff]}-` +
    `${HEX[0x80 | ((sequence >>> 8) & 0x3f)]}${HEX[sequence & 0xff]}-` +
    Array.from(rand, (b) => HEX[b]).join("")
  );
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// Random bytes drawn in blocks: one getRandomValues call per id was a visible share of a request's CPU.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomBytes(n: number): Uint8Array {
  if (poolOffset + n > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  poolOffset += n;
  return pool.subarray(poolOffset - n, poolOffset);
}

export function newId(kind: IdKind, ms: number): string {
  return `${ID_PREFIXES[kind]}_${uuidv7(ms)}`;
}

/** The creation millisecond of a well-formed id of `kind`, or null for anything else. */
export function idTime(kind: IdKind, id: string): number | null {
  const prefix = `${ID_PREFIXES[kind]}_`;
  if (!id.startsWith(prefix)) return null;
  const uuid = id.slice(prefix.length);
  if (!UUID_V7.test(uuid)) return null;
  return Number.parseInt(uuid.slice(0, 8) + uuid.slice(9, 13), 16);
}
