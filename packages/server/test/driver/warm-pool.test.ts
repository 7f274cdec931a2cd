import { describe, expect, it } from "vitest";
import { selectDriver } from "../../src/driver/select";
import { type WarmBrowsers, WarmPool, warmSessionsFromEnv } from "../../src/driver/warm-pool";
import { IPHONE } from "./expect-driver-error";

/** The pool's rules, on counted stand-ins for browsers (the browser suite is warm-pool-browser.test.ts). */

const A = IPHONE;
const B = { ...A, id: "other" };

/** Takes a browser as a session does, using it at once. */
const take = <T>(pool: WarmPool<T>, archetype: typeof A) => pool.take(archetype, async (warm) => warm);

interface Fake {
  n: number;
  archetype: string;
  lose?: () => void;
}

function fakeBrowsers(fail = () => false) {
  let launched = 0;
  const disposed: number[] = [];
  const items: Fake[] = [];
  const browsers: WarmBrowsers<Fake> = {
    async launch(arch) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (fail()) throw new Error("no browser today");
      const item = { n: ++launched, archetype: arch.id };
      items.push(item);
      return item;
    },
    watch(item, lost) {
      item.lose = lost;
    },
    async dispose(item) {
      disposed.push(item.n);
    },
    dataDir: (item) => `/tmp/warm-${item.n}`,
  };
  return { browsers, disposed, items, launched: () => launched };
}

