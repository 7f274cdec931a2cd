import { isoTimeOrNull } from "../domain/clock";
import { parsePortableState } from "../domain/portable-state";
import type { OriginDiff } from "../domain/state-diff";
import { type OriginSummary, summarizeState } from "../domain/state-summary";

/** The summary of a stored state (null: none), as `StateSummary`. */
export function summarizeStored(stored: { data: string; bytes: number; createdAt: number } | null) {
  return presentStateSummary(summarizeState(parsePortableState(stored?.data ?? null)), stored);
}

/** The wire form of a state summary (api/state-schemas.ts, `StateSummary`). */
export function presentStateSummary(origins: OriginSummary[], stored: { bytes: number; createdAt: number } | null) {
  return {
    bytes: stored?.bytes ?? 0,
    updated_at: isoTimeOrNull(stored?.createdAt ?? null),
    origins: origins.map((o) => ({
      origin: o.origin,
      cookies: o.cookies.map((c) => ({
        name: c.name,
        domain: c.domain,
        path: c.path,
        expires: c.expires,
        http_only: c.httpOnly,
        secure: c.secure,
        same_site: c.sameSite,
        value_bytes: c.valueBytes,
      })),
      local_storage: o.localStorage,
      indexed_db: o.indexedDb,
    })),
  };
}

/** The wire form of a diff (`StateDiff`). */
export function presentStateDiff(against: string, origins: OriginDiff[]) {
  return {
    against,
    origins: origins.map((o) => ({
      origin: o.origin,
      cookies: o.cookies,
      local_storage: o.localStorage,
      indexed_db: {
        added: o.indexedDb.added,
        removed: o.indexedDb.removed,
        changed: o.indexedDb.changed.map((c) => ({
          database: c.database,
          store: c.store,
          records_before: c.recordsBefore,
          records_after: c.recordsAfter,
        })),
      },
    })),
  };
}
