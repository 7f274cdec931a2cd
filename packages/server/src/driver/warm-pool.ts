import type { Archetype } from "../domain/archetypes";

/**
 * How a driver makes, watches and ends one warm browser. `launch` starts a
 * browser as `archetype` on an empty, fresh data directory; `watch` calls
 * `lost` if that browser dies while it waits; `dispose` ends it and removes
 * its directory (never throws); `dataDir` names that directory, which its
 * browser process carries on its command line.
 */
export interface WarmBrowsers<T> {
  launch(archetype: Archetype): Promise<T>;
  watch(item: T, lost: () => void): void;
  dispose(item: T): Promise<void>;
  dataDir(item: T): string;
}

/** What the pool holds right now, for tests and the bench. */
export interface WarmPoolStats {
  /** Warm browsers waiting, per archetype id. */
  ready: Record<string, number>;
  /** Launches under way. */
  launching: number;
  /** Warm browsers handed out since the pool was made. */
  handedOut: number;
}

interface Entry<T> {
  archetype: string;
  item: T;
}

/**
 * Browsers launched ahead of the sessions that will use them: session start
 * then costs applying a state, not launching a browser.
 *
 * The pool holds up to `size` browsers in total, all for the archetype most
 * recently asked for (a session of another archetype makes the pool move over
 * to it: its warm browsers of the old archetype are ended as new ones come up).
 * It fills only once a session has been opened, so a driver that never opens
 * one launches nothing. An entry is removed from the pool before `take`
 * first awaits, so no browser is handed out twice, and
 * each is launched on its own empty directory, so none carries anything from
 * an earlier session. Refills run in the background and never delay `take`
 * (they start once the browser taken is in use: see `take`);
 * a failed launch is reported to `onError` and not retried until the next
 * `take` asks for a refill. `close` ends every waiting browser and every one
 * still launching.
 */
export class WarmPool<T> {
  readonly #ready: Array<Entry<T>> = [];
  readonly #launching = new Set<Promise<void>>();
  #want: Archetype | null = null;
  #handedOut = 0;
  #closed = false;
  /** A launch failed since the last `take`: wait for the next one before trying again. */
  #failing = false;

