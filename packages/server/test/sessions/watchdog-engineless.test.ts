import { describe, expect, it } from "vitest";
import { createFakeDriver } from "../../src/driver/fake";
import type { BrowserContextHandle, BrowserDriver } from "../../src/driver/types";
import { eventually, newProfile, ok, type Session, sessionApp } from "../support/sessions";

/**
 * The watchdog without a browser: a driver whose page never answers once told
 * to hang, and which nothing can interrupt. What the watchdog does with it is
 * what it does for any engine whose page is wedged.
 */
function wedgeableDriver() {
  const fake = createFakeDriver();
  const state = { wedged: false, interrupts: 0, abandoned: 0 };
  const never = new Promise<never>(() => {});
  const driver: BrowserDriver = {
    engine: "fake",
    nativeEngine: fake.nativeEngine,
    close: () => fake.close(),
    async open(input) {
      const inner = await fake.open(input);
      const stuck =
        <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
        (...args: A) =>
          state.wedged ? never : call(...args);
      const handle: BrowserContextHandle = {
        goto: stuck(inner.goto),
        evaluate: stuck(async (expression: string) => (expression === "hang" ? never : expression)),
        screenshot: stuck(inner.screenshot),
        cookies: stuck(inner.cookies),
        addCookies: stuck(inner.addCookies),
        exportState: stuck(inner.exportState),
        exportNative: stuck(inner.exportNative),
        restored: inner.restored,
        close: inner.close,
        onCrash: inner.onCrash,
        async interrupt() {
          state.interrupts++;
        },
        async abandon() {
          state.abandoned++;
          await inner.abandon();
        },
      };
      return handle;
    },
  };
  return { driver, state };
}

describe("the session watchdog on a page that never answers", () => {
  it("answers at the deadline, gives the page up, frees the slot and starts the queued writer", async () => {
    const { driver, state } = wedgeableDriver();
    const t = await sessionApp({ driver, service: { maxActive: 1 } });
    const owner = await t.account();
    const p = await newProfile(t, owner, "wedged");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: p.id }));
    await ok(
      t.call(owner, "POST", `/v1/sessions/${s.id}/cookies`, {
        cookies: [{ name: "a", value: "1", url: "https://example.org/" }],
      }),
    );
    await ok(t.call(owner, "DELETE", `/v1/sessions/${s.id}`));

    const wedged = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: p.id }));
    const queued = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: p.id }));
    expect(queued.status).toBe("queued");
    state.wedged = true;
    const started = Date.now();
    const res = await t.call(owner, "POST", `/v1/sessions/${wedged.id}/evaluate`, { expression: "1", timeout_ms: 300 });
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toBe("evaluation took longer than 300 ms");
    expect(Date.now() - started).toBeLessThan(1_000);
    state.wedged = false;

    const ended = await eventually(
      () => ok<Session>(t.call(owner, "GET", `/v1/sessions/${wedged.id}`)),
      (x) => x.status !== "active",
    );
    expect(ended).toMatchObject({ status: "failed", end_reason: "page_unresponsive", state_persisted_at: null });
    expect([state.interrupts, state.abandoned]).toEqual([1, 1]);
    const next = await eventually(
      () => ok<Session>(t.call(owner, "GET", `/v1/sessions/${queued.id}`)),
      (x) => x.status === "active",
    );
    expect(next.status).toBe("active");
    const cookies = await ok<{ data: { name: string }[] }>(t.call(owner, "GET", `/v1/sessions/${queued.id}/cookies`));
    expect(cookies.data.map((c) => c.name)).toEqual(["a"]);
  });

  it("answers DELETE on a wedged session within the grace, and gives it up", async () => {
    const { driver, state } = wedgeableDriver();
    const t = await sessionApp({ driver });
    const owner = await t.account();
    const p = await newProfile(t, owner, "busy");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: p.id }));
    const busy = t.call(owner, "POST", `/v1/sessions/${s.id}/evaluate`, { expression: "hang", timeout_ms: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const ended = await ok<Session>(t.call(owner, "DELETE", `/v1/sessions/${s.id}`));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ended).toMatchObject({ status: "failed", end_reason: "page_unresponsive" });
    expect((await busy).status).toBe(409);
    expect(state.abandoned).toBe(1);
  });

  it("gives up, rather than closes, a session whose page stops answering only when its state is saved", async () => {
    const { driver, state } = wedgeableDriver();
    const t = await sessionApp({ driver });
    const owner = await t.account();
    const p = await newProfile(t, owner, "wedged-at-save");
    const s = await ok<Session>(t.call(owner, "POST", `/v1/sessions`, { profile_id: p.id }));
    state.wedged = true;
    // The export's patience twice over (5 s, an interrupt, 5 s more): then the page is unresponsive.
    const ended = await ok<Session>(t.call(owner, "DELETE", `/v1/sessions/${s.id}`));
    expect(ended).toMatchObject({ status: "failed", end_reason: "page_unresponsive", state_persisted_at: null });
    // A page that holds its export would hold a polite close too: its browser is killed.
    expect([state.interrupts, state.abandoned]).toEqual([1, 1]);
  }, 20_000);
});
