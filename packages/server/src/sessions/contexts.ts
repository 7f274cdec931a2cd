import { findArchetype } from "../domain/archetypes";
import type { Clock } from "../domain/clock";
import type { Telemetry } from "../domain/telemetry";
import type { BrowserDriver } from "../driver/types";
import type { Database } from "../store/database";
import { markRestored, markStarted, nextWriter, type SessionRow, sessionsById } from "../store/sessions";
import { profileState } from "../store/states";
import { type Ending, endLiveSession } from "./end-session";
import { LiveSession } from "./live-session";
import { Slots } from "./slots";

/** How a session whose page stopped answering ends: its context is given up, nothing is exported. */
export const UNRESPONSIVE: Ending = { status: "failed", reason: "page_unresponsive", persist: false, abandon: true };

/**
 * The browser contexts this server process serves: opening one for a started session,
 * ending it (however many paths ask, once), and starting the profile's next queued
 * writer when one ends.
 */
export class LiveContexts {
  readonly #live = new Map<string, LiveSession>();
  readonly slots: Slots;
  #closing = false;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      driver: BrowserDriver;
      runnerId: string;
      maxActive: number;
      maxStateBytes: number;
      telemetry?: Telemetry;
    },
  ) {
    this.slots = new Slots(deps.maxActive, () => this.#live.size);
  }

  get(id: string): LiveSession | undefined {
    return this.#live.get(id);
  }

  get engine(): string {
    return this.deps.driver.engine;
  }

  get size(): number {
    return this.#live.size;
  }

  /** Opens the context of a session that has just started (in a slot `slots.claim` took). */
  open(row: SessionRow): LiveSession {
    const { db, driver } = this.deps;
    const context = (async () => {
      const state = await db.read((q) => profileState(q, row.profileId));
      const archetype = findArchetype(row.archetype);
      if (!archetype) throw new Error(`unknown archetype ${row.archetype}`);
      const handle = await driver.open({ archetype, state, native: state?.native });
      try {
        await db.write((tx) => markRestored(tx, row.id, handle.restored));
      } catch (error) {
        await handle.close();
        throw error;
      }
      row.stateRestored = handle.restored;
      return handle;
    })();
    const live = new LiveSession(row, context, (idle) => {
      void idle.queue.run(() =>
        this.end(idle, {
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
        handle.onCrash(() => void this.end(live, { status: "failed", reason: "browser_crashed", persist: false }));
        live.touch();
        this.deps.telemetry?.session?.({ event: "session.active", sessionId: row.id, engine: driver.engine });
      },
      () => void this.end(live, { status: "failed", reason: "browser_error", persist: false }),
    );
    return live;
  }

  /**
   * Ends a live session once, however many paths ask (destroy, idle timeout, crash, an
   * unresponsive page, shutdown, an ending elsewhere): persist, mark ended, close, promote
   * the next writer. `how` says why.
   */
  end(live: LiveSession, how: Ending): Promise<void> {
    live.finishing ??= this.#end(live, how);
    return live.finishing;
  }

  /** Ends the contexts of sessions whose rows ended elsewhere (their profile was deleted, another server failed them). */
  async endEndedElsewhere(): Promise<void> {
    const rows = await this.deps.db.read((q) => sessionsById(q, [...this.#live.keys()]));
    for (const row of rows) {
      const live = this.#live.get(row.id);
      if (live && row.status !== "active")
        await this.end(live, { status: "closed", reason: row.endReason ?? "ended", persist: false });
    }
  }

  /** Ends every live session after the action running on it, with `cutShort` answering that action's caller. */
  async endAll(how: Ending, cutShort: (id: string) => Error): Promise<void> {
    this.#closing = true;
    await Promise.all(
      [...this.#live.values()].map((live) => {
        live.cutShort(cutShort(live.row.id));
        return live.queue.run(() => this.end(live, how));
      }),
    );
  }

  /** Starts the profile's next queued writer if it is this server's and there is room. */
  async promote(profileId: string): Promise<void> {
    if (this.#closing) return;
    const { db, clock, driver, runnerId } = this.deps;
    const engine = driver.engine;
    await this.slots.claim(
      (take) =>
        db.write(async (tx) => {
          if (!this.slots.hasRoom()) return undefined;
          const head = await nextWriter(tx, profileId);
          if (!head || head.runnerId !== runnerId) return undefined;
          const now = clock.now();
          take();
          await markStarted(tx, head.id, { engine, now });
          return { ...head, status: "active" as const, engine, startedAt: now };
        }),
      (next) => {
        if (next) this.open(next);
      },
    );
  }

  async #end(live: LiveSession, how: Ending): Promise<void> {
    live.stopIdleTimer();
    const context = await live.context.catch(() => null);
    const { db, clock, maxStateBytes } = this.deps;
    const { status, reason, saved } = await endLiveSession(db, clock, live.row, context, how, maxStateBytes);
    live.saved = saved;
    live.outcome = { status, reason };
    this.#report(live.row.id, status, reason, saved?.bytes ?? null);
    const giveUp = how.abandon || reason === UNRESPONSIVE.reason;
    await (giveUp ? context?.abandon() : context?.close())?.catch(() => undefined);
    this.#live.delete(live.row.id);
    await this.promote(live.row.profileId);
  }

  #report(sessionId: string, status: Ending["status"], reason: string, persistedBytes: number | null): void {
    const { telemetry, driver } = this.deps;
    if (!telemetry?.session) return;
    const engine = driver.engine;
    if (persistedBytes !== null)
      telemetry.session({ event: "session.persisted", sessionId, engine, bytes: persistedBytes });
    telemetry.session({ event: "session.ended", sessionId, engine, status, reason });
  }
}
