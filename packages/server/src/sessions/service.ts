import { eq } from "drizzle-orm";
import { findArchetype } from "../domain/archetypes";
import type { Caller } from "../domain/caller";
import type { Clock } from "../domain/clock";
import { newId } from "../domain/ids";
import { ProblemError } from "../domain/problem";
import type { BrowserContextHandle, BrowserDriver } from "../driver/types";
import { recordAudit } from "../store/audit";
import type { Database } from "../store/database";
import { getProfile } from "../store/profiles";
import { failSessionsOfDeadRunners, heartbeat, type RunnerProcess, removeRunner } from "../store/runners";
import { profiles, sessions } from "../store/schema";
import {
  getSession,
  markEnded,
  markStarted,
  nextWriter,
  queuedSessionsOf,
  type SessionRow,
  sessionsById,
  writerMayStart,
} from "../store/sessions";
import { profileState } from "../store/states";
import { browserUnavailable, driverProblem } from "./driver-problems";
import { DEFAULT_MAX_STATE_BYTES, type Ending, saveAndEnd } from "./end-session";
import { LiveSession } from "./live-session";
import { ACTION_DEADLINE_MS, type Deadline, DRIVER_TIMEOUT_MARGIN_MS, recovers } from "./watchdog";

/** How a session whose page stopped answering ends: its context is given up, nothing is exported. */
const UNRESPONSIVE: Ending = { status: "failed", reason: "page_unresponsive", persist: false, abandon: true };

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
}

/**
 * Runs sessions: the one-writer rule and the FIFO queue live in the database
 * (see store/sessions.ts); this process opens browser contexts for the
 * sessions it owns, persists their state when they end, and promotes the
 * next queued writer, its own at once and other servers' through their
 * heartbeat loop.
 */
export class SessionService {
  readonly runnerId: string;
  readonly #db: Database;
  readonly #driver: BrowserDriver | null;
  readonly #clock: Clock;
  readonly #options: SessionServiceOptions;
  readonly #live = new Map<string, LiveSession>();
  /** Sessions a committed or committing transaction started whose context is not in `#live` yet. */
  #starting = 0;
  #loop: ReturnType<typeof setInterval> | undefined;
  #keepLooping = false;
  #closing = false;

  constructor(options: SessionServiceOptions) {
    this.#options = options;
    this.#db = options.db;
    this.#driver = options.driver;
    this.#clock = options.clock;
    this.runnerId = newId("runner", options.clock.now());
  }

  get denyPrivateNetworks(): boolean {
    return this.#options.denyPrivateNetworks ?? false;
  }

  get maxStateBytes(): number {
    return this.#options.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES;
  }

  get maxActive(): number {
    return this.#options.maxActive ?? 8;
  }

  /** Starts the heartbeat loop for good and fails sessions left behind by dead servers (a server's start-up). */
  async start(): Promise<void> {
    this.#keepLooping = true;
    await this.#tick();
    this.#ensureLoop();
  }

