import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { defineConfig } from "tsup";
import { SHIPPED_SCRIPT } from "./src/node/docs-script";

export default defineConfig({
  // The library (platform-neutral, what the mock runs in a browser too), its Node edge, and the CLI behind the bin.
  entry: { index: "src/index.ts", "node/index": "src/node/index.ts", "node/cli": "src/node/cli.ts" },
  // ESM only: every dependency ships ESM, and the CLI and `packageRoot()` rely on `import.meta.url`.
  format: ["esm"],
  dts: {
    entry: { index: "src/index.ts", "node/index": "src/node/index.ts" },
    // Members marked `@internal` (the ones that hand out drizzle's types) are left out, so an app's
    // type check with `skipLibCheck: false` never reaches drizzle-orm's declarations.
    compilerOptions: { types: ["node"], stripInternal: true },
  },
  target: "es2022",
  platform: "node",
  sourcemap: true,
  clean: true,
  // Shared code goes to chunks, so `index` and `node/index` hand out the same classes (one `ProblemError`).
  splitting: true,
  // The reference page's renderer ships inside the package, so `@scalar/api-reference` (and its some
  // 300 dependencies) stays a devDependency: src/node/docs-script.ts finds the copy at runtime.
  async onSuccess() {
    const from = createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js");
    await mkdir(dirname(SHIPPED_SCRIPT), { recursive: true });
    await copyFile(from, SHIPPED_SCRIPT);
  },
});
