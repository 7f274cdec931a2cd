import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabaseUrl } from "../../src/node/database";
import { createAccount } from "../../src/operator";
import {
  api as callApi,
  killServers,
  startServer as startServerWith,
  until as untilStatus,
} from "../support/server-process";
import type { Session } from "../support/sessions";

/**
 * Real server processes on one database file (with the fake browser, which
 * is enough for the queue): writers serialise across them, a killed server's
 * sessions fail, SIGTERM persists.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const dbUrl = `file:${join(mkdtempSync(join(tmpdir(), "driftstack-procs-")), "shared.db")}`;
let key: string;
const startServer = () => startServerWith({ DRIFTSTACK_DB_URL: dbUrl, DRIFTSTACK_BROWSER: "fake" });
const api = <T>(base: string, method: string, path: string, body?: unknown) =>
  callApi<T>(key, base, method, path, body);
const until = (base: string, id: string, status: Session["status"]) => untilStatus(key, base, id, status);

beforeAll(async () => {
  const db = await openDatabaseUrl(dbUrl);
  key = (await createAccount(db, { name: "procs", tier: "api_builder", profileCap: null })).apiKey.secret;
  db.close();
});

afterAll(killServers);

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
    a.child.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    const b = await startServer();
    expect(await api<Session>(b.base, "GET", `/v1/sessions/${s.id}`)).toMatchObject({
      status: "closed",
      end_reason: "server_shutdown",
    });
    const next = await api<Session>(b.base, "POST", "/v1/sessions", { profile_id: profile.id, persist: false });
    const jar = await api<{ data: { name: string; value: string }[] }>(
      b.base,
      "GET",
      `/v1/sessions/${next.id}/cookies`,
    );
    expect(jar.data).toMatchObject([{ name: "kept", value: "1" }]);
    b.child.kill("SIGTERM");
  });
});
