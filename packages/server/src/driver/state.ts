import { type Cookie, DriverError, type StoredState } from "./types";

/**
 * The format tag of states written by every real driver: Playwright's
 * `storageState({ indexedDB: true })` as JSON (ARCHITECTURE.md, "One state format on every engine").
 */
export const PLAYWRIGHT_STATE_FORMAT = "playwright-storage-state+json;v=1";

/** The fake driver's states: a Playwright storage state with cookies only, so either driver can read it. */
export const FAKE_STATE_FORMAT = "fake-state+json;v=1";

/** The shape of Playwright's `storageState()`, as far as we rely on it. */
export interface StorageState {
  cookies: Cookie[];
  origins: unknown[];
}

/** Reads a stored state of either driver's format as a Playwright storage state. */
export function readStorageState(state: StoredState): StorageState {
  if (state.format !== PLAYWRIGHT_STATE_FORMAT && state.format !== FAKE_STATE_FORMAT) {
    throw new DriverError("unsupported", `cannot open a browser state of format "${state.format}"`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(state.data);
  } catch {
    throw new DriverError("unsupported", `the stored browser state (${state.format}) is not valid JSON`);
  }
  const value = parsed as Partial<StorageState> | null;
  if (typeof value !== "object" || value === null || !Array.isArray(value.cookies)) {
    throw new DriverError("unsupported", `the stored browser state (${state.format}) has no cookie list`);
  }
  return { cookies: value.cookies, origins: Array.isArray(value.origins) ? value.origins : [] };
}
