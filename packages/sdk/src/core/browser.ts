import { DriftstackError } from "./errors";

/** A web page: both globals exist. Web workers, Deno and Bun lack `document`; jsdom-style test setups have both. */
export function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown };
  return typeof scope.window !== "undefined" && typeof scope.document !== "undefined";
}

/** A bearer key in a page is readable by everyone who loads it: refuse unless the caller opts in knowingly. */
export function assertNotBrowser(): void {
  if (!isBrowser()) return;
  throw new DriftstackError(
    "The Driftstack client is running in a browser, where its API key would be visible to everyone who loads the page. " +
      "Call the API from your server instead, or pass `dangerouslyAllowBrowser: true` if you understand the risk " +
      "(for example a local tool, or a key meant to be public).",
  );
}
