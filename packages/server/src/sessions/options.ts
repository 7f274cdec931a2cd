import type { Clock } from "../domain/clock";
import type { Telemetry } from "../domain/telemetry";
import type { BrowserDriver } from "../driver/types";
import type { Database } from "../store/database";
import type { RunnerProcess } from "../store/runners";

export interface SessionServiceOptions {
  db: Database;
  driver: BrowserDriver | null;
  clock: Clock;
  /** Why there is no driver, with the command that fixes it: shown in 503 BrowserUnavailable. */
  unavailableReason?: string;
  /** Active sessions this server serves at once; creating one more answers 429 SessionLimit. */
  maxActive?: number;
  heartbeatMs?: number;
  /** A server whose heartbeat is older than this is dead; its sessions fail. */
  runnerStaleMs?: number;
  /** The largest browser state a session may save (DRIFTSTACK_MAX_STATE_BYTES); a larger one fails the session. */
  maxStateBytes?: number;
  /** Refuse `goto` to loopback and private addresses (DRIFTSTACK_GOTO_DENY_PRIVATE=1). */
  denyPrivateNetworks?: boolean;
  /** This process, so that a restart on the same host sees at once that the previous process is gone. */
  process?: RunnerProcess;
  /** Where session lifecycle events go (logs and metrics on the Node server); absent: nowhere. */
  telemetry?: Telemetry;
}
