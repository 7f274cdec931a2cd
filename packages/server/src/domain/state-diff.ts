import type { PortableCookie, PortableState } from "./portable-state";
import { groupByOrigin, type OriginGroup } from "./state-summary";

/**
 * What changed from one state (`before`, a snapshot) to another (`after`),
 * per origin, naming what changed and never a value: cookies by name, domain
 * and path (a new value or attribute is `changed`), localStorage by key,
 * IndexedDB object stores by record count.
 */
export interface CookieKey {
  name: string;
  domain: string;
  path: string;
}

export interface StoreCount {
  database: string;
  store: string;
  records: number;
}

export interface StoreChange {
  database: string;
  store: string;
  recordsBefore: number;
  recordsAfter: number;
}

export interface Changes<Entry, Changed = Entry> {
  added: Entry[];
  removed: Entry[];
  changed: Changed[];
}

export interface OriginDiff {
  origin: string;
  cookies: Changes<CookieKey>;
  localStorage: Changes<{ key: string }>;
  indexedDb: Changes<StoreCount, StoreChange>;
}

export function diffStates(before: PortableState, after: PortableState): OriginDiff[] {
  const origins = [...before.origins, ...after.origins].map((o) => o.origin);
  const a = groupByOrigin(before, origins);
  const b = groupByOrigin(after, origins);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const empty = (origin: string): OriginGroup => ({ origin, cookies: [], localStorage: [], indexedDb: [] });
  return names
    .map((origin) => diffOrigin(a.get(origin) ?? empty(origin), b.get(origin) ?? empty(origin)))
    .filter((d) => hasChanges(d.cookies) || hasChanges(d.localStorage) || hasChanges(d.indexedDb));
}

function diffOrigin(before: OriginGroup, after: OriginGroup): OriginDiff {
  const cookieKey = (c: PortableCookie) => JSON.stringify([c.name, c.domain, c.path]);
  const cookies = compare(
    keyed(before.cookies, cookieKey),
    keyed(after.cookies, cookieKey),
    (x, y) => JSON.stringify(x) === JSON.stringify(y),
  );
  const local = compare(
    keyed(before.localStorage, (item) => item.name),
    keyed(after.localStorage, (item) => item.name),
    (x, y) => x.value === y.value,
  );
  const stores = compare(storeCounts(before), storeCounts(after), (x, y) => x.records === y.records);
  return {
    origin: before.origin,
    cookies: {
      added: cookies.added.map(cookieFacts),
      removed: cookies.removed.map(cookieFacts),
      changed: cookies.changed.map(([, now]) => cookieFacts(now)),
    },
    localStorage: {
      added: local.added.map((item) => ({ key: item.name })),
      removed: local.removed.map((item) => ({ key: item.name })),
      changed: local.changed.map(([, now]) => ({ key: now.name })),
    },
    indexedDb: {
      added: stores.added,
      removed: stores.removed,
      changed: stores.changed.map(([was, now]) => ({
        database: now.database,
        store: now.store,
        recordsBefore: was.records,
        recordsAfter: now.records,
      })),
    },
  };
}

function cookieFacts(c: PortableCookie): CookieKey {
  return { name: c.name, domain: c.domain, path: c.path };
}

function storeCounts(group: OriginGroup): Map<string, StoreCount> {
  const counts = group.indexedDb.flatMap((db) =>
    db.stores.map((store) => ({ database: db.name, store: store.name, records: store.records.length })),
  );
  return keyed(counts, (c) => JSON.stringify([c.database, c.store]));
}

function keyed<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function compare<T>(before: Map<string, T>, after: Map<string, T>, same: (x: T, y: T) => boolean) {
  const added: T[] = [];
  const removed: T[] = [];
  const changed: Array<[T, T]> = [];
  for (const [key, now] of after) {
    const was = before.get(key);
    if (was === undefined) added.push(now);
    else if (!same(was, now)) changed.push([was, now]);
  }
  for (const [key, was] of before) if (!after.has(key)) removed.push(was);
  return { added, removed, changed };
}

function hasChanges(c: Changes<unknown, unknown>): boolean {
  return c.added.length + c.removed.length + c.changed.length > 0;
}
