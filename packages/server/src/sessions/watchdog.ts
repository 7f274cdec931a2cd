import { type BrowserContextHandle, DriverError, type NativeState, type StoredState } from "../driver/types";

/**
 * The session watchdog: every driver call on a session runs against a
 * deadline, so that no page (a script that never ends, a renderer blocked in
 * a synchronous request) can hold a session, its slot or its caller. It sits
 * above the driver interface and needs only `interrupt`, `evaluate` and
 * `abandon` from it, so it works the same on every engine.
 */

/** A call's deadline and what its caller hears when the call overruns it. */
export interface Deadline {
  ms: number;
  overrun: () => Error;
}

/** Calls without a timeout of their own (screenshot, cookies) get this long. */
export const ACTION_DEADLINE_MS = 30_000;

/**
 * A driver call is given this much longer than the session's deadline: the
 * watchdog answers first, and the driver's own timeout is only a backstop.
 */
export const DRIVER_TIMEOUT_MARGIN_MS = 500;

/** After an overrun, how long the page gets to end the call and to answer a probe, each. */
export const RECOVERY_GRACE_MS = 2_000;

/**
 * How long an export may take before the page is asked to stop its script,
 * then how long it gets after that (each): Playwright reads localStorage
 * through the page, so a page busy with its own script holds the export.
 */
export const EXPORT_PATIENCE_MS = 5_000;

export type Watched<T> =
  | { settled: true; ok: true; value: T }
  | { settled: true; ok: false; error: unknown }
  | { settled: false; why: Error };

/** Resolves with `call`'s outcome, or with null if it has not settled within `ms`. */
export async function settleWithin<T>(call: Promise<T>, ms: number): Promise<PromiseSettledResult<T> | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  const outcome = call.then(
    (value): PromiseSettledResult<T> => ({ status: "fulfilled", value }),
    (reason: unknown): PromiseSettledResult<T> => ({ status: "rejected", reason }),
  );
  return Promise.race([outcome, late]).finally(() => clearTimeout(timer));
}

/**
 * After an overrun: asks the driver to stop the page's script, then tells
 * whether the page is usable again, i.e. the overrun call ended and a trivial
 * evaluation answers, each within the grace. An answer of any kind counts (the
 * fake driver refuses to evaluate); a closed context does not.
 */
export async function recovers(context: BrowserContextHandle, call: Promise<unknown>): Promise<boolean> {
  // Not awaited beyond the grace: `interrupt` must not wait for the page, but a stuck one must not stall us.
  void settleWithin(context.interrupt(), RECOVERY_GRACE_MS);
  if ((await settleWithin(call, RECOVERY_GRACE_MS)) === null) return false;
  // The driver's own timeout must not end the probe first: its "took longer" is no answer from the page.
  const probe = await settleWithin(context.evaluate("0", { timeoutMs: 2 * RECOVERY_GRACE_MS }), RECOVERY_GRACE_MS);
  if (probe === null) return false;
  return !(probe.status === "rejected" && probe.reason instanceof DriverError && probe.reason.kind === "closed");
}

/**
 * Exports the context's state under the watchdog, for a session that ends.
 * An export still running after the patience is helped by interrupting the
 * page's script (which may cut the export itself short: then it is tried once
 * more). A session that ends (`native`) then leaves the page and exports once
 * more (`exportAfterLeaving`); a page that still does not let go is
 * unresponsive. Then, for a session that ends, the engine-native layer: the
 * context closes and its data directory is archived; a checkpoint keeps the
 * browser running and saves the portable layer alone.
 */
export async function exportOrGiveUp(
  context: BrowserContextHandle,
  options: { native: boolean },
): Promise<
  { state: StoredState & { native: NativeState | null } } | { failure: "browser_crashed" | "page_unresponsive" }
> {
  const exporting = context.exportState();
  let outcome = await settleWithin(exporting, EXPORT_PATIENCE_MS);
  if (outcome === null) {
    void settleWithin(context.interrupt(), RECOVERY_GRACE_MS);
    outcome = await settleWithin(exporting, EXPORT_PATIENCE_MS);
    if (outcome?.status === "rejected") outcome = await settleWithin(context.exportState(), EXPORT_PATIENCE_MS);
  }
  if (outcome === null && options.native) outcome = await exportAfterLeaving(context);
  if (outcome === null) return { failure: "page_unresponsive" };
  if (outcome.status === "rejected") return { failure: "browser_crashed" };
  if (!options.native) return { state: { ...outcome.value, native: null } };
  // The native layer is read once the browser has shut down: no page holds it up, only the engine writing its files.
  const native = await settleWithin(context.exportNative(), NATIVE_EXPORT_PATIENCE_MS);
  if (native === null || native.status === "rejected") return { failure: "browser_crashed" };
  return { state: { ...outcome.value, native: native.value } };
}

/**
 * The last resort of a session that ends: a page that holds what the export
 * reads without running any script (an IndexedDB upgrade it never finishes:
 * every open of that database waits behind it, and Chromium's export reads
 * IndexedDB from inside the shown page) lets go once it is left. The page goes
 * to `about:blank`, which closes its connections and aborts what they held,
 * and the state is exported again. A checkpoint never does this: its page is
 * the caller's, and stays.
 */
async function exportAfterLeaving(context: BrowserContextHandle) {
  const left = await settleWithin(context.goto("about:blank", { timeoutMs: RECOVERY_GRACE_MS }), RECOVERY_GRACE_MS);
  if (left === null || left.status === "rejected") return null;
  return settleWithin(context.exportState(), EXPORT_PATIENCE_MS);
}

/** How long the browser gets to shut down and its data directory to be archived. */
export const NATIVE_EXPORT_PATIENCE_MS = 30_000;
