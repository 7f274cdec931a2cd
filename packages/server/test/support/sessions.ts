import { createApp } from "../../src/app";
import { createFakeDriver, type FakeBrowserDriver } from "../../src/driver/fake";
import type { BrowserDriver } from "../../src/driver/types";
import { SessionService, type SessionServiceOptions } from "../../src/sessions/service";
import { json, type TestAccount, type TestApp, testApp } from "./harness";

export type Session = {
  id: string;
  profile_id: string;
  status: "queued" | "active" | "closed" | "failed";
  queue_position: number | null;
  persist: boolean;
  engine: string | null;
  end_reason: string | null;
  started_at: string | null;
  ended_at: string | null;
  state_persisted_at: string | null;
  state_restored: "full" | "portable" | "none" | null;
  /** Destroy's answer only: what it saved. */
  saved?: { origins: number; cookies: number; bytes: number } | null;
};

export type Profile = {
  id: string;
  name: string;
  state_bytes: number | null;
  state_updated_at: string | null;
  in_use: boolean;
  last_used_at: string | null;
};

/** A test app whose sessions run on `driver` (the fake one by default). */
export async function sessionApp(
  options: { driver?: BrowserDriver | null; file?: boolean; service?: Partial<SessionServiceOptions> } = {},
) {
  const t = await testApp({ file: options.file });
  const driver = options.driver === undefined ? createFakeDriver() : options.driver;
  const sessions = new SessionService({ db: t.db, driver, clock: { now: () => Date.now() }, ...options.service });
  const app = createApp({ db: t.db, sessions });
  const call: TestApp["call"] = (who, method, path, body, headers) => {
    const key = typeof who === "string" ? who : who?.key;
    const h: Record<string, string> = { ...headers };
    if (key) h.authorization = `Bearer ${key}`;
    if (body !== undefined) h["content-type"] ??= "application/json";
    return Promise.resolve(
      app.request(path, {
        method,
        headers: h,
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
  };
  return { ...t, app, call, sessions, driver: driver as FakeBrowserDriver };
}

export type SessionApp = Awaited<ReturnType<typeof sessionApp>>;

/**
 * A second server on `t`'s database: its own SessionService (its own runner
 * id) and app, as a second `driftstack serve` on the same file would be.
 */
export function peerServer(
  t: SessionApp,
  options: { driver?: BrowserDriver; service?: Partial<SessionServiceOptions> } = {},
) {
  const sessions = new SessionService({
    db: t.db,
    driver: options.driver ?? createFakeDriver(),
    clock: { now: () => Date.now() },
    ...options.service,
  });
  const app = createApp({ db: t.db, sessions });
  const call = (who: TestAccount, method: string, path: string, body?: unknown) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${who.key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return { app, call, sessions };
}

export async function ok<T>(res: Promise<Response>): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${r.status}: ${await r.text()}`);
  return json<T>(r);
}

/** Polls until `check` passes or `ms` elapse; returns its last value. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function newProfile(t: SessionApp, who: TestAccount, name: string): Promise<Profile> {
  return ok<Profile>(t.call(who, "POST", "/v1/profiles", { name }));
}
