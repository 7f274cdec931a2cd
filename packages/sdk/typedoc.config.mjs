// `pnpm --filter @driftstack/sdk docs`: the API reference of the SDK's public surface, from its doc comments.
// Warnings are errors, so `pnpm lint` (which runs this) fails on a broken link or an unexported public type.
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints: ["src/index.ts"],
  tsconfig: "tsconfig.src.json",
  out: "docs",
  name: "@driftstack/sdk",
  readme: "README.md",
  // No "defined in" links: they need a public git remote, and a clone (CI's too) may have none.
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  treatWarningsAsErrors: true,
  // openapi-typescript writes the spec's descriptions as @description: part of the generated reference.
  blockTags: [...OptionDefaults.blockTags, "@description"],
  validation: { notExported: true, invalidLink: true, notDocumented: false },
};
