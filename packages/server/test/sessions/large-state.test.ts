import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { packDirectory, unpackDirectory } from "../../src/driver/native-archive";
import { describeEngines, itOnEngine } from "../driver/engines";
import { SESSION_COOKIE } from "../driver/site";
import { useBrowserSessions } from "../support/browser-sessions";
import type { Profile, Session } from "../support/sessions";

/**
 * A profile's large state comes back exactly on a full restore (issue #18):
 * about 1 MiB of localStorage over several keys, a few hundred KiB of
 * IndexedDB and cookies, written in one session, read back in the next, then
 * edited (keys overwritten and removed) and read back again. On a full
 * restore the engine's own data directory carries storage, so anything the
 * engine had not written to disk when its session ended would be lost here.
 */
vi.setConfig({ testTimeout: 240_000, hookTimeout: 60_000 });

/** A deterministic, poorly compressible string of `length` characters for `seed` (runs in Node and in pages). */
function generate(seed: string, length: number): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    out.push(String.fromCharCode(33 + ((h >>> 16) % 94)));
  }
  return out.join("");
}

/** FNV-1a of a string: the page answers fingerprints, not megabytes. */
function fingerprint(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return `${text.length}:${h.toString(16)}`;
}

const LOCAL_VALUE = 128 * 1024;
const RECORD_VALUE = 64 * 1024;

/** What a round writes: every localStorage key, IndexedDB record and cookie with its seed, or null to remove it. */
interface Round {
  local: Record<string, string | null>;
  records: Record<string, string | null>;
  cookie: string;
}

/** Round 1: 8 × 128 KiB of localStorage (1 MiB) and 6 × 64 KiB of IndexedDB; round 2 overwrites some and removes some. */
const ROUNDS: Round[] = [
  {
    local: Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [`big-${i}`, `local-${i}-r1`])),
    records: Object.fromEntries([0, 1, 2, 3, 4, 5].map((i) => [`rec-${i}`, `record-${i}-r1`])),
    cookie: "r1",
  },
  {
    local: { "big-0": "local-0-r2", "big-1": "local-1-r2", "big-3": null, "big-4": null, "big-8": "local-8-r2" },
    records: { "rec-0": "record-0-r2", "rec-1": null, "rec-6": "record-6-r2" },
    cookie: "r2",
  },
];

/** The page's side: opens the "large" database, applies a round's writes, or reads every fingerprint back. */
const PAGE_HELPERS = `
const generate = ${generate.toString()};
const fingerprint = ${fingerprint.toString()};
const openLarge = () => new Promise((resolve, reject) => {
  const request = indexedDB.open("large", 1);
  request.onupgradeneeded = () => request.result.createObjectStore("blobs");
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});
const inStore = (db, mode, work) => new Promise((resolve, reject) => {
  const tx = db.transaction("blobs", mode);
  const result = work(tx.objectStore("blobs"));
  tx.oncomplete = () => resolve(result);
  tx.onerror = () => reject(tx.error);
});`;

function writeExpression(round: Round): string {
  return `(async () => {${PAGE_HELPERS}
  const round = ${JSON.stringify(round)};
  for (const [key, seed] of Object.entries(round.local)) {
    if (seed === null) localStorage.removeItem(key);
    else localStorage.setItem(key, generate(seed, ${LOCAL_VALUE}));
  }
  const db = await openLarge();
  await inStore(db, "readwrite", (store) => {
    for (const [key, seed] of Object.entries(round.records)) {
      if (seed === null) store.delete(key);
      else store.put({ seed, body: generate(seed, ${RECORD_VALUE}) }, key);
    }
  });
  db.close();
  document.cookie = "large=" + round.cookie + "; max-age=86400; path=/";
  return true;
})()`;
}

const READ_EXPRESSION = `(async () => {${PAGE_HELPERS}
  const local = {};
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key.startsWith("big-")) local[key] = fingerprint(localStorage.getItem(key));
  }
  const db = await openLarge();
  const records = {};
  await inStore(db, "readonly", (store) => {
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) return;
      records[at.key] = at.value.seed + "/" + fingerprint(at.value.body);
      at.continue();
    };
  });
  db.close();
  return { local, records, cookie: document.cookie.split("; ").filter((c) => c.startsWith("large=")) };
})()`;

