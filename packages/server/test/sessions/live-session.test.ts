import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BrowserContextHandle } from "../../src/driver/types";
import { LiveSession } from "../../src/sessions/live-session";
import type { SessionRow } from "../../src/store/sessions";

/** A live session's watch over one call, on a fake clock: nothing of the watch may outlive the call. */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const deadline = { ms: 30_000, overrun: () => new Error("took longer than 30000 ms") };

function liveSession(): LiveSession {
  const row = { id: "sess_1", idleTimeoutS: 300 } as SessionRow;
  return new LiveSession(row, new Promise<BrowserContextHandle>(() => {}), () => undefined);
}

describe("a live session's watch over a call", () => {
  it("leaves no deadline timer behind once the call has answered", async () => {
    const watched = await liveSession().watch(async () => "done", deadline);
    expect(watched).toMatchObject({ settled: true, ok: true, value: "done" });
    // A 30 s timer per action would hold a shutting-down server open and keep each call's closure alive.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("answers the caller at the deadline, and watches the next call afresh", async () => {
    const live = liveSession();
    const watching = live.watch(() => new Promise<never>(() => {}), deadline);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await watching).toMatchObject({ settled: false, why: new Error("took longer than 30000 ms") });
    const next = live.watch(async () => "next", deadline);
    expect(await next).toMatchObject({ settled: true, value: "next" });
    expect(vi.getTimerCount()).toBe(0);
  });
});
