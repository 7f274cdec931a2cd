import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { runDir } from "../../src/driver/run-dir";
import type { EngineInstall, RealDriver } from "../../src/driver/select";
import type { NativeState, StoredState } from "../../src/driver/types";
import { describeEngines, driverFor, itOnEngine } from "./engines";
import { IPHONE } from "./expect-driver-error";
import { READ_SERVICE_WORKER, READ_STORAGE, startSite, type TestSite } from "./site";

/**
 * The engine-native layer on a real browser: a service worker and its Cache
 * Storage survive from one context to the next through the archive, with the
 * site stopped; nothing of it reaches another context or another engine tag.
 */
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const T = { timeoutMs: 20_000 };

describeEngines("the engine-native layer", (install: EngineInstall) => {
  let driver: RealDriver;
  let saved: { state: StoredState; native: NativeState };
  let origin: string;

  beforeAll(async () => {
    driver = driverFor(install);
    const site: TestSite = await startSite();
    origin = site.url;
    try {
      const first = await driver.open({ archetype: IPHONE, state: null });
      expect(first.restored).toBe("none");
      expect((await first.goto(`${origin}/`, T)).title).toBe("Driftstack test site");
      expect(await first.evaluate("window.stored", T)).toBe(true);
      await first.goto(`${origin}/sw`, T);
      expect(await first.evaluate("window.registered", T)).toBe(true);
      const state = await first.exportState();
      const native = await first.exportNative();
      await first.close();
      if (!native) throw new Error("a local browser keeps a native layer");
      saved = { state, native };
    } finally {
      await site.close();
    }
  });

  afterAll(async () => {
    await driver?.close();
  });

  it("is tagged with the engine and backend", () => {
    expect(saved.native.engine).toBe(`${install.engine}/${install.backend}`);
    expect(driver.nativeEngine).toBe(saved.native.engine);
  });

  it("brings the service worker and its cache back, answering with the site stopped", async () => {
    const next = await driver.open({ archetype: IPHONE, state: saved.state, native: saved.native });
    try {
      expect(next.restored).toBe("full");
      expect((await next.goto(`${origin}/offline`, T)).title).toBe("from the service worker");
      expect(await next.evaluate(READ_SERVICE_WORKER, T)).toEqual({
        registrations: 1,
        caches: ["driftstack-offline"],
      });
      expect(await next.evaluate(READ_STORAGE, T)).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    } finally {
      await next.close();
    }
  });

  it("holds what was written just before the context ended, with no portable layer replayed over it", async () => {
    const site = await startSite();
    try {
      const first = await driver.open({ archetype: IPHONE, state: null });
      await first.goto(`${site.url}/blank`, T);
      // Written, then at once the session's end: export, then the native layer.
      expect(await first.evaluate(WRITE_LATE, T)).toBe(true);
      await first.exportState();
      const native = await first.exportNative();
      if (!native) throw new Error("a local browser keeps a native layer");
      // No portable state: whatever comes back was in the engine's own directory.
      const next = await driver.open({ archetype: IPHONE, state: null, native });
      try {
        expect(next.restored).toBe("full");
        await next.goto(`${site.url}/blank`, T);
        expect(await next.evaluate(READ_LATE, T)).toEqual({ local: "late", record: "late", cookie: "late=1" });
      } finally {
        await next.close();
      }
    } finally {
      await site.close();
    }
  });

  it("is ignored from another engine tag: the portable layer alone is restored", async () => {
    const other = { engine: "other/backend", data: saved.native.data };
    const next = await driver.open({ archetype: IPHONE, state: saved.state, native: other });
    try {
      expect(next.restored).toBe("portable");
      await expect(next.goto(`${origin}/offline`, T)).rejects.toThrow();
    } finally {
      await next.close();
    }
  });

  it("never reaches a context of another profile, even one open at the same time", async () => {
    const restored = await driver.open({ archetype: IPHONE, state: saved.state, native: saved.native });
    const stranger = await driver.open({ archetype: IPHONE, state: null });
    try {
      await restored.goto(`${origin}/offline`, T);
      expect(stranger.restored).toBe("none");
      // The site is stopped: only a service worker of this context could answer.
      await expect(stranger.goto(`${origin}/offline`, T)).rejects.toThrow();
    } finally {
      await Promise.all([restored.close(), stranger.close()]);
    }
  });
});

/** A localStorage item, an IndexedDB record and a persistent cookie, written in one go. */
const WRITE_LATE = `(async () => {
  localStorage.setItem("late", "late");
  document.cookie = "late=1; max-age=86400; path=/";
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("late", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("records");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise((resolve, reject) => {
    const tx = db.transaction("records", "readwrite");
    tx.objectStore("records").put("late", "late");
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return true;
})()`;

/** What WRITE_LATE wrote, read back; nulls (and no cookie) when absent. */
const READ_LATE = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("late", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("records");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const record = await new Promise((resolve, reject) => {
    const get = db.transaction("records").objectStore("records").get("late");
    get.onsuccess = () => resolve(get.result ?? null);
    get.onerror = () => reject(get.error);
  });
  db.close();
  return { local: localStorage.getItem("late"), record, cookie: document.cookie };
})()`;

/**
 * Without aggressive flushing Chromium had written 348 bytes of a 1 MiB value 4 s after it (its
 * commit waits, longer past an hourly byte budget); with it, 0.6–0.7 s at load 11.
 */
const WITHIN_MS = 4_000;

describeEngines("localStorage in a local Chromium's directory", (install: EngineInstall) => {
  itOnEngine(
    install,
    "chromium",
    "WebKitGTK's directory is written by its own quit (webkitgtk-context.ts)",
  )("reaches the disk while the browser runs, not only at its shutdown", async () => {
    const driver = driverFor(install);
    const site = await startSite();
    const before = new Set(dataDirs());
    const context = await driver.open({ archetype: IPHONE, state: null });
    try {
      await context.goto(`${site.url}/`, T);
      await context.evaluate(
        "(() => { let s = ''; for (let i = 0; i < 65536; i++) s += Math.random().toString(36).slice(2, 18).padEnd(16, 'x'); localStorage.setItem('big', s); return s.length })()",
        T,
      );
      const ours = dataDirs().filter((dir) => !before.has(dir));
      const written = performance.now();
      let bytes = 0;
      while (performance.now() - written < WITHIN_MS && bytes < 1_000_000) {
        await new Promise((wait) => setTimeout(wait, 100));
        bytes = Math.max(0, ...ours.map((dir) => treeBytes(join(dir, "Default", "Local Storage"))));
      }
      const after = `bytes under Default/Local Storage of ${ours.join(", ")} after ${Math.round(performance.now() - written)} ms`;
      expect(bytes, after).toBeGreaterThan(1_000_000);
    } finally {
      await context.close();
      await driver.close();
      await site.close();
    }
  });
});

/** The data directories of this process's local browsers. */
function dataDirs(): string[] {
  return readdirSync(runDir())
    .filter((name) => name.startsWith("data-"))
    .map((name) => join(runDir(), name));
}

function treeBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + treeBytes(join(path, name)), 0);
}
