import { SerialQueue } from "../domain/serial-queue";
import type { BrowserContextHandle } from "../driver/types";
import type { SessionRow } from "../store/sessions";

/**
 * A session this process serves: its browser context (being opened, or open),
 * the queue that runs its actions one at a time, and its idle timer.
 */
export class LiveSession {
  readonly queue = new SerialQueue();
  readonly context: Promise<BrowserContextHandle>;
  /** Set once the session has begun to end, so that nothing ends it twice. */
  finishing: Promise<void> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

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

  stopIdleTimer(): void {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}
