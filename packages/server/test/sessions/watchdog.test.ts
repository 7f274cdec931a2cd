import { expect, it, vi } from "vitest";
import { describeEngines, itOnEngine } from "../driver/engines";
import { READ_STORAGE } from "../driver/site";
import { browserCpu, isRunning, pageProcesses } from "../support/browser-processes";
import { useBrowserSessions } from "../support/browser-sessions";
import { eventually, ok, type Profile, type Session } from "../support/sessions";

/**
 * The session watchdog on a real browser: a page that never finishes its
 * script, or is blocked outside script, cannot hold its caller, its session
 * or its slot. The server runs one session at a time here, so a slot that is
 * not freed shows at once.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Blocks the page's main thread in a request the site never answers: no script interrupt reaches it. */
const SYNC_HANG = `(() => { const x = new XMLHttpRequest(); x.open("GET", "/hang", false); x.send(); })()`;

describeEngines("session watchdog on a real browser", (install) => {
  const env = useBrowserSessions(install, { maxActive: 1 });

  const profile = (name: string) => ok<Profile>(env.t.call(env.owner, "POST", "/v1/profiles", { name }));
  const open = (p: Profile) => ok<Session>(env.t.call(env.owner, "POST", "/v1/sessions", { profile_id: p.id }));
  const read = (id: string) => ok<Session>(env.t.call(env.owner, "GET", `/v1/sessions/${id}`));
  const goto = (id: string, path: string) =>
    ok(env.t.call(env.owner, "POST", `/v1/sessions/${id}/goto`, { url: env.site.url + path }));
  const evaluate = (id: string, expression: string, timeout_ms = 10_000) =>
    env.t.call(env.owner, "POST", `/v1/sessions/${id}/evaluate`, { expression, timeout_ms });
  /** The warm pool's browsers, once none is launching: processes of no session, left out of the counts. */
  async function warmDirs(): Promise<string[]> {
    await env.driver.warmPool.settled();
    return env.driver.warmPool.waitingDirs();
  }
  async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = Date.now();
    const value = await call();
    return { value, ms: Date.now() - started };
  }

  it("answers a script that never ends at its timeout; DELETE then answers, the slot is free and no CPU burns", async () => {
    const s = await open(await profile(`loop-${install.engine}`));
    await goto(s.id, "/blank");
    const loop = await timed(() => evaluate(s.id, "while (true) {}", 2000));
    expect(loop.value.status).toBe(422);
    expect(await loop.value.json()).toMatchObject({
      code: "EvaluationFailed",
      detail: "evaluation took longer than 2000 ms",
    });
    expect(loop.ms).toBeLessThan(3_500);
    const destroyed = await timed(() => ok<Session>(env.t.call(env.owner, "DELETE", `/v1/sessions/${s.id}`)));
    expect(destroyed.ms).toBeLessThan(10_000);
    expect(["closed", "failed"]).toContain(destroyed.value.status);
    expect(await browserCpu(1000, await warmDirs())).toBeLessThan(0.5);
    const next = await open(await profile(`after-loop-${install.engine}`));
    expect(next.status).toBe("active");
    await ok(env.t.call(env.owner, "DELETE", `/v1/sessions/${next.id}`));
  });

  it("answers DELETE promptly while a script with a long timeout runs, and that call hears 409", async () => {
    const s = await open(await profile(`delete-busy-${install.engine}`));
    await goto(s.id, "/blank");
    const busy = timed(() => evaluate(s.id, "while (true) {}", 60_000));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const destroyed = await timed(() => ok<Session>(env.t.call(env.owner, "DELETE", `/v1/sessions/${s.id}`)));
    expect(destroyed.ms).toBeLessThan(8_000);
    expect(["closed", "failed"]).toContain(destroyed.value.status);
    const cut = await busy;
    expect(cut.value.status).toBe(409);
    expect(cut.ms).toBeLessThan(8_000);
  });

  it("ends a session whose page is busy with its own script: DELETE saves within seconds, the idle timeout fires", async () => {
    const busyPage = "setTimeout(() => { while (true) {} }, 50); 'started'";
    const s = await open(await profile(`self-busy-${install.engine}`));
    await goto(s.id, "/blank");
    await ok(evaluate(s.id, 'localStorage.setItem("driftstack", "saved while busy")'));
    await ok(evaluate(s.id, busyPage));
    const destroyed = await timed(() => ok<Session>(env.t.call(env.owner, "DELETE", `/v1/sessions/${s.id}`)));
    expect(destroyed.ms).toBeLessThan(15_000);
    // Chromium stops the script and exports. WebKitGTK cannot stop it; reading storage shows a new
    // document, which WebKit may or may not load away from the busy page in time: it saves, or the
    // page is given up. Any other engine gives the page up.
    const ending = (session: Session, reason: string) => {
      if (install.engine === "chromium") return expect(session).toMatchObject({ status: "closed", end_reason: reason });
      const saved = session.status === "closed";
      if (install.backend === "webkitgtk" && saved) return expect(session.end_reason).toBe(reason);
      return expect(session).toMatchObject({ status: "failed", end_reason: "page_unresponsive" });
    };
    ending(destroyed.value, "destroyed");
    if (destroyed.value.status === "closed") expect(destroyed.value.state_persisted_at).not.toBeNull();

    const idle = await ok<Session>(
      env.t.call(env.owner, "POST", "/v1/sessions", {
        profile_id: (await profile(`idle-busy-${install.engine}`)).id,
        idle_timeout_s: 1,
      }),
    );
    await goto(idle.id, "/blank");
    await ok(evaluate(idle.id, busyPage));
    const ended = await eventually(
      () => read(idle.id),
      (x) => x.status !== "active",
      20_000,
    );
    ending(ended, "idle_timeout");
    // The slot frees once the context is closed, just after the row has ended.
    const spare = await profile(`after-idle-${install.engine}`);
    const next = await eventually(
      () => env.t.call(env.owner, "POST", "/v1/sessions", { profile_id: spare.id }),
      (r) => r.status !== 429,
    );
    expect(next.status).toBe(200);
    await ok(env.t.call(env.owner, "DELETE", `/v1/sessions/${(await next.json()).id}`));
  });

  itOnEngine(
    install,
    "chromium",
    "only Chromium can stop a running script (CDP Runtime.terminateExecution)",
  )("stops the script at the timeout and the session goes on", async () => {
    const s = await open(await profile(`stopped-${install.engine}`));
    await goto(s.id, "/blank");
    // Ends by itself after 6 s: the caller still hears at 2 s.
    const slow = await timed(() => evaluate(s.id, "const end = Date.now() + 6000; while (Date.now() < end) {}", 2000));
    expect(slow.value.status).toBe(422);
    expect(slow.ms).toBeLessThan(3_500);
    expect(await ok(evaluate(s.id, "1 + 1"))).toEqual({ result: 2 });
    const ended = await ok<Session>(env.t.call(env.owner, "DELETE", `/v1/sessions/${s.id}`));
    expect(ended).toMatchObject({ status: "closed", end_reason: "destroyed" });
    expect(ended.state_persisted_at).not.toBeNull();
  });

  it("gives up a page that stops answering: failed page_unresponsive, last good state kept, renderer gone, next writer starts", async () => {
    const p = await profile(`wedged-${install.engine}`);
    const first = await open(p);
    await goto(first.id, "/");
    expect(await ok(evaluate(first.id, "window.stored"))).toEqual({ result: true });
    await ok(env.t.call(env.owner, "DELETE", `/v1/sessions/${first.id}`));
    const before = await ok<Profile>(env.t.call(env.owner, "GET", `/v1/profiles/${p.id}`));

    const s = await open(p);
    await goto(s.id, "/blank");
    await ok(evaluate(s.id, 'localStorage.setItem("driftstack", "unsaved")'));
    const queued = await open(p);
    expect(queued.status).toBe("queued");
    const hang = await timed(() => evaluate(s.id, SYNC_HANG, 1000));
    expect(hang.value.status).toBe(422);
    expect(hang.ms).toBeLessThan(2_500);
    const wedged = pageProcesses(await warmDirs());
    expect(wedged.length).toBeGreaterThan(0);

    const failed = await eventually(
      () => read(s.id),
      (x) => x.status === "failed",
    );
    expect(failed).toMatchObject({ status: "failed", end_reason: "page_unresponsive", state_persisted_at: null });
    const after = await ok<Profile>(env.t.call(env.owner, "GET", `/v1/profiles/${p.id}`));
    expect(after.state_updated_at).toBe(before.state_updated_at);

    const started = await eventually(
      () => read(queued.id),
      (x) => x.status === "active",
    );
    expect(started.status).toBe("active");
    await goto(queued.id, "/blank");
    expect(((await ok(evaluate(queued.id, READ_STORAGE))) as { result: { local: string } }).result.local).toBe("kept");
    await ok(env.t.call(env.owner, "DELETE", `/v1/sessions/${queued.id}`));
    const gone = await eventually(
      async () => wedged.filter(isRunning),
      (left) => left.length === 0,
    );
    expect(gone).toEqual([]);
  });
});
