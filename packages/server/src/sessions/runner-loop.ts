import type { Clock } from "../domain/clock";
import type { Database, Executor } from "../store/database";
import { endAllOfDeadRunners, heartbeat, type RunnerProcess } from "../store/runners";
import { queuedSessionsOf } from "../store/sessions";
import type { LiveContexts } from "./contexts";

/**
 * This server's heartbeat loop: beats into `runners`, ends (failed) the sessions of servers that
 * died, ends contexts whose sessions ended elsewhere and starts queued writers. It runs
 * while this server has sessions (for good after `start()`) and stops when idle.
 */
export class RunnerLoop {
  #timer: ReturnType<typeof setInterval> | undefined;
  #keepLooping = false;
  #closing = false;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      runnerId: string;
      contexts: LiveContexts | null;
      heartbeatMs: number;
      staleMs: number;
      process: RunnerProcess | undefined;
    },
  ) {}

  /** Beats now, in the caller's transaction, and ends dead servers' sessions (before a session is created). */
  async beat(tx: Executor, now: number) {
    await heartbeat(tx, this.deps.runnerId, now, this.deps.process);
    return endAllOfDeadRunners(tx, { now, staleMs: this.deps.staleMs });
  }

  /** A server's start-up: one tick now, then the loop for good. */
  async start(): Promise<void> {
    this.#keepLooping = true;
    await this.#tick();
    this.ensure();
  }

  /** Runs the loop if it is not running (a session was created: it must be watched). */
  ensure(): void {
    if (this.#timer !== undefined || this.#closing) return;
    this.#timer = setInterval(() => {
      this.#tick().catch((err: unknown) => console.error("driftstack: session loop", err));
    }, this.deps.heartbeatMs);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    this.#closing = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  async #tick(): Promise<void> {
    const { db, clock, runnerId, contexts } = this.deps;
    const now = clock.now();
    const touched = await db.write((tx) => this.beat(tx, now));
    if (contexts && contexts.size > 0) await contexts.endEndedElsewhere();
    const queued = await db.read((q) => queuedSessionsOf(q, runnerId));
    for (const profileId of new Set([...touched, ...queued.map((row) => row.profileId)]))
      await contexts?.promote(profileId);
    const inUse = contexts?.slots.inUse ?? 0;
    if (!this.#keepLooping && inUse === 0 && queued.length === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
