import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { COMMAND_HELP, infoAnswer } from "../../src/node/cli-help";
import { killServers, type ServerProcess, startServer } from "../support/server-process";

/**
 * The operator commands against one running server on one database file,
 * shared by the whole file: every command is a fresh `node --import tsx`
 * process (seconds each, a minute on a busy 2-core machine), so independent
 * commands run side by side, `--help` texts are checked in process, and the
 * timeouts are generous.
 */
const root = join(import.meta.dirname, "../../../..");
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
const run = promisify(execFile);
const CLI = ["--import", "tsx", "packages/server/src/node/cli.ts"];
let env: NodeJS.ProcessEnv;
let server: ServerProcess;
let made: { account: { id: string }; api_key: { id: string; secret: string } };

async function driftstack(...args: string[]): Promise<string> {
  return (await run("node", [...CLI, ...args], { cwd: root, env })).stdout;
}

/** Runs a command expected to fail; resolves with its exit code and stderr. */
async function refused(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  const failed = await run("node", [...CLI, ...args], { cwd: root, env: { ...env, ...extraEnv } }).then(
    () => undefined,
    (e: { code: number; stderr: string }) => e,
  );
  if (!failed) throw new Error(`driftstack ${args.join(" ")} succeeded`);
  return failed;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "driftstack-ops-"));
  env = { ...process.env, DRIFTSTACK_DB_URL: `file:${join(dir, "ops.db")}`, DRIFTSTACK_BROWSER: "none" };
  // The server migrates the file first; the CLI then shares it.
  server = await startServer(env);
  made = JSON.parse(await driftstack("accounts", "create", "--name", "ops", "--tier", "solo_manual", "--json"));
});

afterAll(killServers);

describe("operator CLI", () => {
  it("keys revoke cuts a key off at once, though the server has it cached", async () => {
    const headers = { authorization: `Bearer ${made.api_key.secret}` };
    // Twice: the second answer comes from the server's key cache.
    expect((await fetch(`${server.base}/v1/account/me`, { headers })).status).toBe(200);
    expect((await fetch(`${server.base}/v1/account/me`, { headers })).status).toBe(200);
    const revoked = JSON.parse(await driftstack("keys", "revoke", "--key", made.api_key.id, "--json"));
    expect(revoked.api_key).toMatchObject({ id: made.api_key.id, revoked_at: expect.stringMatching(/Z$/) });
    const after = await fetch(`${server.base}/v1/account/me`, { headers });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toBe("application/problem+json");
  });

  it("keys list shows ids, scopes and times, never secrets; accounts list shows the account", async () => {
    const [keysOut, keysText, accountsOut] = await Promise.all([
      driftstack("keys", "list", "--account", made.account.id, "--json"),
      driftstack("keys", "list", "--account", made.account.id),
      driftstack("accounts", "list", "--json"),
    ]);
    expect(JSON.parse(keysOut).data).toEqual([
      {
        id: made.api_key.id,
        account_id: made.account.id,
        scope: "admin",
        created_at: expect.stringMatching(/Z$/),
        last_used_at: expect.toBeOneOf([null, expect.stringMatching(/Z$/)]),
        revoked_at: expect.toBeOneOf([null, expect.stringMatching(/Z$/)]),
      },
    ]);
    expect(keysText).toMatch(
      new RegExp(`^id\\s+scope\\s+created_at\\s+last_used_at\\s+revoked_at\\n${made.api_key.id}\\s+admin`),
    );
    for (const out of [keysOut, keysText, accountsOut]) {
      expect(out).not.toContain(made.api_key.secret);
      expect(out).not.toMatch(/dsk_[A-Za-z0-9]{40}/);
    }
    expect(JSON.parse(accountsOut).data).toContainEqual({
      id: made.account.id,
      name: "ops",
      tier: "solo_manual",
      profile_cap: null,
      created_at: expect.stringMatching(/Z$/),
    });
  });

  it("--version, and --help on every command", async () => {
    // The bin prints what infoAnswer gives; one process shows the wiring, the rest is checked in process.
    const [version, revokeHelp] = await Promise.all([driftstack("--version"), driftstack("keys", "revoke", "--help")]);
    expect(version).toMatch(/^driftstack-server \d+\.\d+\.\d+\n$/);
    expect(version).toBe(`${infoAnswer("", { version: true })}\n`);
    expect(JSON.parse(infoAnswer("", { version: true, json: true }) ?? "")).toEqual({
      version: version.trim().split(" ")[1],
    });
    expect(revokeHelp).toBe(`${infoAnswer("keys revoke", { help: true })}\n`);
    const commands = [
      "serve",
      "accounts create",
      "accounts list",
      "keys create",
      "keys list",
      "keys revoke",
      "members add",
    ];
    expect(Object.keys(COMMAND_HELP).sort()).toEqual([...commands].sort());
    for (const command of commands) {
      expect(infoAnswer(command, { help: true })).toMatch(
        new RegExp(`^Usage: driftstack-server ${command} .*\\n  \\S`),
      );
    }
    expect(infoAnswer("", {})).toMatch(/^Usage: driftstack-server <command>/);
    expect(infoAnswer("keys revoke", {})).toBeUndefined();
  });

  it("refuses an unknown key id, a missing --key and an unknown account with exit code 2 and one line", async () => {
    const answers = await Promise.all([
      refused(["keys", "revoke", "--key", "key_missing"]),
      refused(["keys", "revoke"]),
      refused(["keys", "list", "--account", "acct_x"]),
    ]);
    for (const [i, pattern] of [/No API key/, /--key is required/, /No account/].entries()) {
      expect(answers[i]?.code).toBe(2);
      expect(answers[i]?.stderr).toMatch(pattern);
      expect(answers[i]?.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("serve on a busy port exits non-zero with one line naming the port and PORT", async () => {
    const port = new URL(server.base).port;
    const err = await refused(["serve"], { PORT: port });
    expect(err.code).not.toBe(0);
    expect(err.stderr.trim().split("\n")).toEqual([
      `driftstack-server: port ${port} on 127.0.0.1 is already in use; set PORT (or --port) to a free port.`,
    ]);
  });
});
