/**
 * The portable browser state every driver reads and writes (Playwright's
 * `storageState({ indexedDB: true })`, see driver/state.ts), as far as the
 * summary, the diff and the size caps look into it. Records stay opaque.
 */
export interface PortableCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: "Strict" | "Lax" | "None";
}

export interface PortableStore {
  name: string;
  records: unknown[];
}

export interface PortableDatabase {
  name: string;
  version: number;
  stores: PortableStore[];
}

export interface PortableOrigin {
  origin: string;
  localStorage: Array<{ name: string; value: string }>;
  indexedDB?: PortableDatabase[];
}

export interface PortableState {
  cookies: PortableCookie[];
  origins: PortableOrigin[];
}

export const EMPTY_STATE: PortableState = { cookies: [], origins: [] };

/**
 * Reads stored state JSON leniently: a missing or malformed part counts as
 * empty, so that a summary of an odd blob is still an answer, never a 500.
 */
export function parsePortableState(data: string | null): PortableState {
  if (data === null) return EMPTY_STATE;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return EMPTY_STATE;
  }
  if (!isRecord(parsed)) return EMPTY_STATE;
  const cookies = Array.isArray(parsed.cookies) ? parsed.cookies.filter(isRecord) : [];
  const origins = Array.isArray(parsed.origins) ? parsed.origins.filter(isRecord) : [];
  return {
    cookies: cookies.map((c) => ({
      name: text(c.name),
      value: text(c.value),
      domain: text(c.domain),
      path: text(c.path) || "/",
      expires: typeof c.expires === "number" ? c.expires : -1,
      httpOnly: c.httpOnly === true,
      secure: c.secure === true,
      sameSite: c.sameSite === "Strict" || c.sameSite === "None" ? c.sameSite : "Lax",
    })),
    origins: origins.map((o) => ({
      origin: text(o.origin),
      localStorage: (Array.isArray(o.localStorage) ? o.localStorage.filter(isRecord) : []).map((item) => ({
        name: text(item.name),
        value: text(item.value),
      })),
      indexedDB: (Array.isArray(o.indexedDB) ? o.indexedDB.filter(isRecord) : []).map((db) => ({
        name: text(db.name),
        version: typeof db.version === "number" ? db.version : 0,
        stores: (Array.isArray(db.stores) ? db.stores.filter(isRecord) : []).map((store) => ({
          name: text(store.name),
          records: Array.isArray(store.records) ? store.records : [],
        })),
      })),
    })),
  };
}

/** UTF-8 length, as sizes are measured everywhere in the API. */
export function utf8Bytes(value: string): number {
  return new TextEncoder().encode(value).byteLength;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
