import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // Explicit extensions: each file's module kind is then clear to every resolver, whatever `type` says.
  outExtension: ({ format }) => ({ js: format === "esm" ? ".mjs" : ".cjs" }),
  dts: { compilerOptions: { types: [] } },
  // openapi-fetch ships ESM and CJS that differ in their default export; bundling it avoids the
  // `import_openapi_fetch.default is not a function` trap under require() and makes the package self-contained.
  noExternal: ["openapi-fetch"],
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  treeshake: true,
});
