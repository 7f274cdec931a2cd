import { expect, it, vi } from "vitest";
import { describeEngines } from "../driver/engines";
import { READ_STORAGE, SESSION_COOKIE } from "../driver/site";
import { useEngineServers } from "../support/engine-servers";
import { startServer } from "../support/server-process";
import type { Session } from "../support/sessions";

/**
 * A stop by a process manager on a real browser: SIGTERM to the server
 * process must save every live session before the browser goes away.
 */
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

describeEngines("SIGTERM with live sessions on a real browser", (install) => {
  const suite = useEngineServers(install, "sigterm");
  const { env, api } = suite;

  it("persists and closes every active session, then exits 0; the next server reads the state back", async () => {
    const a = await startServer(env);
    const profiles = await Promise.all(
      [0, 1].map((i) => api<{ id: string }>(a.base, "POST", "/v1/profiles", { name: `sigterm-${i}` })),
    );
    const live = await Promise.all(
      profiles.map((p) => api<Session>(a.base, "POST", "/v1/sessions", { profile_id: p.id })),
    );
    for (const s of live) {
      // The site sets an httpOnly cookie and stores localStorage and IndexedDB from its script.
      await api(a.base, "POST", `/v1/sessions/${s.id}/goto`, { url: `${suite.site.url}/` });
      await api(a.base, "POST", `/v1/sessions/${s.id}/evaluate`, { expression: "window.stored" });
    }
    a.child.kill("SIGTERM");
    expect(await a.exited).toBe(0);

    const b = await startServer(env);
    for (const [i, s] of live.entries()) {
      const ended = await api<Session>(b.base, "GET", `/v1/sessions/${s.id}`);
      expect(ended).toMatchObject({ status: "closed", end_reason: "server_shutdown" });
      expect(ended.state_persisted_at).not.toBeNull();
      const next = await api<Session>(b.base, "POST", "/v1/sessions", { profile_id: profiles[i]?.id, persist: false });
      const cookies = await api<{ data: { name: string; value: string; http_only: boolean }[] }>(
        b.base,
        "GET",
        `/v1/sessions/${next.id}/cookies`,
      );
      expect(cookies.data).toContainEqual(
        expect.objectContaining({ name: SESSION_COOKIE, value: "s3cret", http_only: true }),
      );
      await api(b.base, "POST", `/v1/sessions/${next.id}/goto`, { url: `${suite.site.url}/blank` });
      const stored = await api<{ result: unknown }>(b.base, "POST", `/v1/sessions/${next.id}/evaluate`, {
        expression: READ_STORAGE,
      });
      expect(stored.result).toEqual({ local: "kept", record: { n: 1, from: "home" } });
      await api(b.base, "DELETE", `/v1/sessions/${next.id}`);
    }
    b.child.kill("SIGTERM");
    expect(await b.exited).toBe(0);
  });

  it("a second SIGTERM or a Ctrl-C during the stop does not cut it short: the state is still saved", async () => {
    const a = await startServer(env);
    const profile = await api<{ id: string }>(a.base, "POST", "/v1/profiles", { name: "sigterm-twice" });
    const live = await api<Session>(a.base, "POST", "/v1/sessions", { profile_id: profile.id });
    await api(a.base, "POST", `/v1/sessions/${live.id}/goto`, { url: `${suite.site.url}/` });
    expect(a.child.kill("SIGTERM")).toBe(true);
    // Saving a live session on a real browser takes far longer than this: both land mid-stop.
    await new Promise((r) => setTimeout(r, 50));
    expect(a.child.kill("SIGTERM")).toBe(true);
    expect(a.child.kill("SIGINT")).toBe(true);
    expect(await a.exited).toBe(0);
    // Pending signals reach the process in signal-number order, not in the order they were sent.
    const repeated = a
      .output()
      .split("\n")
      .filter((line) => line.includes("already stopping"));
    expect(repeated.map((line) => JSON.parse(line).signal).sort()).toEqual(["SIGINT", "SIGTERM"]);
    expect(a.output()).toContain("persisted 1 sessions");

    const b = await startServer(env);
    const ended = await api<Session>(b.base, "GET", `/v1/sessions/${live.id}`);
    expect(ended).toMatchObject({ status: "closed", end_reason: "server_shutdown" });
    const next = await api<Session>(b.base, "POST", "/v1/sessions", { profile_id: profile.id, persist: false });
    const cookies = await api<{ data: { name: string; value: string }[] }>(
      b.base,
      "GET",
      `/v1/sessions/${next.id}/cookies`,
    );
    expect(cookies.data).toContainEqual(expect.objectContaining({ name: SESSION_COOKIE, value: "s3cret" }));
    await api(b.base, "DELETE", `/v1/sessions/${next.id}`);
    b.child.kill("SIGTERM");
    expect(await b.exited).toBe(0);
  });
});
