import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, run, sdkDir } from "./support/built";
import { listen, setup } from "./support/server";

/**
 * The built package as an app gets it: `require()` and `import` by name
 * (Node resolves the package's own name through its `exports`), against the
 * real server over HTTP, in a separate Node process.
 */
describe("the built package", () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await ensureBuilt();
    const t = await setup();
    server = await listen(t.app);
    const account = await t.account("trial_pack");
    env = { ...process.env, DRIFTSTACK_API_KEY: account.key, DRIFTSTACK_BASE_URL: server.baseUrl };
  }, 60_000);
  afterAll(() => server?.close());

  /** Exercised identically through both module systems; prints what it saw as JSON. */
  const program = (name: string) => `
    const ds = new sdk.Driftstack();
    const made = await ds.profiles.create({ name: ${JSON.stringify(name)} }).catch((e) => e);
    const names = [];
    for await (const p of ds.profiles.list({ limit: 1 })) names.push(p.name);
    const missing = await ds.profiles.get("prof_missing").catch((e) => e);
    console.log(JSON.stringify({
      made: made.name ?? made.constructor.name,
      limit: made.limit,
      names,
      missing: missing.constructor.name,
      isDriftstackError: missing instanceof sdk.DriftstackError && missing instanceof sdk.APIError,
      status: missing.status,
    }));`;

  it("require() gives a working client and error classes", async () => {
    const code = `const sdk = require("@driftstack/sdk"); (async () => { ${program("from-cjs")} })();`;
    const { stdout } = await run("node", ["-e", code], { cwd: sdkDir, env });
    expect(JSON.parse(stdout)).toEqual({
      made: "from-cjs",
      names: ["from-cjs"],
      missing: "NotFoundError",
      isDriftstackError: true,
      status: 404,
    });
  });

  it("import gives the same, and the trial cap answers TierLimitError", async () => {
    const code = `import * as sdk from "@driftstack/sdk"; ${program("from-esm")}`;
    const { stdout } = await run("node", ["--input-type=module", "-e", code], { cwd: sdkDir, env });
    expect(JSON.parse(stdout)).toEqual({
      made: "TierLimitError",
      limit: 1,
      names: ["from-cjs"],
      missing: "NotFoundError",
      isDriftstackError: true,
      status: 404,
    });
  });

  it("the published types compile for ESM and CommonJS consumers (Node16 resolution)", async () => {
    await run("npx", ["tsc", "-p", "test/fixtures/tsconfig.json"], { cwd: sdkDir });
  }, 60_000);

  it("ships only dist and package metadata", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json"], { cwd: sdkDir });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    expect(files.filter((f) => !f.startsWith("dist/")).sort()).toEqual([
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "package.json",
    ]);
    expect(files).toEqual(
      expect.arrayContaining(["dist/index.mjs", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.mts"]),
    );
  });
});