/** What the page must read back after `rounds` have been applied in order. */
function expected(rounds: Round[]) {
  const local: Record<string, string> = {};
  const records: Record<string, string> = {};
  for (const round of rounds) {
    for (const [key, seed] of Object.entries(round.local)) {
      if (seed === null) delete local[key];
      else local[key] = fingerprint(generate(seed, LOCAL_VALUE));
    }
    for (const [key, seed] of Object.entries(round.records)) {
      if (seed === null) delete records[key];
      else records[key] = `${seed}/${fingerprint(generate(seed, RECORD_VALUE))}`;
    }
  }
  return { local, records, cookie: [`large=${rounds.at(-1)?.cookie}`] };
}

describeEngines("a profile's large state across full restores", (install) => {
  const env = useBrowserSessions(install);

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await env.t.call(env.owner, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const evaluate = async <T>(id: string, expression: string) =>
    (await api<{ result: T }>("POST", `/v1/sessions/${id}/evaluate`, { expression })).result;
  const cookieNames = async (id: string) =>
    (await api<{ data: { name: string }[] }>("GET", `/v1/sessions/${id}/cookies`)).data.map((c) => c.name).sort();

  it("reads back every value written, then every edit, after each full restore", async () => {
    const p = await api<Profile>("POST", "/v1/profiles", { name: `large-${install.engine}` });
    let session = await api<Session>("POST", "/v1/sessions", { profile_id: p.id });
    expect(session.state_restored).toBe("none");
    // `/` sets the site's httpOnly session cookie: one no engine writes to disk.
    await api("POST", `/v1/sessions/${session.id}/goto`, { url: `${env.site.url}/` });

    for (let done = 1; done <= ROUNDS.length; done++) {
      await api("POST", `/v1/sessions/${session.id}/goto`, { url: `${env.site.url}/blank` });
      expect(await evaluate(session.id, writeExpression(ROUNDS[done - 1] as Round))).toBe(true);
      // The write is ended at once, as a client would: nothing gives the engine time to flush.
      expect((await api<Session>("DELETE", `/v1/sessions/${session.id}`)).state_persisted_at).not.toBeNull();

      session = await api<Session>("POST", "/v1/sessions", { profile_id: p.id });
      expect(session.state_restored).toBe("full");
      await api("POST", `/v1/sessions/${session.id}/goto`, { url: `${env.site.url}/blank` });
      expect(await evaluate(session.id, READ_EXPRESSION), `after round ${done}`).toEqual(
        expected(ROUNDS.slice(0, done)),
      );
      expect(await cookieNames(session.id)).toEqual(["large", SESSION_COOKIE].sort());
    }
    await api("DELETE", `/v1/sessions/${session.id}`);

    // A session that never shows the site still saves the site's storage in the portable
    // layer (the summary, export and other engines read that layer, not the directory).
    const idle = await api<Session>("POST", "/v1/sessions", { profile_id: p.id });
    expect(idle.state_restored).toBe("full");
    await api("DELETE", `/v1/sessions/${idle.id}`);
    const exported = await api<PortableDocument>("GET", `/v1/profiles/${p.id}/state/export`);
    const origin = exported.origins.find((o) => o.origin === env.site.url);
    const names = origin?.localStorage.map((item) => item.name).filter((name) => name.startsWith("big-"));
    expect(names?.sort()).toEqual(Object.keys(expected(ROUNDS).local).sort());
    expect(origin?.indexedDB?.map((db) => db.name)).toContain("large");
    expect(exported.cookies.map((c) => c.name).sort()).toEqual(["large", SESSION_COOKIE].sort());
  });

  /** The stored engine-native layer's length of `profileId`'s current state row (the one the profile points at). */
  async function nativeBytes(profileId: string): Promise<number> {
    const rows = await env.t.db.client.execute({
      sql: "SELECT length(s.native_data) AS native FROM profiles p JOIN browser_states s ON s.id = p.state_id WHERE p.id = ?",
      args: [profileId],
    });
    return Number(rows.rows[0]?.native ?? 0);
  }

  /** A profile whose first session wrote round 1's localStorage (1 MiB over 8 keys) and ended. */
  async function profileWithLocalStorage(name: string): Promise<Profile> {
    const p = await api<Profile>("POST", "/v1/profiles", { name: `${name}-${install.engine}` });
    const first = await api<Session>("POST", "/v1/sessions", { profile_id: p.id });
    await api("POST", `/v1/sessions/${first.id}/goto`, { url: `${env.site.url}/blank` });
    const local = (ROUNDS[0] as Round).local;
    expect(await evaluate(first.id, writeExpression({ local, records: {}, cookie: "r1" }))).toBe(true);
    await api("DELETE", `/v1/sessions/${first.id}`);
    return p;
  }

  /** A full restore of `p` that shows the site and reads round 1's localStorage back exactly. */
  async function expectLocalStorageBack(p: Profile): Promise<void> {
    const session = await api<Session>("POST", "/v1/sessions", { profile_id: p.id });
    expect(session.state_restored).toBe("full");
    await api("POST", `/v1/sessions/${session.id}/goto`, { url: `${env.site.url}/blank` });
    const read = await evaluate<{ local: Record<string, string> }>(session.id, READ_EXPRESSION);
    expect(read.local).toEqual(expected([ROUNDS[0] as Round]).local);
    await api("DELETE", `/v1/sessions/${session.id}`);
  }

  it("keeps 1 MiB of localStorage in the native layer across sessions that never show its site", async () => {
    const p = await profileWithLocalStorage("large-unvisited");
    // The text is about 6.5 bits a character: no gzip brings 1 MiB of it under 800 KB.
    const sizes = [await nativeBytes(p.id)];

    for (let idle = 0; idle < 2; idle++) {
      const session = await api<Session>("POST", "/v1/sessions", { profile_id: p.id });
      expect(session.state_restored).toBe("full");
      await api("DELETE", `/v1/sessions/${session.id}`);
      sizes.push(await nativeBytes(p.id));
    }
    // Chromium's first directory can miss its last localStorage writes on a loaded machine (the
    // portable layer then carries them: the test below); every later end must keep them in it.
    const kept = install.engine === "chromium" ? sizes.slice(1) : sizes;
    for (const size of kept)
      expect(size, `native layer bytes after each end: ${sizes.join(", ")}`).toBeGreaterThan(800_000);

    await expectLocalStorageBack(p);
  });

  // A directory that lost its last localStorage writes, made on purpose: Chromium keeps them in memory
  // (up to minutes after 1 MiB) until its shutdown flush, which a loaded machine can miss.
  itOnEngine(
    install,
    "chromium",
    "WebKitGTK's driver writes localStorage through its own quit",
  )("puts localStorage back from the portable layer when Chromium's directory lacks it", async () => {
    const p = await profileWithLocalStorage("large-unflushed");
    await dropFromNativeLayer(p.id, "Default/Local Storage/");
    expect(await nativeBytes(p.id)).toBeLessThan(800_000);
    await expectLocalStorageBack(p);
  });

  /** Rewrites the profile's stored native layer without the files under `prefix`. */
  async function dropFromNativeLayer(profileId: string, prefix: string): Promise<void> {
    const rows = await env.t.db.client.execute({
      sql: "SELECT s.id, s.native_data FROM profiles p JOIN browser_states s ON s.id = p.state_id WHERE p.id = ?",
      args: [profileId],
    });
    const row = rows.rows[0];
    if (!row) throw new Error(`profile ${profileId} has no state`);
    const dir = mkdtempSync(join(tmpdir(), "driftstack-native-"));
    try {
      unpackDirectory(new Uint8Array(row.native_data as ArrayBuffer), dir);
      const data = packDirectory(dir, (path) => `${path}/`.startsWith(prefix));
      await env.t.db.client.execute({
        sql: "UPDATE browser_states SET native_data = ? WHERE id = ?",
        args: [Buffer.from(data), String(row.id)],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

/** The parts of `GET /v1/profiles/:id/state/export` read here. */
interface PortableDocument {
  cookies: { name: string }[];
  origins: { origin: string; localStorage: { name: string }[]; indexedDB?: { name: string }[] }[];
}
