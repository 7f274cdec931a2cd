/**
 * How a browser context ended, shared by the drivers: closed (by us) or lost
 * (the browser died, the page crashed). Only a loss tells the crash
 * listeners, each once; a listener added after the loss still hears of it.
 */
export class ContextEnd {
  #gone: { crashed: boolean; why: string } | null = null;
  readonly #listeners: Array<() => void> = [];

  /** Called once, when the context ends either way, before any crash listener. */
  constructor(private readonly onEnd: () => void) {}

  get gone(): { crashed: boolean; why: string } | null {
    return this.#gone;
  }

  /** Ends the context without a crash; false if it had already ended. */
  close(why = "the browser context is closed"): boolean {
    if (this.#gone) return false;
    this.#gone = { crashed: false, why };
    this.onEnd();
    return true;
  }

  /** Marks the context lost and tells the crash listeners; nothing if it had already ended. */
  lose(why: string): void {
    if (this.#gone) return;
    this.#gone = { crashed: true, why };
    this.onEnd();
    for (const listener of this.#listeners.splice(0)) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the others still hear of the crash.
      }
    }
  }

  onCrash(listener: () => void): void {
    if (this.#gone?.crashed) queueMicrotask(listener);
    else if (!this.#gone) this.#listeners.push(listener);
  }
}
