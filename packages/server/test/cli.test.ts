import { type ChildProcess, execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer } from "./support/server-process";

/**
 * The CLI run from the repository root: through `pnpm --silent driftstack` as
 * documented once, then through node directly (what that script runs), which
 * starts faster and receives signals itself.
 */
const root = join(import.meta.dirname, "../../..");
// Each command starts a fresh Node process with a TypeScript loader: seconds each on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const run = promisify(execFile);
const CLI = ["--import", "tsx", "packages/server/src/node/cli.ts"];
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  env = { ...process.env, DRIFTSTACK_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), "driftstack-cli-")), "cli.db")}` };
});

async function driftstack(...args: string[]) {
  const { stdout } = await run("node", [...CLI, ...args], { cwd: root, env });
  return stdout;
}

async function fails(...args: string[]) {
  try {
    await run("node", [...CLI, ...args], { cwd: root, env });
  } catch (err) {
    return err as { code: number; stderr: string };
  }
  throw new Error(`expected driftstack ${args.join(" ")} to fail`);
}

describe("driftstack-server CLI", () => {
  it("pnpm --silent driftstack accounts create --json prints only the account and its admin key", async () => {
    const { stdout } = await run(
      "pnpm",
      ["--silent", "driftstack", "accounts", "create", "--name", "x", "--tier", "solo_manual", "--json"],
      {
        cwd: root,
        env,
      },
    );
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(["account", "api_key"]);
    expect(out.account).toEqual({ id: expect.stringMatching(/^acct_/), name: "x", tier: "solo_manual" });
    expect(out.api_key).toEqual({
      id: expect.stringMatching(/^key_/),
      secret: expect.stringMatching(/^dsk_[0-9A-Za-z]{40}$/),
      scope: "admin",
    });
  });

  it("keys create and members add print their JSON", async () => {
    const owner = JSON.parse(
      await driftstack("accounts", "create", "--name", "owner", "--tier", "team_manual", "--json"),
    );
    const other = JSON.parse(
      await driftstack("accounts", "create", "--name", "other", "--tier", "enterprise", "--profile-cap", "3", "--json"),
    );
    const key = JSON.parse(
      await driftstack("keys", "create", "--account", owner.account.id, "--scope", "read", "--json"),
    );
    expect(key).toEqual({
      api_key: { id: expect.stringMatching(/^key_/), secret: expect.stringMatching(/^dsk_/), scope: "read" },
    });
    const membership = JSON.parse(
      await driftstack(
        "members",
        "add",
        "--account",
        owner.account.id,
        "--member",
        other.account.id,
        "--role",
        "admin",
        "--json",
      ),
    );
    expect(membership).toEqual({
      membership: { account_id: owner.account.id, member_account_id: other.account.id, role: "admin" },
    });
  });

  it.each([
    [["accounts", "create", "--name", "x", "--tier", "platinum", "--json"], /--tier must be one of/],
    [["accounts", "create", "--tier", "solo_manual"], /--name is required/],
    [["accounts", "create", "--name", "x", "--tier", "solo_manual", "--profile-cap", "3"], /enterprise only/],
    [["keys", "create", "--account", "acct_missing", "--scope", "read"], /No account/],
    [["keys", "create", "--account", "acct_missing", "--scope", "write"], /--scope must be read or admin/],
    [["members", "add", "--account", "a", "--member", "a", "--role", "admin"], /itself/],
    [["frobnicate"], /Unknown command/],
    [["accounts", "create", "--nmae", "x"], /Unknown option/],
  ])("rejects %j with a message and exit code 2", async (args, message) => {
    const err = await fails(...args);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(message);
    expect(err.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe("driftstack serve", () => {
  let child: ChildProcess;
  let base: string;

  beforeAll(async () => {
    ({ child, base } = await startServer(env));
  });

  afterAll(() => {
    child.kill("SIGTERM");
  });

  it("answers the routes with keys the CLI made while it runs", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const made = JSON.parse(await driftstack("accounts", "create", "--name", "live", "--tier", "trial_pack", "--json"));
    const headers = { authorization: `Bearer ${made.api_key.secret}`, "content-type": "application/json" };
    const me = await (await fetch(`${base}/v1/account/me`, { headers })).json();
    expect(me).toMatchObject({ id: made.account.id, tier: "trial_pack", profile_cap: 1, profile_count: 0 });
    const created = await fetch(`${base}/v1/profiles`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "p" }),
    });
    expect(created.status).toBe(200);
    const over = await fetch(`${base}/v1/profiles`, { method: "POST", headers, body: JSON.stringify({ name: "q" }) });
    expect(over.status).toBe(429);
    expect((await fetch(`${base}/v1/archetypes`, { headers })).status).toBe(200);
  });

  it("exits cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