describe("the warm pool", () => {
  it("launches nothing until a session asks, then fills to its size", async () => {
    const { browsers, launched } = fakeBrowsers();
    const pool = new WarmPool(2, browsers);
    await pool.settled();
    expect(launched()).toBe(0);
    expect(await take(pool, A)).toBeNull();
    await pool.settled();
    expect(pool.stats()).toEqual({ ready: { [A.id]: 2 }, launching: 0, handedOut: 0 });
    expect(pool.waitingDirs()).toEqual(["/tmp/warm-1", "/tmp/warm-2"]);
    // A browser handed out is a session's: its directory no longer marks a warm one.
    await take(pool, A);
    expect(pool.waitingDirs()).toEqual(["/tmp/warm-2"]);
  });

  it("hands each browser out once, however many take at the same time", async () => {
    const { browsers } = fakeBrowsers();
    const pool = new WarmPool(3, browsers);
    await take(pool, A);
    await pool.settled();
    const taken = await Promise.all([take(pool, A), take(pool, A), take(pool, A), take(pool, A)]);
    const numbers = taken.filter((t): t is Fake => t !== null).map((t) => t.n);
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers).size).toBe(3);
    expect(pool.stats().handedOut).toBe(3);
    // Refilled in the background with new browsers, none of those handed out.
    await pool.settled();
    const again = await take(pool, A);
    expect(numbers).not.toContain(again?.n);
  });

  it("moves over to the archetype asked for last, ending the others' browsers", async () => {
    const { browsers, disposed } = fakeBrowsers();
    const pool = new WarmPool(1, browsers);
    await take(pool, A);
    await pool.settled();
    expect(await take(pool, B)).toBeNull();
    await pool.settled();
    expect(disposed).toEqual([1]);
    expect(pool.stats().ready).toEqual({ other: 1 });
    expect((await take(pool, B))?.archetype).toBe("other");
  });

  it("replaces a waiting browser that dies, and ignores the death of one handed out", async () => {
    const { browsers, disposed, items } = fakeBrowsers();
    const pool = new WarmPool<Fake>(1, browsers);
    await take(pool, A);
    await pool.settled();
    items[0]?.lose?.();
    expect(disposed).toEqual([1]);
    await pool.settled();
    const taken = await take(pool, A);
    expect(taken?.n).toBe(2);
    taken?.lose?.(); // the session's own handle hears of that one
    expect(disposed).toEqual([1]);
    await pool.settled();
    expect(pool.stats().ready).toEqual({ [A.id]: 1 });
  });

  it("reports a failed launch, never throws, and tries again only on the next take", async () => {
    let failing = true;
    const errors: unknown[] = [];
    const { browsers, launched } = fakeBrowsers(() => failing);
    const pool = new WarmPool(1, browsers, (error) => errors.push(error));
    expect(await take(pool, A)).toBeNull();
    await pool.settled();
    expect(errors).toHaveLength(1);
    expect(pool.stats()).toEqual({ ready: {}, launching: 0, handedOut: 0 });
    failing = false;
    expect(await take(pool, A)).toBeNull();
    await pool.settled();
    expect(launched()).toBe(1);
    expect(pool.stats().ready).toEqual({ [A.id]: 1 });
  });

  it("ends waiting browsers and those still launching on close, and warms nothing after", async () => {
    const { browsers, disposed, launched } = fakeBrowsers();
    const pool = new WarmPool(2, browsers);
    await take(pool, A);
    await pool.settled();
    const taken = await take(pool, A); // its replacement is launching when close comes
    await pool.close();
    expect(taken?.n).toBe(1);
    // The waiting browser and the one that came up after close; the handed-out one is its session's.
    expect(disposed.sort()).toEqual([2, 3]);
    expect(await take(pool, A)).toBeNull();
    await pool.settled();
    expect(launched()).toBe(3);
  });

  it("refills once the browser taken is in use, not while its state is being applied", async () => {
    const { browsers } = fakeBrowsers();
    const pool = new WarmPool<Fake>(1, browsers);
    await take(pool, A);
    await pool.settled();
    let release = () => {};
    const opening = pool.take(A, (warm) => new Promise<Fake | null>((resolve) => (release = () => resolve(warm))));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pool.stats()).toEqual({ ready: {}, launching: 0, handedOut: 1 });
    release();
    expect((await opening)?.n).toBe(1);
    expect(pool.stats().launching).toBe(1);
    await pool.settled();
    expect(pool.stats().ready).toEqual({ [A.id]: 1 });
  });

  it("refills at once when none was ready, and after an open that fails", async () => {
    const { browsers } = fakeBrowsers();
    const pool = new WarmPool<Fake>(1, browsers);
    let release = () => {};
    const cold = pool.take(A, (warm) => new Promise<Fake | null>((resolve) => (release = () => resolve(warm))));
    expect(pool.stats().launching).toBe(1); // the session launches its own browser beside it
    release();
    expect(await cold).toBeNull();
    await pool.settled();
    const failed = pool.take(A, async () => {
      throw new Error("the state did not apply");
    });
    await expect(failed).rejects.toThrow("the state did not apply");
    expect(pool.stats()).toEqual({ ready: {}, launching: 1, handedOut: 1 });
  });

  it("is off at size 0", async () => {
    const { browsers, launched } = fakeBrowsers();
    const pool = new WarmPool(0, browsers);
    expect(pool.enabled).toBe(false);
    expect(await take(pool, A)).toBeNull();
    await pool.settled();
    expect(launched()).toBe(0);
  });
});

describe("DRIFTSTACK_WARM_SESSIONS", () => {
  it("defaults to one warm browser, takes a size, and 0 turns it off", () => {
    expect(warmSessionsFromEnv(undefined)).toBe(1);
    expect(warmSessionsFromEnv(" ")).toBe(1);
    expect(warmSessionsFromEnv("0")).toBe(0);
    expect(warmSessionsFromEnv("4")).toBe(4);
  });

  it("refuses anything but a whole number up to 64, naming the variable", () => {
    for (const bad of ["-1", "1.5", "two", "65", "1e2"]) {
      expect(warmSessionsFromEnv(bad)).toMatch(/^DRIFTSTACK_WARM_SESSIONS must be a whole number from 0 to 64/);
    }
    const selection = selectDriver({ DRIFTSTACK_BROWSER: "chromium", DRIFTSTACK_WARM_SESSIONS: "lots" }, () => true);
    expect(selection.driver).toBeNull();
    expect(selection.reason).toMatch(/DRIFTSTACK_WARM_SESSIONS/);
  });
});