  constructor(
    private readonly size: number,
    private readonly browsers: WarmBrowsers<T>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get enabled(): boolean {
    return this.size > 0;
  }

  /**
   * Hands `open` a warm browser of `archetype`, out of the pool for good, or
   * null when none is ready (`open` then starts one itself), and returns what
   * `open` returns. The pool then refills for this archetype in the
   * background: once `open` has settled when it was handed a browser, at once
   * when it was not. A launch beside the state being applied to the browser
   * just taken slows the very session start the caller is waiting for (on two
   * cores, a 1 MiB restore on Chromium took 700 ms with a launch beside it
   * against 450 ms alone), while a burst that found the pool empty needs the
   * refill going.
   */
  async take<R>(archetype: Archetype, open: (warm: T | null) => Promise<R>): Promise<R> {
    const item = this.#takeOut(archetype);
    if (item === null) {
      this.#refill();
      return open(null);
    }
    try {
      return await open(item);
    } finally {
      this.#refill();
    }
  }

  /** Removes a browser from the pool synchronously, before any await: no browser is handed out twice. */
  #takeOut(archetype: Archetype): T | null {
    if (!this.enabled || this.#closed) return null;
    this.#want = archetype;
    this.#failing = false;
    const at = this.#ready.findIndex((entry) => entry.archetype === archetype.id);
    const entry = at >= 0 ? this.#ready.splice(at, 1)[0] : undefined;
    if (!entry) return null;
    this.#handedOut++;
    return entry.item;
  }

  stats(): WarmPoolStats {
    const ready: Record<string, number> = {};
    for (const entry of this.#ready) ready[entry.archetype] = (ready[entry.archetype] ?? 0) + 1;
    return { ready, launching: this.#launching.size, handedOut: this.#handedOut };
  }

  /**
   * The data directories of the browsers waiting now: what tells their processes from
   * sessions' (tests that count a session's processes leave the warm ones out by it).
   */
  waitingDirs(): string[] {
    return this.#ready.map((entry) => this.browsers.dataDir(entry.item));
  }

  /** Resolves once no launch is under way (for tests and the bench: the pool is as full as it gets). */
  async settled(): Promise<void> {
    while (this.#launching.size > 0) await Promise.allSettled([...this.#launching]);
  }

  /** Ends every warm browser, waiting for launches under way to end theirs too. */
  async close(): Promise<void> {
    this.#closed = true;
    const waiting = this.#ready.splice(0);
    await Promise.all(waiting.map((entry) => this.browsers.dispose(entry.item)));
    await this.settled();
  }

  #refill(): void {
    const want = this.#want;
    if (!want || this.#closed || this.#failing) return;
    // A browser of an archetype no longer asked for makes room for one that is.
    while (this.#ready.length + this.#launching.size >= this.size) {
      const stale = this.#ready.findIndex((entry) => entry.archetype !== want.id);
      if (stale < 0) return;
      const [entry] = this.#ready.splice(stale, 1);
      if (entry) void this.browsers.dispose(entry.item);
    }
    while (this.#ready.length + this.#launching.size < this.size) this.#launch(want);
  }

  #launch(archetype: Archetype): void {
    const launching: Promise<void> = this.browsers.launch(archetype).then(
      (item) => {
        this.#launching.delete(launching);
        if (this.#closed) return this.browsers.dispose(item);
        const entry = { archetype: archetype.id, item };
        this.#ready.push(entry);
        this.browsers.watch(item, () => this.#lose(entry));
      },
      (error: unknown) => {
        this.#launching.delete(launching);
        this.#failing = true;
        this.onError(error);
      },
    );
    this.#launching.add(launching);
  }

  /** A waiting browser died: it leaves the pool and a new one takes its place. */
  #lose(entry: Entry<T>): void {
    const at = this.#ready.indexOf(entry);
    if (at < 0) return; // already handed out: the session's own handle hears of it
    this.#ready.splice(at, 1);
    void this.browsers.dispose(entry.item);
    this.#refill();
  }
}

/** The pool's size from `DRIFTSTACK_WARM_SESSIONS`: unset is the default (1), 0 turns it off; anything else is an error message. */
export function warmSessionsFromEnv(value: string | undefined): number | string {
  const text = value?.trim() ?? "";
  if (text === "") return DEFAULT_WARM_SESSIONS;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > MAX_WARM_SESSIONS) {
    return `DRIFTSTACK_WARM_SESSIONS must be a whole number from 0 to ${MAX_WARM_SESSIONS}, not "${value}"`;
  }
  return n;
}

/**
 * One warm browser per driver, for the archetype most recently asked for: sessions
 * that arrive one at a time (the common case) each find one ready, since the pool
 * refills between arrivals in about a launch's time. Each more is a whole idle
 * browser process tree held for a burst, which on a small host competes with the
 * sessions it would serve; a burst beyond the pool launches cold, as with none.
 */
export const DEFAULT_WARM_SESSIONS = 1;
/** Each warm browser is a whole browser process tree; more than this is a typo, not a plan. */
const MAX_WARM_SESSIONS = 64;

/** What drivers show of their pool: its figures, and a way to wait for it to fill. */
export type WarmPoolView = Pick<WarmPool<unknown>, "enabled" | "stats" | "settled" | "waitingDirs">;

/** The browsers of a driver that warms none (a pool of size 0 never calls them). */
export const NO_BROWSERS: WarmBrowsers<never> = {
  launch: () => Promise.reject(new Error("this driver warms no browsers")),
  watch: () => {},
  dispose: async () => {},
  dataDir: () => "",
};
