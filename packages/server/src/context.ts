import type { Caller } from "./domain/caller";
import type { Clock } from "./domain/clock";
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

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    caller: Caller;
  };
}
