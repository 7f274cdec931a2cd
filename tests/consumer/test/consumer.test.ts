import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PACKAGES, packAll } from "../../../scripts/pack-all";
import { readTarball } from "./tarball";

/**
 * The three packages as an app gets them: packed, installed from the tarballs into an empty
 * npm project outside the repository (third-party dependencies from the registry, through a
 * cache kept between runs), and used there with nothing but npm and Node.
 */
const root = join(import.meta.dirname, "../../..");
const bin = (name: string) => join(import.meta.dirname, "../node_modules/.bin", name);
const run = promisify(execFile);
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const work = mkdtempSync(join(tmpdir(), "driftstack-consumer-"));
const app = join(work, "app");
const npmCache = join(tmpdir(), "driftstack-consumer-npm-cache");
let tarballs: Record<(typeof PACKAGES)[number], string>;

beforeAll(async () => {
  if (PACKAGES.some((name) => !existsSync(join(root, "packages", name, "dist")))) {
    await run("pnpm", ["build"], { cwd: root });
  }
  const packed = packAll(join(work, "packs"));
  tarballs = Object.fromEntries(PACKAGES.map((name, i) => [name, packed[i] as string])) as typeof tarballs;
  cpSync(join(import.meta.dirname, "../fixtures/app"), app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  await run(
    "npm",
    [
      "install",
      ...["--cache", npmCache, "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
      ...packed,
      "msw@~2.15.0",
      "@types/node@^20.19.43",
    ],
    { cwd: app, timeout: 230_000 },
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Runs a program in the app folder with the app's environment; resolves to its stdout.
 * Killed at `timeout`, so a test that times out leaves no process behind.
 */
async function inApp(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeout = 100_000): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd: app, env: { ...process.env, ...env }, timeout });
    return stdout;
  } catch (error) {
    // tsc and friends print their findings on stdout: a failure without them says nothing.
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${(error as Error).message}\n${stdout}${stderr}`.trim());
  }
}

describe("the tarballs", () => {
  it("hold built files, types, README, CHANGELOG and LICENSE; no sources, tests, tsconfig or workspace ranges", () => {
    for (const name of PACKAGES) {
      const { files, manifest } = readTarball(tarballs[name]);
      const strays = files.filter(
        (f) => !/^(dist\/|launcher\/)/.test(f) && !["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(f),
      );
      expect(strays, name).toEqual([]);
      expect(files, name).toEqual(expect.arrayContaining(["README.md", "CHANGELOG.md", "LICENSE"]));
      expect(
        files.filter((f) => /\.test\.|tsconfig|\.ts$/.test(f) && !f.endsWith(".d.ts")),
        name,
      ).toEqual([]);
      expect(JSON.stringify(manifest), name).not.toContain("workspace:");
      for (const target of manifest.targets) expect(files, `${name}: ${target}`).toContain(target);
    }
    expect(readTarball(tarballs.server).files).toContain("launcher/webkitgtk-launcher.py");
    // The reference page's renderer ships in the package; its 300-package source stays a devDependency.
    expect(readTarball(tarballs.server).files).toContain("dist/docs/scalar.js");
    expect(JSON.stringify(readTarball(tarballs.server).manifest.dependencies)).not.toContain("@scalar/api-reference");
  });

  it.concurrent.each(PACKAGES)("%s passes publint and @arethetypeswrong/cli", async (name) => {
    const { stdout } = await run(bin("publint"), [tarballs[name]], { timeout: 100_000 });
    expect(stdout).toContain("All good!");
    // The server and the mock are ESM only (Node 20 loads them with `import`), so attw skips require() there.
    const profile = name === "sdk" ? [] : ["--profile", "esm-only"];
    await run(bin("attw"), [tarballs[name], ...profile, "--format", "ascii"], { timeout: 100_000 });
  });
});

describe("the installed server", () => {
  const env = () => ({ DRIFTSTACK_DB_URL: `file:${join(work, "db", "driftstack.db")}` });
  let server: ChildProcess | undefined;
  let baseUrl = "";
  let apiKey = "";

  afterAll(async () => {
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server?.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
  });

  it("npx driftstack-server accounts create makes an account", async () => {
    const out = JSON.parse(
      await inApp(
        "npx",
        ["--no", "driftstack-server", "accounts", "create", "--name", "x", "--tier", "solo_manual", "--json"],
        env(),
      ),
    );
    expect(out.account).toMatchObject({ name: "x", tier: "solo_manual" });
    apiKey = out.api_key.secret;
  });

  it("serves: health, then a real request with the key", async () => {
    // The bin itself (one process, so the signal reaches the server); npx runs the same file.
    server = spawn(join(app, "node_modules/.bin/driftstack-server"), ["serve", "--port", "0"], {
      cwd: app,
      env: { ...process.env, ...env() },
      stdio: ["ignore", "pipe", "inherit"],
    });
    baseUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      server?.stdout?.on("data", (chunk: Buffer) => {
        out += chunk;
        const listening = /listening on (http:\/\/\S+) \(.*browser (.+)\)/.exec(out);
        if (listening) resolve(listening[1] as string);
      });
      server?.once("exit", (code) => reject(new Error(`driftstack-server serve exited with ${code}: ${out}`)));
    });
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const list = await fetch(`${baseUrl}/v1/profiles`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ data: [], has_more: false });
    // /docs works from the installed package: the page, and the renderer it loads from this server.
    expect((await fetch(`${baseUrl}/docs`)).status).toBe(200);
    const script = await fetch(`${baseUrl}/docs/scalar.js`);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  it("the SDK from ESM: creates to the cap, TierLimitError beyond it, for await over the list", async () => {
    const out = JSON.parse(
      await inApp("node", ["sdk-esm.mjs"], { DRIFTSTACK_API_KEY: apiKey, DRIFTSTACK_BASE_URL: baseUrl }),
    );
    expect(out).toEqual({ tierLimit: true, limit: 5, names: ["esm-1", "esm-2", "esm-3", "esm-4", "esm-5"] });
  });

  it("the SDK from CommonJS against the same server", async () => {
    const out = JSON.parse(
      await inApp("node", ["sdk-cjs.cjs"], { DRIFTSTACK_API_KEY: apiKey, DRIFTSTACK_BASE_URL: baseUrl }),
    );
    expect(out).toEqual({ tierLimit: true, count: 5 });
  });

  it("packageRoot() is the installed package's folder, with the WebKitGTK launcher in it", async () => {
    const code = 'import("@driftstack/server/node").then((m) => console.log(m.packageRoot()))';
    const root = (await inApp("node", ["-e", code])).trim();
    expect(root).toBe(realpathSync(join(app, "node_modules/@driftstack/server")));
    expect(existsSync(join(root, "launcher/webkitgtk-launcher.py"))).toBe(true);
  });
});

describe("the installed mock", () => {
  it("answers the SDK offline through msw/node in a plain node ESM program", async () => {
    expect(JSON.parse(await inApp("node", ["mock.mjs"]))).toEqual({ names: ["offline"], tierLimit: true });
  });

  it("runs under vitest", async () => {
    const vitest = join(root, "node_modules/vitest/vitest.mjs");
    const out = await inApp("node", [vitest, "run", "--root", app, "--globals", "mock.test.mjs"]);
    expect(out).toMatch(/1 passed/);
  });
});

describe("an app's type check (strict, skipLibCheck: false) over all three packages' public types", () => {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  // Each checks every declaration file involved (msw, @types/node, hono, zod, the DOM lib): about 30 s of
  // CPU, so they run side by side, with room for a machine busy with other tests.
  it.concurrent.each(["node16", "bundler"])(
    "moduleResolution %s",
    async (resolution) => {
      await inApp("node", [tsc, "-p", `tsconfig.${resolution}.json`], {}, 290_000);
    },
    300_000,
  );
});
