import type { Caller } from "./domain/caller";
import type { Clock } from "./domain/clock";
import type { RevocationSignal } from "./domain/revocation-signal";
import type { Telemetry } from "./domain/telemetry";
import type { KeyCache } from "./http/key-cache";
import type { SessionService } from "./sessions/service";
import type { DatabaseHandle } from "./store/database";

/** What `createApp` is built from. Nothing here may be Node-only: the mock runs it too. */
export interface AppDeps {
  /** Inside an idempotent POST, the request's unit of work (see http/idempotency.ts). */
  db: DatabaseHandle;
  clock: Clock;
  sessions: SessionService;
  /** @internal Recent API key lookups by secret. */
  keys: KeyCache;
  /** @internal How a revoked key's cache entries are known to be stale (the database's, see http/auth.ts). */
  revocations: RevocationSignal;
  /** Where request events go; without it, 500s are written to the console. */
  telemetry?: Telemetry;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    caller: Caller;
  };
}
