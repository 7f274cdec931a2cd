import type { Clock } from "../domain/clock";
import type { KeyLookup } from "../store/accounts";

/** Remembers values for a few seconds, by string key, up to a number of entries. */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.#entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
  }
}

/** How often a server records a key's `last_used_at`: at most once a minute per key. */
const STAMP_EVERY_MS = 60_000;

/** A cached lookup and the revocation signal's version read before it was made. */
export interface CachedKey {
  key: KeyLookup;
  version: string | undefined;
}

/**
 * Lookups by secret for a few seconds, so a busy client does not cost a
 * SHA-256 and a join per request, and when this server last stamped each
 * key's `last_used_at`. A hit is no proof the key is still valid: http/auth.ts
 * trusts it only while the revocation signal's version is the one it was
 * cached under.
 */
export class KeyCache extends TtlCache<CachedKey> {
  readonly #stamped = new Map<string, number>();

  /** Whether `keyId`'s last use should be written now; if so, counts it as written. */
  stampDue(keyId: string, now: number): boolean {
    const last = this.#stamped.get(keyId);
    if (last !== undefined && now - last < STAMP_EVERY_MS) return false;
    if (this.#stamped.size >= 10_000) this.#stamped.clear();
    this.#stamped.set(keyId, now);
    return true;
  }
}
