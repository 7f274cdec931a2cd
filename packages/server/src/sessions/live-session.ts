import { SerialQueue } from "../domain/serial-queue";
import type { StateCounts } from "../domain/state-summary";
import type { BrowserContextHandle } from "../driver/types";
import type { SessionRow } from "../store/sessions";
import type { Deadline, Watched } from "./watchdog";

/**
 * A session this process serves: its browser context (being opened, or open),
 * the queue that runs its actions one at a time, and its idle timer.
 */
export class LiveSession {
  readonly queue = new SerialQueue();
  readonly context: Promise<BrowserContextHandle>;
  /** Set once the session has begun to end, so that nothing ends it twice. */
  finishing: Promise<void> | undefined;
  /** What the session's ending saved, once it has ended (null: nothing). */
  saved: StateCounts | null = null;
  /** How it ended, once it has: what a request queued behind its ending is told. */
  outcome: { status: "closed" | "failed"; reason: string } | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Ends the wait for the running call at once (DELETE, shutdown); unset between calls. */
  #cut: ((why: Error) => void) | undefined;

  constructor(
    readonly row: SessionRow,
    context: Promise<BrowserContextHandle>,
    private readonly onIdle: (live: LiveSession) => void,
  ) {
    this.context = context;
    // Failures are reported where the context is awaited; this only keeps them from going unhandled.
    context.catch(() => undefined);
  }

  /** Restarts the idle clock: called when an action starts and when it ends. */
  touch(): void {
    this.stopIdleTimer();
    const timer = setTimeout(() => this.onIdle(this), this.row.idleTimeoutS * 1000);
    (timer as { unref?: () => void }).unref?.();
    this.#idleTimer = timer;
  }

  /**
   * Starts `call` and waits for it until the deadline or until `cutShort`.
   * The timer starts before the call, so that it fires before any timer of
   * the same length the driver sets.
   */
  async watch<T>(call: () => Promise<T>, deadline: Deadline): Promise<Watched<T> & { call: Promise<T> }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopped = new Promise<Error>((resolve) => {
      this.#cut = resolve;
      timer = setTimeout(() => resolve(deadline.overrun()), deadline.ms);
    });
    const running = Promise.resolve().then(call);
    try {
      return await Promise.race([
        running.then(
          (value) => ({ settled: true as const, ok: true as const, value, call: running }),
          (error: unknown) => ({ settled: true as const, ok: false as const, error, call: running }),
        ),
        stopped.then((why) => ({ settled: false as const, why, call: running })),
      ]);
    } finally {
      clearTimeout(timer);
      this.#cut = undefined;
    }
  }

  /** Stops waiting for the running call, if any: its caller hears `why` and the watchdog takes over. */
  cutShort(why: Error): void {
    this.#cut?.(why);
  }

  stopIdleTimer(): void {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}
