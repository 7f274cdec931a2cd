import type { Archetype } from "../domain/archetypes";

/**
 * A browser engine the server drives. One driver owns at most one browser
 * process per engine; each session gets its own isolated context in it.
 * Implementations: `playwright.ts` (WebKit or Chromium through playwright-core)
 * and `fake.ts` (no browser: fast tests and the mock).
 */
export interface BrowserDriver {
  readonly engine: "webkit" | "chromium" | "fake";
  /** Opens an isolated context with the archetype's device figures, seeded with `state` (null: empty). */
  open(input: { archetype: Archetype; state: StoredState | null }): Promise<BrowserContextHandle>;
  /** Closes every context and the browser process. */
  close(): Promise<void>;
}

/** A profile's browser state as the driver exports it: opaque to everything but the driver. */
export interface StoredState {
  format: string;
  data: string;
}

export interface Cookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Seconds since the epoch; -1 for a session cookie. */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: "Strict" | "Lax" | "None";
}

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
  /** Exports cookies, localStorage and IndexedDB of every origin the context has seen. */
  exportState(): Promise<StoredState>;
  /** Closes the context; it does not export anything. Safe to call twice. */
  close(): Promise<void>;
  /** Called once if the browser under this context dies or the context closes by itself. */
  onCrash(listener: () => void): void;
}

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
