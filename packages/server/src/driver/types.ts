import type { Archetype } from "../domain/archetypes";
import type { PortableCookie } from "../domain/portable-state";

/**
 * A browser engine the server drives. One driver owns at most one browser
 * process per engine; each session gets its own isolated context in it.
 * Implementations: `playwright.ts` (WebKit or Chromium through playwright-core)
 * and `fake.ts` (no browser: fast tests and the mock).
 */
export interface BrowserDriver {
  readonly engine: "webkit" | "chromium" | "fake";
  /**
   * The tag of the engine-native layers this driver writes and reads
   * ("chromium/playwright", "webkit/webkitgtk"), or null when it keeps none
   * (the fake driver, a remote Playwright browser).
   */
  readonly nativeEngine: string | null;
  /**
   * Opens an isolated context with the archetype's device figures, seeded with
   * `state` (null: empty). A `native` layer of this driver's `nativeEngine`
   * is restored in full (and `state` then not replayed: the layer holds it);
   * one of another engine is ignored and `state` alone is restored.
   */
  open(input: {
    archetype: Archetype;
    state: StoredState | null;
    native?: NativeState | null;
  }): Promise<BrowserContextHandle>;
  /** Closes every context and the browser process. */
  close(): Promise<void>;
}

/** A profile's browser state as the driver exports it: opaque to everything but the driver. */
export interface StoredState {
  format: string;
  data: string;
}

/**
 * A profile's engine-native layer: an archive (native-archive.ts) of the
 * engine's own data directory (service workers, Cache Storage, permissions…),
 * readable only by a driver of the same `engine` tag.
 */
export interface NativeState {
  engine: string;
  data: Uint8Array;
}

/** What a context started from: both layers, the portable one only, or nothing stored. */
export type StateRestored = "full" | "portable" | "none";

/** Which layers `open` restores for these inputs (shared by the drivers so they agree). */
export function restoredFrom(
  nativeEngine: string | null,
  state: StoredState | null,
  native: NativeState | null | undefined,
): StateRestored {
  if (native && nativeEngine !== null && native.engine === nativeEngine) return "full";
  return state ? "portable" : "none";
}

/** A cookie as every driver reads and writes it: the portable state's (domain/portable-state.ts). */
export type Cookie = PortableCookie;

/** A cookie to add: either `url`, or `domain` and `path`. */
export interface CookieInput {
  name: string;
  value: string;
  url?: string;
  domain?: string;
  path?: string;
  expires?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "Strict" | "Lax" | "None";
}

export interface BrowserContextHandle {
  /** Loads `url` in the context's page; resolves with the final URL, the main response's status and the title. */
  goto(url: string, options: { timeoutMs: number }): Promise<{ url: string; status: number | null; title: string }>;
  /** Evaluates a JavaScript expression in the page, awaiting a returned promise; the result is JSON-safe. */
  evaluate(expression: string, options: { timeoutMs: number }): Promise<unknown>;
  screenshot(): Promise<Uint8Array>;
  cookies(): Promise<Cookie[]>;
  addCookies(cookies: CookieInput[]): Promise<void>;
  /** What the context started from (see `BrowserDriver.open`). */
  readonly restored: StateRestored;
  /** Exports cookies, localStorage and IndexedDB of every origin the context has seen. */
  exportState(): Promise<StoredState>;
  /**
   * Ends the context so the engine writes its data down, then archives its
   * data directory as the engine-native layer; null from a driver that keeps
   * none. Call after `exportState`: the context is closed afterwards.
   */
  exportNative(): Promise<NativeState | null>;
  /** Closes the context; it does not export anything. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Asks the page to stop the script it is running, so that a call stuck
   * behind it can finish (Chromium: CDP `Runtime.terminateExecution`). Best
   * effort, and it must not wait for the page: the session's watchdog calls
   * it when a call overruns its deadline, then checks whether the page
   * answers again. A no-op where the engine has no such call.
   */
  interrupt(): Promise<void>;
  /**
   * Gives the context up for good when its page no longer answers: frees its
   * browser resources (no renderer left running the page's script) and
   * returns within a few seconds whatever the page is doing. It exports
   * nothing and fires no crash listener; later calls fail as `closed`.
   * Playwright closes the context (Chromium then ends its renderer); a driver
   * with a browser process per session kills that process.
   */
  abandon(): Promise<void>;
  /** Called once if the browser under this context dies or the context closes by itself. */
  onCrash(listener: () => void): void;
}

/**
 * The most JSON an `evaluate` may answer, in UTF-8 bytes. A driver measures
 * the result in the page, before shipping it, and refuses a larger one as an
 * `evaluation` DriverError naming both sizes.
 */
export const EVALUATE_RESULT_MAX_BYTES = 1024 * 1024;

/** Why a driver operation failed, in terms the HTTP layer turns into problems. */
export class DriverError extends Error {
  constructor(
    readonly kind: "unavailable" | "navigation" | "evaluation" | "not_serializable" | "unsupported" | "closed",
    message: string,
  ) {
    super(message);
    this.name = "DriverError";
  }
}
