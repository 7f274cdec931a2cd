import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot } from "../driver/package-root";

/** Where the build puts Scalar's browser bundle inside the package (tsup.config.ts copies it). */
export const SHIPPED_SCRIPT = join("dist", "docs", "scalar.js");
const DEV_DEPENDENCY_SCRIPT = "@scalar/api-reference/browser/standalone.js";

/**
 * The file of the reference page's renderer. `@scalar/api-reference` is a
 * devDependency (some 300 packages for one script), so an installed server
 * serves the copy shipped in its package; run from source before any build,
 * the script comes from the devDependency itself.
 */
export function docsScriptPath(root: string = packageRoot()): string {
  const shipped = join(root, SHIPPED_SCRIPT);
  if (existsSync(shipped)) return shipped;
  try {
    return createRequire(join(root, "package.json")).resolve(DEV_DEPENDENCY_SCRIPT);
  } catch {
    throw new Error(`The API reference script is missing: neither ${shipped} nor ${DEV_DEPENDENCY_SCRIPT} exists.`);
  }
}
