import type { BrowserContext, Page, Route } from "playwright-core";
import type { StorageState } from "./state";
import { RESTORE_STORAGE } from "./storage-script";

/** What a blank document at a state's origin is served as, so its storage can be written (WebKitGTK's `load_html` twin). */
const BLANK = { status: 200, contentType: "text/html", body: "<html></html>" };

/** RESTORE_STORAGE is an Execute Script body (`arguments[0]`: one origin's entry as JSON text); Playwright evaluates a function's source. */
const restoreOrigin = new Function(RESTORE_STORAGE) as (entry: string) => Promise<void>;

const serveBlank = (route: Route) => route.fulfill(BLANK);

/**
 * Puts a portable state into a Chromium context that nothing has used yet (a
 * warm browser just taken from the pool), on the context's own page, giving
 * what `newContext({ storageState })` gives a new context: the cookies, and
 * each origin's localStorage and IndexedDB written by a script on a blank
 * document served at that origin (no request leaves the browser), the origin
 * then counted as visited, so the session's export reads it back. The page
 * then goes back to `about:blank` with its history cleared, as a new page is.
 *
 * Faster than `setStorageState`, which first clears the cache and cookies (a
 * new context has neither) and does its work in a page of its own, opened and
 * closed for it.
 */
export async function applyToFreshContext(context: BrowserContext, page: Page, state: StorageState): Promise<void> {
  if (state.cookies.length > 0) {
    await context.addCookies(state.cookies as Parameters<BrowserContext["addCookies"]>[0]);
  }
  const origins = state.origins as Array<{ origin: string }>;
  if (origins.length === 0) return;
  await page.route("**/*", serveBlank);
  try {
    for (const entry of origins) {
      await page.goto(entry.origin, { waitUntil: "commit" });
      await page.evaluate(restoreOrigin, JSON.stringify(entry));
    }
  } finally {
    await page.unroute("**/*", serveBlank);
  }
  await page.goto("about:blank");
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send("Page.resetNavigationHistory");
  } finally {
    await cdp.detach().catch(() => {});
  }
}
