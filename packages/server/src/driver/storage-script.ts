/**
 * Page scripts that read and write one origin's localStorage and IndexedDB in
 * the portable state format: Playwright's `storageState({ indexedDB: true })`
 * origin entry, `{ origin, localStorage: [{name, value}], indexedDB: [{name,
 * version, stores: [{name, keyPath?, keyPathArray?, autoIncrement, indexes,
 * records: [{key?|keyEncoded?, value?|valueEncoded?}]}]}] }`. Plain JSON values
 * travel as `key`/`value`; anything else (Date, Map, typed arrays, undefined,
 * cycles, …) as `keyEncoded`/`valueEncoded` in Playwright's own encoding, so
 * a state written by one engine opens on the other.
 *
 * Kept as source text for the same reason as `json-result.ts`: it runs in the
 * page, through WebDriver's Execute Script, as the body of a function.
 */
const CODEC = `
const TYPED = { i8: Int8Array, ui8: Uint8Array, ui8c: Uint8ClampedArray, i16: Int16Array, ui16: Uint16Array,
  i32: Int32Array, ui32: Uint32Array, f32: Float32Array, f64: Float64Array, bi64: BigInt64Array, bui64: BigUint64Array };
const toBase64 = (bytes) => { let s = ""; for (const b of bytes) s += String.fromCharCode(b); return btoa(s); };
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const isPlain = (v) => v !== null && typeof v === "object" && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);
const trivial = (v) => {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (!isPlain(v)) return false;
  return Object.keys(v).every((k) => trivial(v[k])) && (!Array.isArray(v) || v.length === Object.keys(v).length);
};
const encode = (value, seen = new Map()) => {
  if (value === undefined || typeof value === "symbol" || typeof value === "function") return { v: "undefined" };
  if (value === null) return { v: "null" };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { v: "NaN" };
    if (value === Infinity) return { v: "Infinity" };
    if (value === -Infinity) return { v: "-Infinity" };
    if (Object.is(value, -0)) return { v: "-0" };
    return value;
  }
  if (typeof value !== "object") return typeof value === "bigint" ? { bi: value.toString() } : value;
  if (value instanceof Date) return { d: value.toJSON() };
  if (value instanceof RegExp) return { r: { p: value.source, f: value.flags } };
  if (value instanceof Error) return { e: { n: value.name, m: value.message, s: value.stack } };
  for (const [k, Ctor] of Object.entries(TYPED)) {
    if (value instanceof Ctor) return { ta: { b: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)), k } };
  }
  if (value instanceof ArrayBuffer) return { ab: { b: toBase64(new Uint8Array(value)) } };
  if (seen.has(value)) return { ref: seen.get(value) };
  const id = seen.size + 1;
  seen.set(value, id);
  if (value instanceof Map) return { m: [...value].map(([k, v]) => ({ k: encode(k, seen), v: encode(v, seen) })), id };
  if (value instanceof Set) return { s: [...value].map((v) => encode(v, seen)), id };
  if (Array.isArray(value)) return { a: value.map((v) => encode(v, seen)), id };
  return { o: Object.keys(value).map((k) => ({ k, v: encode(value[k], seen) })), id };
};
const decode = (value, refs = new Map()) => {
  if (value === null || typeof value !== "object") return value;
  if ("ref" in value) return refs.get(value.ref);
  if ("v" in value) return { undefined: undefined, null: null, NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 }[value.v];
  if ("d" in value) return new Date(value.d);
  if ("u" in value) return new URL(value.u);
  if ("bi" in value) return BigInt(value.bi);
  if ("r" in value) return new RegExp(value.r.p, value.r.f);
  if ("e" in value) { const e = new Error(value.e.m); e.name = value.e.n; e.stack = value.e.s; return e; }
  if ("ta" in value) return new TYPED[value.ta.k](fromBase64(value.ta.b).buffer);
  if ("ab" in value) return fromBase64(value.ab.b).buffer;
  if ("a" in value) { const out = []; refs.set(value.id, out); for (const v of value.a) out.push(decode(v, refs)); return out; }
  if ("m" in value) { const out = new Map(); refs.set(value.id, out); for (const { k, v } of value.m) out.set(decode(k, refs), decode(v, refs)); return out; }
  if ("s" in value) { const out = new Set(); refs.set(value.id, out); for (const v of value.s) out.add(decode(v, refs)); return out; }
  if ("o" in value) { const out = {}; refs.set(value.id, out); for (const { k, v } of value.o) if (k !== "__proto__") out[k] = decode(v, refs); return out; }
  return value;
};
const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
`;

