import type { Caller } from "../domain/caller";
import type { Clock } from "../domain/clock";
import { newId } from "../domain/ids";
import { ProblemError } from "../domain/problem";
import type { StateCounts } from "../domain/state-summary";
import type { BrowserContextHandle } from "../driver/types";
import { recordAudit } from "../store/audit";
import type { Database } from "../store/database";
import { getProfile } from "../store/profiles";
import { removeRunner } from "../store/runners";
import {
  endSession,
  getSession,
  insertSession,
  newSessionRow,
  profileOfSessionExists,
  queuedSessionsOf,
  type SessionRow,
  writerMayStart,
} from "../store/sessions";
import { type Checkpoint, checkpointSession } from "./checkpoint";
import { LiveContexts, UNRESPONSIVE } from "./contexts";
import { browserUnavailable, driverProblem } from "./driver-problems";
import { cancelQueued, DEFAULT_MAX_STATE_BYTES } from "./end-session";
import type { LiveSession } from "./live-session";
import type { SessionServiceOptions } from "./options";
import { assertServedHere, ended, endedHere, endedWhileRunning, pageTooSlow, readOnly, sessionLimit } from "./refusals";
import { RunnerLoop } from "./runner-loop";
import { ACTION_DEADLINE_MS, type Deadline, DRIVER_TIMEOUT_MARGIN_MS, recovers } from "./watchdog";

/**
 * Runs sessions: the one-writer rule and the FIFO queue live in the database
 * (see store/sessions.ts); this process opens browser contexts for the
 * sessions it owns (contexts.ts), persists their state when they end, and
 * promotes the next queued writer, its own at once and other servers' through
 * their heartbeat loop (runner-loop.ts). This file answers the requests.
 */
export type { SessionServiceOptions };

export class SessionService {
  readonly runnerId: string;
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #options: SessionServiceOptions;
  /** Null without a driver: every request that needs a browser answers 503. */
  readonly #contexts: LiveContexts | null;
  readonly #loop: RunnerLoop;

