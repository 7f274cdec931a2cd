import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabaseUrl } from "../../src/node/database";
import { createAccount } from "../../src/operator";
import type { Session } from "../support/sessions";

/**
 * Real server processes on one database file (with the fake browser, which
 * is enough for the queue): writers serialise across them, a killed server's
 * sessions fail, SIGTERM persists.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const root = join(import.meta.dirname, "../../../..");
const dbUrl = `file:${join(mkdtempSync(join(tmpdir(), "driftstack-procs-")), "shared.db")}`;
const children = new Set<ChildProcess>();
let key: string;

async function startServer(): Promise<{ base: string; child: ChildProcess }> {
  const port = 20000 + Math.floor(Math.random() * 30000);
  const child = spawn("node", ["--import", "tsx", "packages/server/src/node/cli.ts", "serve", "--port", String(port)], {
    cwd: root,
    env: { ...process.env, DRIFTSTACK_DB_URL: dbUrl, DRIFTSTACK_BROWSER: "fake" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      if (out.includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function until(base: string, id: string, status: Session["status"]): Promise<Session> {
  for (let i = 0; i < 200; i++) {
    const s = await api<Session>(base, "GET", `/v1/sessions/${id}`);
    if (s.status === status) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`session ${id} never became ${status}`);
}

beforeAll(async () => {
  const db = await openDatabaseUrl(dbUrl);
  key = (await createAccount(db, { name: "procs", tier: "api_builder", profileCap: null })).apiKey.secret;
  db.close();
});

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

describe("two server processes on one database", () => {
  it("serialise writers: a writer queued on one starts when the other's ends", async () => {
    const a = await startServer();
    const b = await startServer();
    const profile = await api<{ id: string }>(a.base, "POST", "/v1/profiles", { name: "shared" });
    const first = await api<Session>(a.base, "POST", "/v1/sessions", { profile_id: profile.id });
    const second = await api<Session>(b.base, "POST", "/v1/sessions", { profile_id: profile.id });
    expect(first.status).toBe("active");
    expect(second.status).toBe("queued");
    await api(a.base, "POST", `/v1/sessions/${first.id}/cookies`, {
      cookies: [{ name: "from-a", value: "1", url: "https://example.org/" }],
    });
    await api(a.base, "DELETE", `/v1/sessions/${first.id}`);
    await until(b.base, second.id, "active");
    const cookies = await api<{ data: { name: string }[] }>(b.base, "GET", `/v1/sessions/${second.id}/cookies`);
    expect(cookies.data.map((c) => c.name)).toEqual(["from-a"]);
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
  });

  it("fail a killed server's sessions, at once when it restarts on the same host", async () => {
    const a = await startServer();
    const profile = await api<{ id: string }>(a.base, "POST", "/v1/profiles", { name: "crashy" });
    const orphan = await api<Session>(a.base, "POST", "/v1/sessions", { profile_id: profile.id });
    a.child.kill("SIGKILL");
    const again = await startServer();
    const seen = await api<Session>(again.base, "GET", `/v1/sessions/${orphan.id}`);
    expect(seen).toMatchObject({ status: "failed", end_reason: "server_lost" });
    const next = await api<Session>(again.base, "POST", "/v1/sessions", { profile_id: profile.id });
    expect(next.status).toBe("active");
    again.child.kill("SIGTERM");
  });

  it("persist and close active sessions on SIGTERM before exiting", async () => {
    const a = await startServer();
    const profile = await api<{ id: string; state_bytes: number | null }>(a.base, "POST", "/v1/profiles", {
      name: "graceful",
    });
    const s = await api<Session>(a.base, "POST", "/v1/sessions", { profile_id: profile.id });
    await api(a.base, "POST", `/v1/sessions/${s.id}/cookies`, {
      cookies: [{ name: "kept", value: "1", url: "https://example.org/" }],
    });
    const exited = new Promise<number | null>((resolve) => a.child.once("exit", resolve));
    a.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const b = await startServer();
    expect(await api<Session>(b.base, "GET", `/v1/sessions/${s.id}`)).toMatchObject({
      status: "closed",
      end_reason: "server_shutdown",
    });
    const after = await api<{ state_bytes: number | null }>(b.base, "GET", `/v1/profiles/${profile.id}`);
    expect(after.state_bytes).toBeGreaterThan(0);
    b.child.kill("SIGTERM");
  });
});