  /** @internal Like the other methods on session rows: used by the routes. */
  async create(
    caller: Caller,
    input: { profileId: string; persist: boolean; idleTimeoutS: number },
  ): Promise<SessionRow> {
    const driver = this.#requireDriver();
    const now = this.#clock.now();
    let reserved = false;
    const row = await this.#db
      .write(async (tx) => {
        await heartbeat(tx, this.runnerId, now, this.#options.process);
        await failSessionsOfDeadRunners(tx, { now, staleMs: this.#staleMs });
        const profile = await getProfile(tx, caller.account.id, input.profileId);
        const startsNow = !input.persist || (await writerMayStart(tx, profile.id));
        if (startsNow) {
          if (!this.#hasRoom()) {
            throw new ProblemError(
              "SessionLimit",
              `This server already runs ${this.maxActive} active sessions; retry shortly.`,
              {
                headers: { "Retry-After": "1" },
              },
            );
          }
          this.#starting += 1;
          reserved = true;
        }
        const session: SessionRow = {
          id: newId("session", now),
          accountId: caller.account.id,
          profileId: profile.id,
          archetype: profile.archetype,
          persist: input.persist,
          idleTimeoutS: input.idleTimeoutS,
          status: startsNow ? "active" : "queued",
          runnerId: this.runnerId,
          engine: driver.engine,
          endReason: null,
          createdByKeyId: caller.keyId,
          createdByAccountId: caller.keyAccountId,
          createdAt: now,
          startedAt: startsNow ? now : null,
          endedAt: null,
          statePersistedAt: null,
        };
        await tx.insert(sessions).values(session);
        await tx.update(profiles).set({ lastUsedAt: now }).where(eq(profiles.id, profile.id));
        await recordAudit(tx, {
          caller,
          action: "session.created",
          target: { type: "session", id: session.id },
          payload: { profile_id: profile.id, persist: input.persist, status: session.status },
          now,
        });
        return session;
      })
      .catch((err: unknown) => {
        if (reserved) this.#starting -= 1;
        throw err;
      });
    this.#ensureLoop();
    if (row.status === "active") {
      this.#starting -= 1;
      const live = this.#open(row);
      try {
        await live.context;
      } catch (err) {
        await this.#finish(live, { status: "failed", reason: "browser_error", persist: false });
        throw driverProblem(err);
      }
    }
    return row;
  }

  /**
   * @internal
   * Runs an action on the session's context, after the ones already queued on
   * it, under the session's watchdog: the caller hears `deadline.overrun()`
   * at the deadline, the page is asked to stop, and a page that does not
   * answer again within the grace is abandoned (the session fails with
   * `page_unresponsive`, keeping the last good state). The action gets the
   * timeout to pass to the driver. Answers 410 once the profile is gone and
   * 409 unless the session is active on this server.
   */
  async act<T>(
    caller: Caller,
    id: string,
    action: (context: BrowserContextHandle, driverTimeoutMs: number) => Promise<T>,
    deadline: Deadline = { ms: ACTION_DEADLINE_MS, overrun: () => pageTooSlow(id, ACTION_DEADLINE_MS) },
  ): Promise<T> {
    this.#requireDriver();
    const row = await this.#db.read((q) => getSession(q, caller.account.id, id));
    await this.#assertProfileExists(row);
    this.#assertServedHere(row);
    const live = this.#live.get(id);
    if (!live || live.finishing) throw ended(row);
    return new Promise<T>((resolve, reject) => {
      // The caller is answered at the deadline; the queue stays held until the page is known usable or given up.
      void live.queue.run(async () => {
        if (live.finishing) return reject(ended(row));
        live.stopIdleTimer();
        try {
          const context = await live.context;
          const outcome = await live.watch(() => action(context, deadline.ms + DRIVER_TIMEOUT_MARGIN_MS), deadline);
          if (outcome.settled && outcome.ok) resolve(outcome.value);
          else if (outcome.settled) reject(driverProblem(outcome.error));
          else {
            reject(outcome.why);
            if (!(await recovers(context, outcome.call))) await this.#finish(live, UNRESPONSIVE);
          }
        } catch (err) {
          reject(driverProblem(err));
        } finally {
          if (!live.finishing) live.touch();
        }
      });
    });
  }

  /**
   * @internal
   * Ends the session and returns once its state is persisted. A queued session
   * is cancelled; an ended one is returned as it is.
   */
  async destroy(caller: Caller, id: string): Promise<SessionRow> {
    const row = await this.#db.read((q) => getSession(q, caller.account.id, id));
    await this.#assertProfileExists(row);
    if (row.status === "queued") {
      await this.#db.write(async (tx) => {
        const now = this.#clock.now();
        if (await markEnded(tx, id, { status: "closed", endReason: "cancelled", now })) {
          await recordAudit(tx, {
            caller,
            action: "session.destroyed",
            target: { type: "session", id },
            payload: { end_reason: "cancelled" },
            now,
          });
        }
      });
    } else if (row.status === "active") {
      this.#assertServedHere(row);
      const live = this.#live.get(id);
      if (live) {
        live.cutShort(endedWhileRunning(id));
        await live.queue.run(() =>
          this.#finish(live, { status: "closed", reason: "destroyed", persist: true, actor: caller }),
        );
      }
    }
    return this.#db.read((q) => getSession(q, caller.account.id, id));
  }

  /** Closes contexts whose sessions ended elsewhere (their profile was deleted, or another server failed them). */
  async dropEndedSessions(): Promise<void> {
    const rows = await this.#db.read((q) => sessionsById(q, [...this.#live.keys()]));
    for (const row of rows) {
      const live = this.#live.get(row.id);
      if (live && row.status !== "active")
        await this.#finish(live, { status: "closed", reason: row.endReason ?? "ended", persist: false });
    }
  }

  /** SIGTERM: persists and closes every active session, fails the queued ones this server owns, closes the browser. */
  async shutdown(): Promise<void> {
    this.#closing = true;
    if (this.#loop !== undefined) clearInterval(this.#loop);
    await Promise.all(
      [...this.#live.values()].map((live) => {
        live.cutShort(endedWhileRunning(live.row.id));
        return live.queue.run(() => this.#finish(live, { status: "closed", reason: "server_shutdown", persist: true }));
      }),
    );
    await this.#db.write(async (tx) => {
      const now = this.#clock.now();
      for (const row of await queuedSessionsOf(tx, this.runnerId)) {
        await markEnded(tx, row.id, { status: "failed", endReason: "server_shutdown", now });
      }
      await removeRunner(tx, this.runnerId);
    });
    await this.#driver?.close();
  }

