import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, run, sdkDir } from "./support/built";
import { listen, setup } from "./support/server";

const fixtures = join(sdkDir, "test/fixtures/runtime");
const bin = (name: string) => join(sdkDir, "node_modules/.bin", name);
const CHROMIUM = process.env.DRIFTSTACK_BROWSER_EXECUTABLE ?? "/usr/bin/chromium";
const requireBrowser = process.env.DRIFTSTACK_REQUIRE_BROWSER === "1";
const { version } = JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")) as { version: string };

/** What `exercise.mjs` must print in every runtime: three creates, two pages, then the cap. */
const expected = {
  version,
  made: ["one", "two", "three"],
  listed: ["one", "three", "two"],
  pages: 2,
  tierLimit: true,
  limit: 3,
  requestId: true,
};

/** A runtime that cannot start on this machine is reported, not failed: CI still runs the rest of the matrix. */
async function unavailable(command: string, args: string[]): Promise<string | undefined> {
  try {
    await run(command, args, { timeout: 30_000 });
    return undefined;
  } catch (error) {
    return `${command} ${args.join(" ")} failed: ${(error as Error).message.split("\n")[0]}`;
  }
}

/** The SDK's ESM build bundled for a web page, as an app's bundler would make it. */
async function browserBundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(sdkDir, "dist/index.mjs")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

/**
 * The built SDK in every runtime the README names, each against the real
 * server over HTTP with a fresh account: Node (ESM and CJS), Bun, Deno (both
 * installed from npm as packages) and Chromium loading a browser bundle from
 * a page that the same server serves.
 */
describe("runtime matrix", () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let t: Awaited<ReturnType<typeof setup>>;
  let bundle: string;

  beforeAll(async () => {
    await ensureBuilt();
    bundle = await browserBundle();
    t = await setup();
    const files: Record<string, [string, string]> = {
      "/runtime/page.html": [readFileSync(join(fixtures, "page.html"), "utf8"), "text/html"],
      "/runtime/exercise.mjs": [readFileSync(join(fixtures, "exercise.mjs"), "utf8"), "text/javascript"],
      "/runtime/sdk.browser.mjs": [bundle, "text/javascript"],
    };
    server = await listen({
      fetch: (request) => {
        const file = files[new URL(request.url).pathname];
        if (!file) return t.app.fetch(request);
        return new Response(file[0], { headers: { "content-type": `${file[1]}; charset=utf-8` } });
      },
    });
  }, 120_000);
  afterAll(() => server?.close());

  /** Runs `command` with a fresh capped account in its environment and parses what it prints. */
  async function runProgram(command: string, args: string[]) {
    const account = await t.account("enterprise", 3);
    const env = { ...process.env, DRIFTSTACK_API_KEY: account.key, DRIFTSTACK_BASE_URL: server.baseUrl };
    const { stdout } = await run(command, args, { cwd: fixtures, env, timeout: 60_000 });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
  }

  it("Node 20, ESM", async () => {
    expect(await runProgram(process.execPath, ["node.mjs"])).toEqual(expected);
  }, 60_000);

  it("Node 20, CommonJS (require by package name)", async () => {
    expect(await runProgram(process.execPath, ["node.cjs"])).toEqual(expected);
  }, 60_000);

  it("Bun", async (context) => {
    const why = await unavailable(bin("bun"), ["--version"]);
    if (why) {
      console.warn(`skipped Bun: ${why}`);
      return context.skip(why);
    }
    expect(await runProgram(bin("bun"), ["run", "node.mjs"])).toEqual(expected);
  }, 60_000);

  it("Deno", async (context) => {
    const why = await unavailable(bin("deno"), ["--version"]);
    if (why) {
      console.warn(`skipped Deno: ${why}`);
      return context.skip(why);
    }
    const args = ["run", "--no-prompt", "--allow-net", "--allow-env", "--allow-read", "node.mjs"];
    expect(await runProgram(bin("deno"), args)).toEqual({ ...expected });
  }, 90_000);

  it("the browser bundle imports nothing from node:", () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    expect(bundle).not.toMatch(/["']node:/);
  });

  it("Chromium, from a page the server serves", async (context) => {
    const why = await unavailable(CHROMIUM, ["--version"]);
    if (why && !requireBrowser) {
      console.warn(`skipped Chromium (DRIFTSTACK_REQUIRE_BROWSER=1 makes this a failure): ${why}`);
      return context.skip(why);
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    });
    try {
      const account = await t.account("enterprise", 3);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${server.baseUrl}/runtime/page.html?key=${encodeURIComponent(account.key)}`);
      await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, undefined, {
        timeout: 30_000,
      });
      const result = await page.evaluate(() => (window as { result?: unknown }).result);
      expect(errors).toEqual([]);
      expect(result).toEqual(expected);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
