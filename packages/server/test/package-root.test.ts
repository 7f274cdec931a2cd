import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../src/driver/package-root";

const serverDir = join(import.meta.dirname, "..");

describe("packageRoot()", () => {
  it("is packages/server when run from source", () => {
    expect(packageRoot()).toBe(serverDir);
  });

  it("is packages/server from the built bundle, one folder deeper (dist/node)", async () => {
    const built = join(serverDir, "dist/node/index.js");
    if (!existsSync(built)) throw new Error("packages/server is not built: run `pnpm build` first.");
    const { packageRoot: fromDist } = (await import(pathToFileURL(built).href)) as { packageRoot: () => string };
    expect(fromDist()).toBe(serverDir);
  });

  it("skips package.json files of other packages and broken ones on the way up", () => {
    const root = mkdtempSync(join(tmpdir(), "driftstack-root-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "@driftstack/server" }));
    const vendored = join(root, "node_modules/other");
    mkdirSync(join(vendored, "lib"), { recursive: true });
    writeFileSync(join(vendored, "package.json"), JSON.stringify({ name: "other" }));
    writeFileSync(join(vendored, "lib/package.json"), "{ not json");
    expect(packageRoot(pathToFileURL(join(vendored, "lib/chunk.js")).href)).toBe(root);
    expect(packageRoot(join(vendored, "lib/chunk.js"))).toBe(root);
  });

  it("says so when no @driftstack/server package is above the file", () => {
    const lonely = mkdtempSync(join(tmpdir(), "driftstack-lonely-"));
    expect(() => packageRoot(join(lonely, "x.js"))).toThrow(/No @driftstack\/server package\.json above/);
  });
});
