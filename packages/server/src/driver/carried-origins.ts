import type { BrowserContext, Page } from "playwright-core";
import type { StorageState } from "./state";

/**
 * The origins a full restore carries in its data directory that Playwright
 * does not know of. Playwright's `storageState` exports only the origins the
 * context has shown (or that `setStorageState` gave it), and over a full
 * restore the portable layer's storage is not replayed (the directory holds
 * it), so a session that never shows one of those origins would save a
 * portable layer without it: the summary, the export and the other engine
 * would lose it while the directory still had it. An origin the context
 * shows is Playwright's to export from then on (storage it cleared stays
 * cleared); one it never shows cannot have changed, and its entry from the
 * restored portable layer is kept as it was.
 */
export class CarriedOrigins {
  readonly #unshown: Map<string, unknown>;

  constructor(context: BrowserContext, restored: StorageState["origins"]) {
    this.#unshown = new Map();
    for (const entry of restored) {
      const origin = (entry as { origin?: unknown } | null)?.origin;
      if (typeof origin === "string") this.#unshown.set(origin, entry);
    }
    // Any frame's new document counts, as it does for Playwright's own list of visited origins.
    const watch = (page: Page) =>
      page.on("framenavigated", (frame) => {
        const origin = originOf(frame.url());
        if (origin) this.#unshown.delete(origin);
      });
    for (const page of context.pages()) watch(page);
    context.on("page", watch);
  }

  /** `state` (an export of this context) with the carried origins it never showed. */
  addTo(state: StorageState): StorageState {
    const exported = new Set(state.origins.map((entry) => (entry as { origin?: unknown } | null)?.origin));
    const kept = [...this.#unshown].filter(([origin]) => !exported.has(origin)).map(([, entry]) => entry);
    return kept.length === 0 ? state : { ...state, origins: [...state.origins, ...kept] };
  }
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
