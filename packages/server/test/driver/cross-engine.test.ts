import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EngineInstall, RealDriver } from "../../src/driver/select";
import type { StoredState } from "../../src/driver/types";
import { driverFor, ENGINES, engineName } from "./engines";
import { IPHONE } from "./expect-driver-error";
import { READ_STORAGE, SESSION_COOKIE, startSite, type TestSite } from "./site";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const T = { timeoutMs: 20_000 };

/** Writes values JSON cannot carry into IndexedDB: they travel in the state's encoded form. */
const WRITE_RICH = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open("rich", 3);
    r.onupgradeneeded = () => {
      const store = r.result.createObjectStore("things", { keyPath: "id" });
      store.createIndex("by_kind", "kind", { unique: false });
      r.result.createObjectStore("loose", { autoIncrement: true });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const tx = db.transaction(["things", "loose"], "readwrite");
  tx.objectStore("things").put({ id: 1, kind: "date", at: new Date(Date.UTC(2026, 0, 2)), tags: new Set(["a", "b"]) });
  tx.objectStore("things").put({ id: 2, kind: "bytes", bytes: new Uint8Array([1, 2, 250]), map: new Map([["k", -0]]) });
  tx.objectStore("loose").put("plain");
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  db.close();
  return true;
})()`;

/** Reads WRITE_RICH's records back as JSON-friendly facts. */
const READ_RICH = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open("rich");
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const get = (store, key) => new Promise((resolve) => {
    const q = db.transaction(store).objectStore(store).get(key);
    q.onsuccess = () => resolve(q.result);
  });
  const one = await get("things", 1);
  const two = await get("things", 2);
  const loose = await get("loose", 1);
  const kinds = [...db.transaction("things").objectStore("things").indexNames];
  db.close();
  return {
    version: db.version,
    at: one.at instanceof Date ? one.at.toISOString() : null,
    tags: one.tags instanceof Set ? [...one.tags] : null,
    bytes: two.bytes instanceof Uint8Array ? [...two.bytes] : null,
    negativeZero: two.map instanceof Map && Object.is(two.map.get("k"), -0),
    loose,
    kinds,
  };
})()`;

const webkit = ENGINES.filter((install) => install.engine === "webkit");
const chromium = ENGINES.filter((install) => install.engine === "chromium");
const pairs: Array<[EngineInstall, EngineInstall]> = webkit.flatMap((w) =>
  chromium.flatMap(
    (c): Array<[EngineInstall, EngineInstall]> => [
      [w, c],
      [c, w],
    ],
  ),
);

if (pairs.length === 0) {
  const why = "the cross-engine state test needs WebKit and Chromium installed";
  if (process.env.DRIFTSTACK_REQUIRE_BROWSER === "1") {
    describe("state across engines", () => {
      it("has both engines (DRIFTSTACK_REQUIRE_BROWSER=1)", () => {
        throw new Error(why);
      });
    });
  } else {
    console.warn(`skipping "state across engines": ${why}`);
  }
}

for (const [from, to] of pairs) {
  describe(`state across engines: ${engineName(from)} → ${engineName(to)}`, () => {
    let site: TestSite;
    let writer: RealDriver;
    let reader: RealDriver;

    beforeAll(async () => {
      site = await startSite();
      writer = driverFor(from);
      reader = driverFor(to);
    });
    afterAll(async () => {
      await writer?.close();
      await reader?.close();
      await site?.close();
    });

    it("carries the httpOnly cookie, localStorage and IndexedDB, rich values included", async () => {
      const first = await writer.open({ archetype: IPHONE, state: null });
      await first.goto(`${site.url}/`, T);
      expect(await first.evaluate("window.stored", T)).toBe(true);
      expect(await first.evaluate(WRITE_RICH, T)).toBe(true);
      const state: StoredState = await first.exportState();
      await first.close();

      const second = await reader.open({ archetype: IPHONE, state });
      expect((await second.goto(`${site.url}/whoami`, T)).title).toBe(`cookie: ${SESSION_COOKIE}=s3cret`);
      expect(await second.evaluate(READ_STORAGE, T)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
      expect(await second.evaluate(READ_RICH, T)).toEqual({
        version: 3,
        at: "2026-01-02T00:00:00.000Z",
        tags: ["a", "b"],
        bytes: [1, 2, 250],
        negativeZero: true,
        loose: "plain",
        kinds: ["by_kind"],
      });
      expect((await second.cookies()).find((c) => c.name === SESSION_COOKIE)).toMatchObject({
        domain: "127.0.0.1",
        path: "/",
        httpOnly: true,
      });
      await second.close();
    });
  });
}
