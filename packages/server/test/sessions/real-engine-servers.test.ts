import { expect, it, vi } from "vitest";
import { describeEngines } from "../driver/engines";
import { READ_STORAGE, SESSION_COOKIE } from "../driver/site";
import { useEngineServers } from "../support/engine-servers";
import { type ServerProcess, startServer, until } from "../support/server-process";
import type { Session } from "../support/sessions";

/**
 * The README's promises about several `driftstack serve` processes on one
 * database, on a real engine: writers serialise across servers and carry the
 * profile's state from one to the other, a session answers 409 on the server
 * that does not serve it (destroy included), and a SIGKILLed server's
 * sessions become `failed` while the profile keeps its last saved state.
 */
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

describeEngines("two server processes on one database, on a real browser", (install) => {
  const suite = useEngineServers(install, "servers");
  const { env, api } = suite;

  /** The profile's state as `server` sees it in a fresh session: the site's cookie value and its stored values. */
  async function stateSeenBy(server: ServerProcess, id: string) {
    const cookies = await api<{ data: { name: string; value: string; http_only: boolean }[] }>(
      server.base,
      "GET",
      `/v1/sessions/${id}/cookies`,
    );
    await api(server.base, "POST", `/v1/sessions/${id}/goto`, { url: `${suite.site.url}/blank` });
    const stored = await api<{ result: unknown }>(server.base, "POST", `/v1/sessions/${id}/evaluate`, {
      expression: READ_STORAGE,
    });
    return { cookie: cookies.data.find((c) => c.name === SESSION_COOKIE), stored: stored.result };
  }

  it("serialise writers, answer 409 for each other's sessions, and fail a killed server's session keeping the last saved state", async () => {
    const [a, b] = await Promise.all([startServer(env), startServer(env)]);
    const profile = await api<{ id: string }>(a.base, "POST", "/v1/profiles", { name: `shared-${install.engine}` });
    const onA = await api<Session>(a.base, "POST", "/v1/sessions", { profile_id: profile.id });
    // The site sets an httpOnly cookie and stores localStorage and IndexedDB from its script.
    await api(a.base, "POST", `/v1/sessions/${onA.id}/goto`, { url: `${suite.site.url}/` });
    await api(a.base, "POST", `/v1/sessions/${onA.id}/evaluate`, { expression: "window.stored" });

    const onB = await api<Session>(b.base, "POST", "/v1/sessions", { profile_id: profile.id });
    expect(onB).toMatchObject({ status: "queued", queue_position: 1 });
    for (const [method, path] of [
      ["DELETE", ""],
      ["POST", "/evaluate"],
    ] as const) {
      const res = await fetch(`${b.base}/v1/sessions/${onA.id}${path}`, {
        method,
        headers: { authorization: `Bearer ${suite.key}`, "content-type": "application/json" },
        body: method === "POST" ? JSON.stringify({ expression: "1" }) : undefined,
      });
      expect(res.status, `${method} ${path || "/"} on the other server`).toBe(409);
      expect((await res.json()).detail).toMatch(/served by another server process/);
    }
    expect(await api<Session>(a.base, "GET", `/v1/sessions/${onA.id}`)).toMatchObject({ status: "active" });

    expect(await api<Session>(a.base, "DELETE", `/v1/sessions/${onA.id}`)).toMatchObject({
      status: "closed",
      end_reason: "destroyed",
    });
    await until(suite.key, b.base, onB.id, "active");
    const carried = await stateSeenBy(b, onB.id);
    expect(carried.cookie).toMatchObject({ value: "s3cret", http_only: true });
    expect(carried.stored).toEqual({ local: "kept", record: { n: 1, from: "home" } });

    // B dies with its session active: nothing it did unsaved may reach the profile.
    await api(b.base, "POST", `/v1/sessions/${onB.id}/evaluate`, {
      expression: 'localStorage.setItem("driftstack", "never saved"); true',
    });
    b.child.kill("SIGKILL");
    await b.exited;
    const restarted = await startServer(env);
    expect(await api<Session>(restarted.base, "GET", `/v1/sessions/${onB.id}`)).toMatchObject({
      status: "failed",
      end_reason: "server_lost",
    });
    const next = await api<Session>(restarted.base, "POST", "/v1/sessions", { profile_id: profile.id, persist: false });
    expect(next.status).toBe("active");
    const kept = await stateSeenBy(restarted, next.id);
    expect(kept.cookie).toMatchObject({ value: "s3cret", http_only: true });
    expect(kept.stored).toEqual({ local: "kept", record: { n: 1, from: "home" } });
    await api(restarted.base, "DELETE", `/v1/sessions/${next.id}`);
    for (const server of [a, restarted]) server.child.kill("SIGTERM");
    expect(await Promise.all([a.exited, restarted.exited])).toEqual([0, 0]);
  });
});