  constructor(options: SessionServiceOptions) {
    this.#options = options;
    this.#db = options.db;
    this.#clock = options.clock;
    this.runnerId = newId("runner", options.clock.now());
    const { db, clock, driver, runnerId } = { ...options, runnerId: this.runnerId };
    this.#contexts = driver
      ? new LiveContexts({
          db,
          clock,
          driver,
          runnerId,
          maxActive: this.maxActive,
          maxStateBytes: this.maxStateBytes,
          telemetry: options.telemetry,
        })
      : null;
    this.#loop = new RunnerLoop({
      db,
      clock,
      runnerId,
      contexts: this.#contexts,
      heartbeatMs: options.heartbeatMs ?? 1000,
      staleMs: options.runnerStaleMs ?? 15_000,
      process: options.process,
    });
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
  start(): Promise<void> {
    return this.#loop.start();
  }

  /** @internal Like the other methods on session rows: used by the routes. */
  async create(
    caller: Caller,
    input: { profileId: string; persist: boolean; idleTimeoutS: number },
  ): Promise<SessionRow> {
    const contexts = this.#requireContexts();
    const now = this.#clock.now();
    let opened: ReturnType<LiveContexts["open"]> | undefined;
    const row = await contexts.slots.claim(
      (take) =>
        this.#db.write(async (tx) => {
          await this.#loop.beat(tx, now);
          const profile = await getProfile(tx, caller.account.id, input.profileId);
          const startsNow = !input.persist || (await writerMayStart(tx, profile.id));
          if (startsNow) {
            if (!contexts.slots.hasRoom()) throw sessionLimit(this.maxActive);
            take();
          }
          const session = newSessionRow({
            id: newId("session", now),
            caller,
            profile,
            ...input,
            startsNow,
            runnerId: this.runnerId,
            engine: contexts.engine,
            now,
          });
          await insertSession(tx, session);
          await recordAudit(tx, {
            caller,
            action: "session.created",
            target: { type: "session", id: session.id },
            payload: { profile_id: profile.id, persist: input.persist, status: session.status },
            now,
          });
          return session;
        }),
      (session) => {
        opened = contexts.open(session);
      },
    );
    this.#loop.ensure();
    this.#options.telemetry?.session?.({
      event: "session.created",
      sessionId: row.id,
      profileId: row.profileId,
      status: row.status === "active" ? "active" : "queued",
    });
    if (opened) {
      try {
        await opened.context;
      } catch (err) {
        await contexts.end(opened, { status: "failed", reason: "browser_error", persist: false });
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
    this.#requireContexts();
    const row = await this.#db.read((q) => getSession(q, caller.account.id, id));
    await this.#assertProfileExists(row);
    assertServedHere(row, this.runnerId);
    const live = await this.#liveOrRefuse(caller, id);
    return new Promise<T>((resolve, reject) => {
      // The caller is answered at the deadline; the queue stays held until the page is known usable or given up.
      void live.queue.run(async () => {
        if (live.finishing) return reject(endedHere(live));
        live.stopIdleTimer();
        try {
          const context = await live.context;
          const outcome = await live.watch(() => action(context, deadline.ms + DRIVER_TIMEOUT_MARGIN_MS), deadline);
          if (outcome.settled && outcome.ok) resolve(outcome.value);
          else if (outcome.settled) reject(driverProblem(outcome.error));
          else {
            reject(outcome.why);
            if (!(await recovers(context, outcome.call))) await this.#contexts?.end(live, UNRESPONSIVE);
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
   * The DELETE of a session: ends it and returns once its state is persisted. A
   * queued session is cancelled; an ended one is returned as it is. `saved`:
   * what this call wrote (null: nothing).
   */
  async destroy(caller: Caller, id: string): Promise<{ row: SessionRow; saved: StateCounts | null }> {
    const row = await this.#db.read((q) => getSession(q, caller.account.id, id));
    await this.#assertProfileExists(row);
    let saved: StateCounts | null = null;
    if (row.status === "queued") {
      await cancelQueued(this.#db, this.#clock, caller, id);
    } else if (row.status === "active") {
      assertServedHere(row, this.runnerId);
      const live = this.#contexts?.get(id);
      if (this.#contexts && live) {
        const contexts = this.#contexts;
        live.cutShort(endedWhileRunning(id));
        await live.queue.run(() =>
          contexts.end(live, { status: "closed", reason: "destroyed", persist: true, actor: caller }),
        );
        saved = live.saved;
      }
    }
    return { row: await this.#db.read((q) => getSession(q, caller.account.id, id)), saved };
  }

  /**
   * @internal
   * Saves an active writer session's state without ending it (and with
   * `snapshotLabel`, a snapshot of exactly that state). 409 for a read-only
   * (`persist: false`) session, or one not active on this server.
   */
  async checkpoint(caller: Caller, id: string, snapshotLabel?: string): Promise<Checkpoint> {
    const contexts = this.#requireContexts();
    const row = await this.#db.read((q) => getSession(q, caller.account.id, id));
    await this.#assertProfileExists(row);
    if (!row.persist) throw readOnly(id);
    assertServedHere(row, this.runnerId);
    const live = await this.#liveOrRefuse(caller, id);
    const deps = { db: this.#db, clock: this.#clock, maxStateBytes: this.maxStateBytes };
    return checkpointSession({ ...deps, end: (l, how) => contexts.end(l, how) }, live, caller, snapshotLabel);
  }

  /**
   * The live session behind a row that said active, or the 409 a request hears once its
   * ending has begun (the row it read is then stale: the refusal names how it ended).
   */
  async #liveOrRefuse(caller: Caller, id: string): Promise<LiveSession> {
    const live = this.#contexts?.get(id);
    if (!live) throw ended(await this.#db.read((q) => getSession(q, caller.account.id, id)));
    if (live.finishing) throw endedHere(live);
    return live;
  }

  /** Ends the contexts of sessions that ended elsewhere (their profile was deleted, or another server failed them). */
  async endEndedElsewhere(): Promise<void> {
    await this.#contexts?.endEndedElsewhere();
  }

  /** SIGTERM: persists and closes every active session, fails the queued ones this server owns, closes the browser. */
  async shutdown(): Promise<void> {
    this.#loop.stop();
    await this.#contexts?.endAll({ status: "closed", reason: "server_shutdown", persist: true }, endedWhileRunning);
    await this.#db.write(async (tx) => {
      const now = this.#clock.now();
      for (const row of await queuedSessionsOf(tx, this.runnerId)) {
        await endSession(tx, row.id, { status: "failed", reason: "server_shutdown", now });
      }
      await removeRunner(tx, this.runnerId);
    });
    await this.#options.driver?.close();
  }

  #requireContexts(): LiveContexts {
    if (!this.#contexts) throw browserUnavailable(this.#options.unavailableReason);
    return this.#contexts;
  }

  async #assertProfileExists(row: SessionRow): Promise<void> {
    if (!(await this.#db.read((q) => profileOfSessionExists(q, row)))) {
      throw new ProblemError("Gone", `Profile ${row.profileId} of session ${row.id} was deleted.`);
    }
  }
}
