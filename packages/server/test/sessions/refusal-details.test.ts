import { describe, expect, it } from "vitest";
import type { BrowserDriver } from "../../src/driver/types";
import { pageTooSlow } from "../../src/sessions/refusals";
import { fakeDriverWith } from "../support/fake-driver-with";
import { newProfile, ok, type Profile, peerServer, type Session, sessionApp } from "../support/sessions";

/** The loop is not what these tests are about: it never beats during them. */
const service = { heartbeatMs: 60_000 };

/** What a refused request answers: status, code and detail. */
async function refusal(res: Response | Promise<Response>) {
  const r = await res;
  const body = (await r.json()) as { code: string; detail: string };
  return { status: r.status, code: body.code, detail: body.detail };
}

/** The fake driver, its `goto` taking `ms` before it answers. */
function slowGotoDriver(ms: number): BrowserDriver {
  return fakeDriverWith((context) => ({
    goto: async (url, options) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return context.goto(url, options);
    },
  }));
}

describe("why a session request is refused", () => {
  it("tells a queued session's caller that it starts by itself", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const queued = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect(await refusal(t.call(owner, "GET", `/v1/sessions/${queued.id}/cookies`))).toEqual({
      status: 409,
      code: "Conflict",
      detail: `Session ${queued.id} is queued behind the profile's active writer; it starts by itself.`,
    });
  });

  it("tells another server's caller that the session has ended, and why", async () => {
    const a = await sessionApp({ file: true, service });
    const owner = await a.account();
    const profile = await newProfile(a, owner, "p");
    const b = peerServer(a, { service });
    const s = await ok<Session>(a.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    await ok(a.call(owner, "DELETE", `/v1/sessions/${s.id}`));
    expect(await refusal(b.call(owner, "GET", `/v1/sessions/${s.id}/cookies`))).toEqual({
      status: 409,
      code: "Conflict",
      detail: `Session ${s.id} has ended (closed: destroyed).`,
    });
    await Promise.all([a.sessions.shutdown(), b.sessions.shutdown()]);
  });

  it("refuses to checkpoint a read-only session and writes nothing", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const reader = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id, persist: false }));
    await ok(
      t.call(owner, "POST", `/v1/sessions/${reader.id}/cookies`, {
        cookies: [{ name: "c", value: "v", url: "https://example.org/" }],
      }),
    );
    expect(await refusal(t.call(owner, "POST", `/v1/sessions/${reader.id}/checkpoint`, {}))).toEqual({
      status: 409,
      code: "Conflict",
      detail: `Session ${reader.id} is read-only (persist: false): it never writes state back, so it cannot checkpoint.`,
    });
    expect((await ok<Profile>(t.call(owner, "GET", `/v1/profiles/${profile.id}`))).state_bytes).toBeNull();
  });

  it("names the server's limit in a 429", async () => {
    const t = await sessionApp({ service: { ...service, maxActive: 1 } });
    const owner = await t.account();
    const [a, b] = [await newProfile(t, owner, "a"), await newProfile(t, owner, "b")];
    await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: a.id }));
    expect(await refusal(t.call(owner, "POST", "/v1/sessions", { profile_id: b.id }))).toEqual({
      status: 429,
      code: "SessionLimit",
      detail: "This server already runs 1 active sessions; retry shortly.",
    });
  });

  it("names the deleted profile in a 410, and frees the session's slot at once", async () => {
    const t = await sessionApp({ service: { ...service, maxActive: 1 } });
    const owner = await t.account();
    const [gone, other] = [await newProfile(t, owner, "gone"), await newProfile(t, owner, "other")];
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: gone.id }));
    expect((await t.call(owner, "DELETE", `/v1/profiles/${gone.id}`)).status).toBe(204);
    expect(await refusal(t.call(owner, "GET", `/v1/sessions/${s.id}/cookies`))).toEqual({
      status: 410,
      code: "Gone",
      detail: `Profile ${gone.id} of session ${s.id} was deleted.`,
    });
    // No heartbeat has run: the delete itself closed the context.
    expect((await t.call(owner, "POST", "/v1/sessions", { profile_id: other.id })).status).toBe(200);
  });

  it("lets goto reach loopback and private addresses unless the server is told to refuse them", async () => {
    const t = await sessionApp({ service });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    expect(await ok(t.call(owner, "POST", `/v1/sessions/${s.id}/goto`, { url: "http://127.0.0.1:8080/" }))).toEqual({
      url: "http://127.0.0.1:8080/",
      status: 200,
      title: "",
    });
  });
});

describe("the deadline of calls without a timeout of their own", () => {
  it("names the session and the wait in the 409 its caller hears", () => {
    // Screenshots and cookie calls wait 30 s: the problem itself, not a 30 s test.
    const problem = pageTooSlow("sess_1", 30_000);
    expect([problem.status, problem.code, problem.message]).toEqual([
      409,
      "Conflict",
      "The page of session sess_1 did not answer within 30000 ms.",
    ]);
  });
});

describe("requests queued behind a destroy", () => {
  it("hear that the session has ended instead of running on its closed browser", async () => {
    const t = await sessionApp({ service, driver: slowGotoDriver(400) });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const pause = () => new Promise((resolve) => setTimeout(resolve, 60));
    const running = t.call(owner, "POST", `/v1/sessions/${s.id}/goto`, { url: "https://example.org/" });
    await pause();
    const destroying = t.call(owner, "DELETE", `/v1/sessions/${s.id}`);
    await pause();
    // Sent while the destroy waits for the running goto to let go: both queue behind its ending.
    const reading = t.call(owner, "GET", `/v1/sessions/${s.id}/cookies`);
    const saving = t.call(owner, "POST", `/v1/sessions/${s.id}/checkpoint`, {});
    expect(await refusal(running)).toEqual({
      status: 409,
      code: "Conflict",
      detail: `Session ${s.id} ended while this action ran.`,
    });
    expect((await ok<Session>(destroying)).status).toBe("closed");
    const endedDetail = `Session ${s.id} has ended (closed: destroyed).`;
    expect(await refusal(reading)).toEqual({ status: 409, code: "Conflict", detail: endedDetail });
    expect(await refusal(saving)).toEqual({ status: 409, code: "Conflict", detail: endedDetail });
  });
});

describe("a request that arrives while a destroy saves the state", () => {
  it("hears that the session is ending, not that it is active", async () => {
    let exporting: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      exporting = resolve;
    });
    // The save is held until the test lets it go: the first refusal cannot race its end.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const driver = fakeDriverWith((context) => ({
      exportState: async () => {
        exporting();
        await released;
        return context.exportState();
      },
    }));
    const t = await sessionApp({ service, driver });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const destroying = t.call(owner, "DELETE", `/v1/sessions/${s.id}`);
    await started;
    expect(await refusal(t.call(owner, "GET", `/v1/sessions/${s.id}/cookies`))).toEqual({
      status: 409,
      code: "Conflict",
      detail: `Session ${s.id} is ending: its state is being saved.`,
    });
    release();
    expect((await ok<Session>(destroying)).status).toBe("closed");
    // Once it has ended, the row says how.
    expect(await refusal(t.call(owner, "GET", `/v1/sessions/${s.id}/cookies`))).toEqual({
      status: 409,
      code: "Conflict",
      detail: `Session ${s.id} has ended (closed: destroyed).`,
    });
  });
});
