import { parsePortableState } from "../domain/portable-state";
import { countState, type StateCounts } from "../domain/state-summary";
import { stateCap } from "../domain/tiers";
import type { BrowserContextHandle } from "../driver/types";
import type { Database } from "../store/database";
import { accountTier, type StateLayers } from "../store/states";
import { exportOrGiveUp } from "./watchdog";

export type Exported =
  | { state: StateLayers; counts: StateCounts }
  | { failure: "browser_crashed" | "page_unresponsive" | "state_too_large"; detail: string };

/** How a checkpoint's 409 names a failed export, after "Session … ended: ". */
const FAILURE_DETAILS = {
  browser_crashed: "the browser crashed",
  page_unresponsive: "the page stopped answering",
} as const;

/**
 * Exports a session's state for a save (destroy, idle timeout, checkpoint),
 * under the watchdog, and holds it to the account's tier cap (at most the
 * server's `serverMaxBytes`): both layers together, measured right after the
 * export, before they are copied anywhere. A session that ends saves both
 * layers (`native`); a checkpoint, whose browser goes on, the portable one
 * alone. A failure names why nothing may be saved.
 */
export async function exportForSave(
  db: Database,
  context: BrowserContextHandle,
  accountId: string,
  serverMaxBytes: number,
  options: { native: boolean },
): Promise<Exported> {
  const exported = await exportOrGiveUp(context, options);
  if (!("state" in exported)) return { failure: exported.failure, detail: FAILURE_DETAILS[exported.failure] };
  const cap = stateCap(await db.read((q) => accountTier(q, accountId)), serverMaxBytes);
  if (layersExceed(exported.state, cap)) {
    return { failure: "state_too_large", detail: `the browser state is larger than this tier's cap of ${cap} bytes` };
  }
  // What the stored state will weigh: both layers, as the profile's `state_bytes` counts them.
  const bytes =
    new TextEncoder().encode(exported.state.data).byteLength + (exported.state.native?.data.byteLength ?? 0);
  return { state: exported.state, counts: countState(parsePortableState(exported.state.data), bytes) };
}

function layersExceed(state: StateLayers, max: number): boolean {
  const native = state.native?.data.byteLength ?? 0;
  return native > max || utf8Exceeds(state.data, max - native);
}

/** Whether `text` takes more than `max` bytes in UTF-8: one to three per UTF-16 unit, so most strings need no encoding. */
function utf8Exceeds(text: string, max: number): boolean {
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return new TextEncoder().encode(text).length > max;
}
