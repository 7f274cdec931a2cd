import type { Clock } from "./domain/clock";
import type { Tier } from "./domain/tiers";
import type { TtlCache } from "./http/key-cache";
import type { SessionService } from "./sessions/service";
import type { KeyLookup } from "./store/accounts";
import type { DatabaseHandle } from "./store/database";

/** What `createApp` is built from. Nothing here may be Node-only: the mock runs it too. */
export interface AppDeps {
  /** Inside an idempotent POST, the request's unit of work (see http/idempotency.ts). */
  db: DatabaseHandle;
  clock: Clock;
  sessions: SessionService;
  /** @internal Recent API key lookups by secret. */
  keys: TtlCache<KeyLookup>;
}

export interface Caller {
  keyId: string;
  /** The account the key belongs to. */
  keyAccountId: string;
  scope: "read" | "admin";
  /** The account the request acts on: the key's own, or the one named by X-Driftstack-Account. */
  account: { id: string; name: string; tier: Tier; profileCap: number | null };
  role: "owner" | "admin" | "member";
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    caller: Caller;
  };
}
