import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", browser: "src/browser.ts" },
  // ESM only, like the server it runs and msw's own browser entry.
  format: ["esm"],
  // Its public types are its own (see src/public-types.ts): the `.d.ts` names msw, never the server.
  dts: { compilerOptions: { types: [] } },
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
});
