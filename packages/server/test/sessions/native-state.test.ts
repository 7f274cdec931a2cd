import { expect, it, vi } from "vitest";
import { describeEngines, driverFor, ENGINES, engineName } from "../driver/engines";
import { READ_SERVICE_WORKER, READ_STORAGE, SESSION_COOKIE } from "../driver/site";
import { useBrowserSessions } from "../support/browser-sessions";
import type { TestAccount } from "../support/harness";
import { type Profile, peerServer, type Session } from "../support/sessions";

/**
 * A profile keeps what the engine retains (issue #18), through the API on a
 * real browser: a site's service worker and Cache Storage come back in the
 * next session on the same engine with the site stopped, travel with a
 * snapshot but not with a clone, never reach another profile, and a session
 * on the other engine still gets the portable layer.
 */
vi.setConfig({ testTimeout: 240_000, hookTimeout: 60_000 });

describeEngines("a profile's engine-native state", (install) => {
  const env = useBrowserSessions(install);

  type Call = (who: TestAccount, method: string, path: string, body?: unknown) => Promise<Response>;
  async function api<T>(method: string, path: string, body?: unknown, call: Call = env.t.call): Promise<T> {
    const res = await call(env.owner, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const profile = (name: string) => api<Profile>("POST", "/v1/profiles", { name });
  const open = (profileId: string, persist = true, call?: Call) =>
    api<Session>("POST", "/v1/sessions", { profile_id: profileId, persist }, call);
  const goto = (id: string, url: string, call?: Call) =>
    api<{ title: string }>("POST", `/v1/sessions/${id}/goto`, { url }, call);
  const evaluate = async <T>(id: string, expression: string, call?: Call) =>
    (await api<{ result: T }>("POST", `/v1/sessions/${id}/evaluate`, { expression }, call)).result;
  const destroy = (id: string, call?: Call) => api<Session>("DELETE", `/v1/sessions/${id}`, undefined, call);
  /** `/offline` with the site stopped: only a service worker of the profile can answer it. */
  const offline = async (id: string) => {
    const res = await env.t.call(env.owner, "POST", `/v1/sessions/${id}/goto`, { url: `${env.site.url}/offline` });
    return res.status === 200 ? ((await res.json()) as { title: string }).title : `refused ${res.status}`;
  };

  it("keeps the service worker and Cache Storage on this engine, in snapshots, not in clones, and apart from other profiles", async () => {
    const p = await profile(`sw-${install.engine}`);
    const first = await open(p.id);
    expect(first.state_restored).toBe("none");
    expect((await goto(first.id, `${env.site.url}/`)).title).toBe("Driftstack test site");
    expect(await evaluate(first.id, "window.stored")).toBe(true);
    await goto(first.id, `${env.site.url}/sw`);
    expect(await evaluate(first.id, "window.registered")).toBe(true);
    expect((await destroy(first.id)).state_persisted_at).not.toBeNull();

    // The other engine (if installed) still gets the portable layer, and says so.
    const other = ENGINES.find((e) => e.engine !== install.engine);
    if (other) {
      const otherDriver = driverFor(other);
      try {
        const peer = peerServer(env.t, { driver: otherDriver });
        const there = await open(p.id, false, peer.call);
        expect(there.state_restored).toBe("portable");
        const cookies = await api<{ data: { name: string }[] }>(
          "GET",
          `/v1/sessions/${there.id}/cookies`,
          undefined,
          peer.call,
        );
        expect(cookies.data.map((c) => c.name)).toContain(SESSION_COOKIE);
        await goto(there.id, `${env.site.url}/blank`, peer.call);
        expect(await evaluate(there.id, READ_STORAGE, peer.call)).toEqual({
          local: "kept",
          record: { n: 1, from: "home" },
        });
        expect(await evaluate(there.id, READ_SERVICE_WORKER, peer.call)).toEqual({ registrations: 0, caches: [] });
        await destroy(there.id, peer.call);
      } finally {
        await otherDriver.close();
      }
    } else {
      console.warn(`the cross-engine half is not run: only ${engineName(install)} is installed`);
    }

    const snapshot = await api<{ id: string }>("POST", `/v1/profiles/${p.id}/snapshots`, { label: "with-sw" });
    const clone = await api<Profile>("POST", `/v1/profiles/${p.id}/clone`, {});
    const stranger = await profile(`stranger-${install.engine}`);
    await env.site.close();

    // Both at once: the profile's worker answers, the stranger's browser has none.
    const [again, apart] = await Promise.all([open(p.id), open(stranger.id)]);
    expect(again.state_restored).toBe("full");
    expect(apart.state_restored).toBe("none");
    expect(await offline(again.id)).toBe("from the service worker");
    expect(await evaluate(again.id, READ_SERVICE_WORKER)).toEqual({
      registrations: 1,
      caches: ["driftstack-offline"],
    });
    expect(await offline(apart.id)).toMatch(/^refused/);
    await Promise.all([destroy(again.id), destroy(apart.id)]);

    const restored = await api<Profile>("POST", `/v1/profile-snapshots/${snapshot.id}/restore`, {});
    const fromSnapshot = await open(restored.id, false);
    expect(fromSnapshot.state_restored).toBe("full");
    expect(await offline(fromSnapshot.id)).toBe("from the service worker");
    await destroy(fromSnapshot.id);

    const fromClone = await open(clone.id, false);
    expect(fromClone.state_restored).toBe("none");
    expect(await offline(fromClone.id)).toMatch(/^refused/);
    await destroy(fromClone.id);
  });
});
