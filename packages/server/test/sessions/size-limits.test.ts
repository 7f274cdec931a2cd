import { expect, it, vi } from "vitest";
import { describeEngines } from "../driver/engines";
import { useBrowserSessions } from "../support/browser-sessions";
import { ok, type Profile, type Session } from "../support/sessions";

/** Sizes the server bounds on a real browser: an evaluate's result, a session's saved state. */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const MAX_STATE_BYTES = 64 * 1024;

describeEngines("size limits on a real browser", (install) => {
  const env = useBrowserSessions(install, { maxStateBytes: MAX_STATE_BYTES });

  const profile = (name: string) => ok<Profile>(env.t.call(env.owner, "POST", "/v1/profiles", { name }));
  const open = (p: Profile) => ok<Session>(env.t.call(env.owner, "POST", "/v1/sessions", { profile_id: p.id }));
  const evaluate = (id: string, expression: string) =>
    env.t.call(env.owner, "POST", `/v1/sessions/${id}/evaluate`, { expression, timeout_ms: 20_000 });
  const local = (id: string) =>
    ok<{ result: string | null }>(evaluate(id, 'localStorage.getItem("driftstack")')).then((r) => r.result);

  it("answers a 200 MB result with 422 naming the limit, promptly, and the session goes on", async () => {
    const s = await open(await profile(`huge-result-${install.engine}`));
    const started = Date.now();
    const res = await evaluate(s.id, "'x'.repeat(200 * 1024 * 1024)");
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: "EvaluationFailed",
      detail: "the result is at least 209715202 bytes of JSON, more than the 1048576-byte limit",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await ok(evaluate(s.id, "'still here'"))).toEqual({ result: "still here" });
    await ok(env.t.call(env.owner, "DELETE", `/v1/sessions/${s.id}`));
  });

  it("refuses to save a state over the cap: failed state_too_large, the last good state stays", async () => {
    const p = await profile(`big-state-${install.engine}`);
    const first = await open(p);
    await ok(env.t.call(env.owner, "POST", `/v1/sessions/${first.id}/goto`, { url: `${env.site.url}/blank` }));
    await ok(evaluate(first.id, 'localStorage.setItem("driftstack", "kept")'));
    expect(await ok<Session>(env.t.call(env.owner, "DELETE", `/v1/sessions/${first.id}`))).toMatchObject({
      status: "closed",
      end_reason: "destroyed",
    });
    const before = await ok<Profile>(env.t.call(env.owner, "GET", `/v1/profiles/${p.id}`));

    const s = await open(p);
    await ok(env.t.call(env.owner, "POST", `/v1/sessions/${s.id}/goto`, { url: `${env.site.url}/blank` }));
    await ok(evaluate(s.id, `localStorage.setItem("driftstack", "y".repeat(${MAX_STATE_BYTES}))`));
    const ended = await ok<Session>(env.t.call(env.owner, "DELETE", `/v1/sessions/${s.id}`));
    expect(ended).toMatchObject({ status: "failed", end_reason: "state_too_large", state_persisted_at: null });
    const after = await ok<Profile>(env.t.call(env.owner, "GET", `/v1/profiles/${p.id}`));
    expect([after.state_bytes, after.state_updated_at]).toEqual([before.state_bytes, before.state_updated_at]);

    const next = await open(p);
    await ok(env.t.call(env.owner, "POST", `/v1/sessions/${next.id}/goto`, { url: `${env.site.url}/blank` }));
    expect(await local(next.id)).toBe("kept");
    await ok(env.t.call(env.owner, "DELETE", `/v1/sessions/${next.id}`));
  });
});
