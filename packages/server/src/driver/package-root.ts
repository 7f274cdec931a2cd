import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "@driftstack/server";

/**
 * The root folder of the installed `@driftstack/server` package, where its non-JS assets
 * (`launcher/`) live. Found by walking up from this module's file to the nearest
 * `package.json` named `@driftstack/server`, because the module sits at different depths:
 * `src/driver/` when run from source, a `dist/` chunk once bundled.
 */
export function packageRoot(from: string = import.meta.url): string {
  const start = dirname(from.startsWith("file:") ? fileURLToPath(from) : from);
  for (let dir = start; ; dir = dirname(dir)) {
    if (isServerPackage(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`No ${PACKAGE_NAME} package.json above ${start}.`);
}

function isServerPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    // A broken package.json on the way up belongs to someone else: keep looking.
    return false;
  }
}
