import type { Page } from "playwright-core";
import type { StorageState } from "./state";

/** An origin's localStorage as the portable layer holds it. */
interface OriginItems {
  origin: string;
  items: Array<{ name: string; value: string }>;
}

/**
 * Puts each origin's localStorage from the portable layer back into a
 * Chromium data directory restored in full. Chromium keeps localStorage
 * writes in memory for seconds to minutes (its commit delay grows with the
 * bytes written: about 6 minutes after 1 MiB) and writes them to its leveldb
 * when the browser shuts down; a browser ended without that flush (its
 * storage process ended first on a loaded machine, or killed) leaves a
 * directory without them, while the portable layer, exported from the live
 * pages just before, has them. So the portable layer's localStorage is the
 * truth for every origin it lists: each is replaced (cleared, then the
 * exported items set) on the session's page, before the session has it,
 * with every request answered locally. Nothing else of the directory is
 * touched (IndexedDB, service workers, Cache Storage).
 *
 * The session's own page, left on about:blank, rather than a page of its own
 * closed after: closing a page can end its renderer before the writes it sent
 * have reached Chromium's storage process (half of 1 MiB was lost that way).
 */
export async function replayLocalStorage(page: Page, origins: StorageState["origins"]): Promise<void> {
  const listed = origins.map(originItems).filter((entry): entry is OriginItems => entry !== null);
  if (listed.length === 0) return;
  // The site is never contacted and none of its scripts runs: an empty document stands for every URL.
  // A service worker of the origin would answer the navigation itself (from its cache or the network) before any route.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setBypassServiceWorker", { bypass: true });
  const every = "**/*";
  await page.route(every, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html>" }));
  try {
    for (const { origin, items } of listed) {
      await page.goto(origin);
      await page.evaluate((pairs) => {
        localStorage.clear();
        for (const { name, value } of pairs) localStorage.setItem(name, value);
      }, items);
    }
  } finally {
    await page.unroute(every);
    await cdp.send("Network.setBypassServiceWorker", { bypass: false });
    await cdp.detach();
  }
  await page.goto("about:blank");
}

function originItems(entry: unknown): OriginItems | null {
  const { origin, localStorage } = (entry ?? {}) as { origin?: unknown; localStorage?: unknown };
  if (typeof origin !== "string" || !/^https?:\/\//.test(origin) || !Array.isArray(localStorage)) return null;
  const items = localStorage.filter(
    (item): item is { name: string; value: string } =>
      typeof item?.name === "string" && typeof (item as { value?: unknown }).value === "string",
  );
  return { origin, items };
}