/**
 * Opens a database `databases()` listed, or answers null if it is gone by now (its creator's
 * first upgrade was aborted): an open without a version would create it, empty, at version 1,
 * and the page's own open at version 1 would then find none of its stores.
 */
const OPEN_EXISTING = `
const openExisting = (name) => new Promise((resolve, reject) => {
  const open = window.indexedDB.open(name);
  open.onupgradeneeded = () => open.transaction.abort();
  open.onsuccess = () => resolve(open.result);
  open.onerror = (event) => {
    if (open.error?.name !== "AbortError") return reject(open.error);
    event.preventDefault();
    resolve(null);
  };
});
`;

/** Execute Script body: answers this origin's `{ localStorage, indexedDB }`. */
export const COLLECT_STORAGE = `${CODEC}${OPEN_EXISTING}
return (async () => {
  const localStorage = Object.keys(window.localStorage).map((name) => ({ name, value: window.localStorage.getItem(name) }));
  const indexedDB = [];
  for (const info of await window.indexedDB.databases()) {
    const db = await openExisting(info.name);
    if (db === null) continue;
    try {
      const names = [...db.objectStoreNames];
      const tx = names.length ? db.transaction(names, "readonly") : null;
      const stores = [];
      for (const name of names) {
        const store = tx.objectStore(name);
        const keys = await request(store.getAllKeys());
        const values = await request(store.getAll());
        const records = keys.map((key, i) => {
          const record = {};
          if (store.keyPath === null) {
            if (trivial(key)) record.key = key; else record.keyEncoded = encode(key);
          }
          if (trivial(values[i])) record.value = values[i]; else record.valueEncoded = encode(values[i]);
          return record;
        });
        const indexes = [...store.indexNames].map((indexName) => {
          const index = store.index(indexName);
          return {
            name: index.name,
            keyPath: typeof index.keyPath === "string" ? index.keyPath : undefined,
            keyPathArray: Array.isArray(index.keyPath) ? index.keyPath : undefined,
            multiEntry: index.multiEntry,
            unique: index.unique,
          };
        });
        stores.push({
          name, records, indexes, autoIncrement: store.autoIncrement,
          keyPath: typeof store.keyPath === "string" ? store.keyPath : undefined,
          keyPathArray: Array.isArray(store.keyPath) ? store.keyPath : undefined,
        });
      }
      indexedDB.push({ name: info.name, version: db.version, stores });
    } finally {
      db.close();
    }
  }
  return JSON.stringify({ localStorage, indexedDB });
})();`;

/** Execute Script body: replaces this origin's storage with `arguments[0]` (an origin entry as JSON text). */
export const RESTORE_STORAGE = `${CODEC}
return (async () => {
  const state = JSON.parse(arguments[0]);
  window.localStorage.clear();
  for (const { name, value } of state.localStorage ?? []) window.localStorage.setItem(name, value);
  for (const info of state.indexedDB ?? []) {
    const open = window.indexedDB.open(info.name, info.version);
    open.onupgradeneeded = () => {
      for (const s of info.stores) {
        const store = open.result.createObjectStore(s.name, { autoIncrement: s.autoIncrement, keyPath: s.keyPathArray ?? s.keyPath });
        for (const i of s.indexes ?? []) store.createIndex(i.name, i.keyPathArray ?? i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
    };
    const db = await request(open);
    try {
      if (db.objectStoreNames.length === 0) continue;
      const tx = db.transaction([...db.objectStoreNames], "readwrite");
      const done = new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); tx.onabort = () => reject(tx.error); });
      for (const s of info.stores) {
        const store = tx.objectStore(s.name);
        for (const r of s.records) {
          const value = "value" in r ? r.value : decode(r.valueEncoded);
          if (store.keyPath === null) store.put(value, "key" in r ? r.key : decode(r.keyEncoded));
          else store.put(value);
        }
      }
      await done;
    } finally {
      db.close();
    }
  }
})();`;
