import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export const run = promisify(execFile);
export const sdkDir = join(import.meta.dirname, "../..");

/**
 * Rebuilt only when a source is newer than the build: `pnpm test` builds first,
 * and rebuilding (tsup cleans dist/) while other suites import the package would race them.
 */
function buildIsStale(): boolean {
  const built = join(sdkDir, "dist/index.mjs");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = readdirSync(join(sdkDir, "src"), { recursive: true, encoding: "utf8" }).map((f) => join("src", f));
  return [...sources, "package.json", "tsup.config.ts"].some((f) => statSync(join(sdkDir, f)).mtimeMs > builtAt);
}

/** The built package, as an app gets it: `dist/` current with `src/`. */
export async function ensureBuilt(): Promise<void> {
  if (buildIsStale()) await run("pnpm", ["run", "build"], { cwd: sdkDir });
}
