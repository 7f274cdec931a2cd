import { type PortableCookie, type PortableState, utf8Bytes } from "./portable-state";

/**
 * What a profile's stored state holds, without a browser and without a single
 * value: cookie attributes and value sizes, localStorage key counts and sizes,
 * IndexedDB record counts. Cookies are listed under the origin they belong to
 * (see `cookieOrigin`).
 */
export interface CookieFacts {
  name: string;
  domain: string;
  path: string;
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: PortableCookie["sameSite"];
  valueBytes: number;
}

export interface OriginSummary {
  origin: string;
  cookies: CookieFacts[];
  localStorage: { keys: number; bytes: number };
  indexedDb: Array<{ name: string; version: number; stores: Array<{ name: string; records: number }> }>;
}

/** What a save, checkpoint or restore carried: enough to see that a login was kept. */
export interface StateCounts {
  origins: number;
  cookies: number;
  bytes: number;
}

export function summarizeState(state: PortableState): OriginSummary[] {
  const groups = groupByOrigin(state, []);
  return [...groups.values()].map((group) => ({
    origin: group.origin,
    cookies: group.cookies.map((c) => ({
      name: c.name,
      domain: c.domain,
      path: c.path,
      expires: c.expires,
      httpOnly: c.httpOnly,
      secure: c.secure,
      sameSite: c.sameSite,
      valueBytes: utf8Bytes(c.value),
    })),
    localStorage: {
      keys: group.localStorage.length,
      bytes: group.localStorage.reduce((sum, item) => sum + utf8Bytes(item.name) + utf8Bytes(item.value), 0),
    },
    indexedDb: group.indexedDb.map((db) => ({
      name: db.name,
      version: db.version,
      stores: db.stores.map((store) => ({ name: store.name, records: store.records.length })),
    })),
  }));
}

/** Counts of a state whose stored blob takes `bytes`. */
export function countState(state: PortableState, bytes: number): StateCounts {
  return { origins: groupByOrigin(state, []).size, cookies: state.cookies.length, bytes };
}

export interface OriginGroup {
  origin: string;
  cookies: PortableCookie[];
  localStorage: PortableState["origins"][number]["localStorage"];
  indexedDb: NonNullable<PortableState["origins"][number]["indexedDB"]>;
}

/**
 * The state per origin, sorted by origin. Cookies carry a domain, not an
 * origin: a cookie goes to the first storage origin (of this state or of
 * `alsoOrigins`, so two states being compared group alike) whose host it is
 * sent to, else to an origin of its own (`https://` for a secure cookie).
 */
export function groupByOrigin(state: PortableState, alsoOrigins: readonly string[]): Map<string, OriginGroup> {
  const groups = new Map<string, OriginGroup>();
  const group = (origin: string): OriginGroup => {
    let found = groups.get(origin);
    if (!found) {
      found = { origin, cookies: [], localStorage: [], indexedDb: [] };
      groups.set(origin, found);
    }
    return found;
  };
  for (const o of state.origins) {
    const g = group(o.origin);
    g.localStorage.push(...o.localStorage);
    g.indexedDb.push(...(o.indexedDB ?? []));
  }
  const storageOrigins = [...new Set([...state.origins.map((o) => o.origin), ...alsoOrigins])].sort();
  for (const cookie of state.cookies) group(cookieOrigin(cookie, storageOrigins)).cookies.push(cookie);
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function cookieOrigin(cookie: PortableCookie, storageOrigins: readonly string[]): string {
  const domain = cookie.domain.toLowerCase();
  const bare = domain.startsWith(".") ? domain.slice(1) : domain;
  const sentTo = (host: string) => host === bare || (domain.startsWith(".") && host.endsWith(domain));
  const match = storageOrigins.find((origin) => sentTo(hostOf(origin)));
  return match ?? `${cookie.secure ? "https" : "http"}://${bare}`;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return "";
  }
}
