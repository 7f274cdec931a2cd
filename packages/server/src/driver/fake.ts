import { normaliseCookie, parseUrl, toCookie } from "./cookies";
import { FAKE_STATE_FORMAT, readStorageState } from "./state";
import {
  type BrowserContextHandle,
  type BrowserDriver,
  type Cookie,
  DriverError,
  restoredFrom,
  type StateRestored,
} from "./types";

/** A context of the fake driver, with a hook to make it crash. */
export interface FakeContextHandle extends BrowserContextHandle {
  /** Simulates a crash of this context's browser: fires its crash listeners; later calls fail as `closed`. */
  crash(): void;
}

export interface FakeBrowserDriver extends BrowserDriver {
  readonly engine: "fake";
  open(input: Parameters<BrowserDriver["open"]>[0]): Promise<FakeContextHandle>;
  /** Simulates a crash of the whole fake browser: every open context crashes. */
  crashAll(): void;
}

/** A 1×1 transparent PNG: what every fake screenshot shows. */
const BLANK_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=";

/**
 * A browser driver without a browser, for fast tests and the mock; it uses no
 * Node-only module. Contexts keep cookies (and export and restore them, with
 * any per-origin storage the state came with) but have no pages: `goto` checks the URL and answers status 200 with an empty
 * title without fetching anything, `evaluate` is `unsupported`, and a
 * screenshot is a blank 1×1 PNG. The archetype is accepted and ignored.
 */
export function createFakeDriver(): FakeBrowserDriver {
  const contexts = new Set<FakeContextHandle>();
  return {
    engine: "fake",
    nativeEngine: FAKE_NATIVE_ENGINE,
    async open({ state, native }) {
      const restored = restoredFrom(FAKE_NATIVE_ENGINE, state, native);
      const stored = state ? readStorageState(state) : { cookies: [], origins: [] };
      const cookies =
        restored === "full" && native
          ? (JSON.parse(new TextDecoder().decode(native.data)) as Cookie[])
          : stored.cookies.map(toCookie);
      const handle = fakeContext(cookies, stored.origins, restored, () => contexts.delete(handle));
      contexts.add(handle);
      return handle;
    },
    async close() {
      await Promise.all([...contexts].map((handle) => handle.close()));
    },
    crashAll() {
      for (const handle of [...contexts]) handle.crash();
    },
  };
}

/**
 * The fake browser's engine-native layer: its cookie jar as JSON, so that the
 * two-layer paths (atomic save, size cap, snapshots) run without a browser.
 */
export const FAKE_NATIVE_ENGINE = "fake/fake";

/** `origins` (per-origin storage, which no fake page can change) are kept as they came and exported again. */
function fakeContext(
  initial: Cookie[],
  origins: unknown[],
  restored: StateRestored,
  onGone: () => void,
): FakeContextHandle {
  const jar = new Map<string, Cookie>();
  const listeners: Array<() => void> = [];
  let gone: "closed" | "crashed" | null = null;

  const keyOf = (c: Cookie) => `${c.name}\t${c.domain}\t${c.path}`;
  const expired = (c: Cookie) => c.expires !== -1 && c.expires * 1000 <= Date.now();
  const put = (c: Cookie) => (expired(c) ? jar.delete(keyOf(c)) : jar.set(keyOf(c), c));
  for (const c of initial) put(c);

  function live(): void {
    if (gone === "crashed") throw new DriverError("closed", "the fake browser crashed");
    if (gone === "closed") throw new DriverError("closed", "the browser context is closed");
  }
  async function close(): Promise<void> {
    if (gone) return;
    gone = "closed";
    onGone();
  }
  const current = () => [...jar.values()].filter((c) => !expired(c)).map((c) => ({ ...c }));

  return {
    async goto(url) {
      live();
      const parsed = parseUrl(url);
      if (parsed === null) throw new DriverError("navigation", `invalid URL: ${url}`);
      return { url: parsed.href, status: 200, title: "" };
    },
    async evaluate() {
      live();
      throw new DriverError("unsupported", "the fake browser driver cannot run JavaScript");
    },
    async screenshot() {
      live();
      return Uint8Array.from(atob(BLANK_PNG), (ch) => ch.charCodeAt(0));
    },
    async cookies() {
      live();
      return current();
    },
    async addCookies(cookies) {
      live();
      const normalised = cookies.map(normaliseCookie);
      for (const c of normalised) put(c);
    },
    async exportState() {
      live();
      return { format: FAKE_STATE_FORMAT, data: JSON.stringify({ cookies: current(), origins }) };
    },
    async exportNative() {
      live();
      const data = new TextEncoder().encode(JSON.stringify(current()));
      await close();
      return { engine: FAKE_NATIVE_ENGINE, data };
    },
    restored,
    close,
    async interrupt() {},
    // Nothing can wedge a fake page: giving it up is closing it.
    abandon: close,
    onCrash(listener) {
      if (gone === "crashed") queueMicrotask(listener);
      else listeners.push(listener);
    },
    crash() {
      if (gone) return;
      gone = "crashed";
      onGone();
      for (const listener of listeners.splice(0)) listener();
    },
  };
}
