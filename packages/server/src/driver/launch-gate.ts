import { availableParallelism } from "node:os";

/**
 * How many browsers this process starts at once. A browser's start is mostly
 * CPU; on a small machine a burst of sessions (16 at once on two cores) that
 * all launch together each take longer than the launch timeout, so all fail.
 * Launches past this number wait their turn, and each one's timeout counts
 * from its own start: a burst is served in waves instead of refused.
 */
export const LAUNCHES_AT_ONCE = Math.max(2, availableParallelism());

/** A first-come, first-served limit on concurrent work. */
export class LaunchGate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** How many wait for a turn now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((turn) => this.#waiting.push(turn));
    else this.#running++;
    try {
      return await work();
    } finally {
      // The turn passes straight to the next waiter, so `#running` never dips for a newcomer to jump in.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/** One gate for every engine in the process: they share its CPUs. */
export const launchGate = new LaunchGate(LAUNCHES_AT_ONCE);
