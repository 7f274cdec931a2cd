import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type BrowserContextHandle, DriverError, type StoredState } from "../../src/driver/types";
import { exportOrGiveUp, settleWithin } from "../../src/sessions/watchdog";

/**
 * The watchdog's waits on a fake clock: an export the page holds past the patience (5 s) is
 * helped by interrupting the page's script, and tried once more if that cut it short.
 */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const state = (data: string): StoredState => ({ format: "test", data });

/** A context whose exports are `exports` in turn; `interrupt` calls `onInterrupt`. */
function contextExporting(exports: Array<() => Promise<StoredState>>, onInterrupt: () => void) {
  const calls = { exports: 0, interrupts: 0 };
  const context = {
    exportState: () => {
      const next = exports[calls.exports++];
      return next ? next() : Promise.reject(new Error("no export left"));
    },
    interrupt: async () => {
      calls.interrupts++;
      onInterrupt();
    },
  } as unknown as BrowserContextHandle;
  return { context, calls };
}

describe("settleWithin", () => {
  it("leaves no timer behind once the call has settled", async () => {
    expect(await settleWithin(Promise.resolve(1), 30_000)).toEqual({ status: "fulfilled", value: 1 });
    // A pending 30 s timer would hold a shutting-down process open for that long.
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("an export the page holds up", () => {
  it("is saved once an interrupt lets the page go, without exporting again", async () => {
    let release: (value: StoredState) => void = () => undefined;
    const held = () => new Promise<StoredState>((resolve) => (release = resolve));
    const { context, calls } = contextExporting([held, async () => state("second")], () => release(state("first")));
    const exporting = exportOrGiveUp(context, { native: false });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await exporting).toEqual({ state: { format: "test", data: "first", native: null } });
    expect(calls).toEqual({ exports: 1, interrupts: 1 });
  });

  it("is tried once more when the interrupt cut it short", async () => {
    let cut: (err: Error) => void = () => undefined;
    const held = () => new Promise<StoredState>((_, reject) => (cut = reject));
    const { context, calls } = contextExporting([held, async () => state("again")], () =>
      cut(new DriverError("evaluation", "Execution context was destroyed")),
    );
    const exporting = exportOrGiveUp(context, { native: false });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await exporting).toEqual({ state: { format: "test", data: "again", native: null } });
    expect(calls).toEqual({ exports: 2, interrupts: 1 });
  });
});

describe("an export a page holds without running any script", () => {
  /** A context whose first export waits until its page is left; later ones answer at once. */
  function heldUntilLeft() {
    const visited: string[] = [];
    let leave: () => void = () => undefined;
    const left = new Promise<void>((resolve) => (leave = resolve));
    let exports = 0;
    const context = {
      exportState: async () => {
        exports++;
        if (exports === 1) await left;
        return state(`export ${exports}`);
      },
      interrupt: async () => {},
      goto: async (url: string) => {
        visited.push(url);
        leave();
        return { url, status: null, title: "" };
      },
      exportNative: async () => null,
    } as unknown as BrowserContextHandle;
    return { context, visited, exports: () => exports };
  }

  it("is saved by a session that ends, once its page is left for about:blank", async () => {
    const { context, visited, exports } = heldUntilLeft();
    const exporting = exportOrGiveUp(context, { native: true });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await exporting).toEqual({ state: { format: "test", data: "export 2", native: null } });
    expect(visited).toEqual(["about:blank"]);
    expect(exports()).toBe(2);
  });

  it("fails a checkpoint as unresponsive without leaving the caller's page", async () => {
    const { context, visited } = heldUntilLeft();
    const exporting = exportOrGiveUp(context, { native: false });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await exporting).toEqual({ failure: "page_unresponsive" });
    expect(visited).toEqual([]);
  });

  it("is unresponsive when the page cannot be left either", async () => {
    const { context } = heldUntilLeft();
    context.goto = () => new Promise<never>(() => {});
    const exporting = exportOrGiveUp(context, { native: true });
    await vi.advanceTimersByTimeAsync(12_000);
    expect(await exporting).toEqual({ failure: "page_unresponsive" });
  });
});
