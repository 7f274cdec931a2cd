/**
 * How many browser contexts this server may serve at once, counting the sessions a write
 * transaction has started whose context is not open yet: two requests that each see room
 * for one more must not both start one.
 */
export class Slots {
  readonly max: number;
  readonly #open: () => number;
  #starting = 0;

  /** `open`: how many contexts are open now. */
  constructor(max: number, open: () => number) {
    this.max = max;
    this.#open = open;
  }

  hasRoom(): boolean {
    return this.#open() + this.#starting < this.max;
  }

  /** Contexts open or about to be. */
  get inUse(): number {
    return this.#open() + this.#starting;
  }

  /**
   * Runs `write`, which calls `take()` when it starts a session (after checking `hasRoom()`).
   * A slot taken by a write that fails is given back; once the write succeeds, `start` opens
   * the context in the same turn, so the slot passes to the open context with no gap.
   */
  async claim<T>(write: (take: () => void) => Promise<T>, start: (value: T) => void): Promise<T> {
    let taken = false;
    const value = await write(() => {
      this.#starting += 1;
      taken = true;
    }).catch((err: unknown) => {
      if (taken) this.#starting -= 1;
      throw err;
    });
    if (taken) {
      this.#starting -= 1;
      start(value);
    }
    return value;
  }
}