  get #staleMs(): number {
    return this.#options.runnerStaleMs ?? 15_000;
  }

  #requireDriver(): BrowserDriver {
    if (!this.#driver) throw browserUnavailable(this.#options.unavailableReason);
    return this.#driver;
  }

  async #assertProfileExists(row: SessionRow): Promise<void> {
    const [profile] = await this.#db.read((q) =>
      q.select({ id: profiles.id }).from(profiles).where(eq(profiles.id, row.profileId)),
    );
    if (!profile) throw new ProblemError("Gone", `Profile ${row.profileId} of session ${row.id} was deleted.`);
  }

  #assertServedHere(row: SessionRow): void {
    if (row.status === "queued") {
      throw new ProblemError(
        "Conflict",
        `Session ${row.id} is queued behind the profile's active writer; it starts by itself.`,
      );
    }
    if (row.status !== "active") throw ended(row);
    if (row.runnerId !== this.runnerId) {
      throw new ProblemError(
        "Conflict",
        `Session ${row.id} is served by another server process; send its requests there.`,
      );
    }
  }

  #open(row: SessionRow): LiveSession {
    const driver = this.#requireDriver();
    const context = (async () => {
      const state = await this.#db.read((q) => profileState(q, row.profileId));
      const archetype = findArchetype(row.archetype);
      if (!archetype) throw new Error(`unknown archetype ${row.archetype}`);
      return driver.open({ archetype, state });
    })();
    const live = new LiveSession(row, context, (idle) => {
      void idle.queue.run(() =>
        this.#finish(idle, {
          status: "closed",
          reason: "idle_timeout",
          persist: true,
          actor: { keyId: row.createdByKeyId, keyAccountId: row.createdByAccountId, account: { id: row.accountId } },
        }),
      );
    });
    this.#live.set(row.id, live);
    context.then(
      (handle) => {
        handle.onCrash(() => void this.#finish(live, { status: "failed", reason: "browser_crashed", persist: false }));
        live.touch();
      },
      () => void this.#finish(live, { status: "failed", reason: "browser_error", persist: false }),
    );
    return live;
  }

  /** Ends a live session once, however many paths ask: persist, mark ended, close, promote the next writer. */
  #finish(live: LiveSession, how: Ending): Promise<void> {
    live.finishing ??= this.#end(live, how);
    return live.finishing;
  }

  async #end(live: LiveSession, how: Ending): Promise<void> {
    live.stopIdleTimer();
    const context = await live.context.catch(() => null);
    const reason = await saveAndEnd(this.#db, this.#clock, live.row, context, how, this.maxStateBytes);
    const giveUp = how.abandon || reason === UNRESPONSIVE.reason;
    await (giveUp ? context?.abandon() : context?.close())?.catch(() => undefined);
    this.#live.delete(live.row.id);
    await this.#promote(live.row.profileId);
  }

  /** Starts the profile's next queued writer if it is this server's and there is room. */
  async #promote(profileId: string): Promise<void> {
    if (this.#closing || !this.#driver) return;
    const engine = this.#driver.engine;
    let reserved = false;
    const next = await this.#db
      .write(async (tx) => {
        if (!this.#hasRoom()) return undefined;
        const head = await nextWriter(tx, profileId);
        if (!head || head.runnerId !== this.runnerId) return undefined;
        const now = this.#clock.now();
        this.#starting += 1;
        reserved = true;
        await markStarted(tx, head.id, { engine, now });
        return { ...head, status: "active" as const, engine, startedAt: now };
      })
      .catch((err: unknown) => {
        if (reserved) this.#starting -= 1;
        throw err;
      });
    if (next) {
      this.#starting -= 1;
      this.#open(next);
    }
  }

  #hasRoom(): boolean {
    return this.#live.size + this.#starting < this.maxActive;
  }

  /** Heartbeat, fail dead servers' sessions, drop contexts of sessions ended elsewhere, promote queued writers. */
  async #tick(): Promise<void> {
    const now = this.#clock.now();
    const touched = await this.#db.write(async (tx) => {
      await heartbeat(tx, this.runnerId, now, this.#options.process);
      return failSessionsOfDeadRunners(tx, { now, staleMs: this.#staleMs });
    });
    if (this.#live.size > 0) await this.dropEndedSessions();
    const queued = await this.#db.read((q) => queuedSessionsOf(q, this.runnerId));
    for (const profileId of new Set([...touched, ...queued.map((row) => row.profileId)]))
      await this.#promote(profileId);
    if (
      !this.#keepLooping &&
      this.#live.size + this.#starting === 0 &&
      queued.length === 0 &&
      this.#loop !== undefined
    ) {
      clearInterval(this.#loop);
      this.#loop = undefined;
    }
  }

  #ensureLoop(): void {
    if (this.#loop !== undefined || this.#closing) return;
    this.#loop = setInterval(() => {
      this.#tick().catch((err: unknown) => console.error("driftstack: session loop", err));
    }, this.#options.heartbeatMs ?? 1000);
    (this.#loop as { unref?: () => void }).unref?.();
  }
}

function pageTooSlow(id: string, ms: number): ProblemError {
  return new ProblemError("Conflict", `The page of session ${id} did not answer within ${ms} ms.`);
}

function endedWhileRunning(id: string): ProblemError {
  return new ProblemError("Conflict", `Session ${id} ended while this action ran.`);
}

function ended(row: SessionRow): ProblemError {
  return new ProblemError(
    "Conflict",
    `Session ${row.id} has ended (${row.status}${row.endReason ? `: ${row.endReason}` : ""}).`,
  );
}
