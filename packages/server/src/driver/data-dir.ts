import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Exclude, packDirectory, unpackDirectory } from "./native-archive";
import { killProcessesNaming, runDir } from "./run-dir";
import { type NativeState, restoredFrom, type StateRestored, type StoredState } from "./types";

/**
 * A session's engine data directory: a fresh directory in this process's
 * run directory (run-dir.ts), filled from
 * the profile's native layer when it is of this engine, archived back when the
 * session saves, removed when the session's browser is gone.
 */
export class DataDir {
  readonly path: string;
  #restored: StateRestored;

  constructor(
    readonly engine: string,
    private readonly exclude: Exclude,
    state: StoredState | null,
    native: NativeState | null | undefined,
  ) {
    this.#restored = restoredFrom(engine, state, native);
    this.path = mkdtempSync(join(runDir(), "data-"));
    try {
      if (this.#restored === "full" && native) unpackDirectory(native.data, this.path);
    } catch (error) {
      this.remove();
      throw error;
    }
  }

  /** What the session on this directory started from. */
  get restored(): StateRestored {
    return this.#restored;
  }

  /**
   * An empty directory launched ahead (the warm pool) taken by a session: it
   * starts from that session's portable state, or from nothing.
   */
  adopt(state: StoredState | null): void {
    if (this.#restored !== "none") throw new Error("only an empty data directory can be adopted");
    this.#restored = state ? "portable" : "none";
  }

  /** The directory as a native layer; call once the engine has written it down (its browser closed). */
  archive(): NativeState {
    return { engine: this.engine, data: packDirectory(this.path, this.exclude) };
  }

  /**
   * Removes the directory, best effort: a browser that has just been killed
   * can still be writing in it (ENOTEMPTY), so removal is retried, and what is
   * left then goes with the run directory when the process exits.
   */
  remove(): void {
    try {
      rmSync(this.path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch (error) {
      console.error(`driftstack: ${this.path} is left until exit: ${(error as Error).message}`);
    }
  }

  /** Kills (SIGKILL) every process started with this directory on its command line: a crash, for tests. */
  killProcesses(): void {
    killProcessesNaming(this.path);
  }
}

/**
 * What Chromium's user data directory keeps out of the archive: the HTTP and
 * code caches (large, and rebuilt from the network), GPU shader caches, crash
 * reports, and the singleton lock links. Service workers, Cache Storage,
 * cookies, storage, IndexedDB, permissions and preferences stay.
 */
const CHROMIUM_EXCLUDED = new Set([
  "Cache",
  "Code Cache",
  "GPUCache",
  "DawnGraphiteCache",
  "DawnWebGPUCache",
  "GrShaderCache",
  "GraphiteDagCache",
  "ShaderCache",
  "Crashpad",
  "component_crx_cache",
  "BrowserMetrics",
]);

export const chromiumExclude: Exclude = (path) => {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return CHROMIUM_EXCLUDED.has(name) || name.startsWith("Singleton") || name.startsWith("BrowserMetrics");
};
