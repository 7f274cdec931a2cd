import { describe, expect, it } from "vitest";
import { newProfile, ok, peerServer, type Session, sessionApp } from "../support/sessions";

describe("without a browser engine", () => {
  it("answers 503 BrowserUnavailable naming the fix on session routes, and everything else works", async () => {
    const t = await sessionApp({ driver: null });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const res = await t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id });
    expect(res.status).toBe(503);
    const problem = await res.json();
    expect(problem.code).toBe("BrowserUnavailable");
    expect(problem.detail).toMatch(/npx playwright install webkit/);
    expect(problem.detail).toMatch(/apt-get install -y chromium/);
    expect((await t.call(owner, "GET", "/v1/sessions")).status).toBe(200);
    expect((await t.call(owner, "POST", `/v1/profiles/${profile.id}/snapshots`, { label: "x" })).status).toBe(200);
    expect((await t.call(owner, "GET", "/v1/sessions/sess_missing")).status).toBe(404);
  });
});

describe("the per-server session limit", () => {
  it("answers 429 SessionLimit with Retry-After beyond it, and lets writers queue", async () => {
    const t = await sessionApp({ service: { maxActive: 1 } });
    const owner = await t.account();
    const a = await newProfile(t, owner, "a");
    const b = await newProfile(t, owner, "b");
    const first = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: a.id }));
    const over = await t.call(owner, "POST", "/v1/sessions", { profile_id: b.id });
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("1");
    expect((await over.json()).code).toBe("SessionLimit");
    const queued = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: a.id }));
    expect(queued.status).toBe("queued");
    await ok(t.call(owner, "DELETE", `/v1/sessions/${first.id}`));
    expect((await ok<Session>(t.call(owner, "GET", `/v1/sessions/${queued.id}`))).status).toBe("active");
  });
});

describe("the session limit under parallel creates", () => {
  it.each([
    [":memory:", false],
    ["a file (writes that arrive together share one commit)", true],
  ])("never opens more than the limit at once, on %s", async (_, file) => {
    const t = await sessionApp({ file, service: { maxActive: 2 } });
    const owner = await t.account();
    const profiles = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => newProfile(t, owner, `p${i}`)));
    const responses = await Promise.all(
      profiles.map((p) => t.call(owner, "POST", "/v1/sessions", { profile_id: p.id })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 429, 429, 429, 429]);
  });
});

describe("idempotency and the session limit", () => {
  it("does not store a 429 SessionLimit: a retry with the same key runs once there is room", async () => {
    const t = await sessionApp({ service: { maxActive: 1 } });
    const owner = await t.account();
    const a = await newProfile(t, owner, "a");
    const b = await newProfile(t, owner, "b");
    const first = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: a.id }));
    const key = { "idempotency-key": "retry-me" };
    expect((await t.call(owner, "POST", "/v1/sessions", { profile_id: b.id }, key)).status).toBe(429);
    await ok(t.call(owner, "DELETE", `/v1/sessions/${first.id}`));
    const retry = await t.call(owner, "POST", "/v1/sessions", { profile_id: b.id }, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("actions", () => {
  it("validates goto URLs, refuses private hosts when told to, and maps driver refusals", async () => {
    const t = await sessionApp({ service: { denyPrivateNetworks: true } });
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const goto = (url: string) => t.call(owner, "POST", `/v1/sessions/${s.id}/goto`, { url });
    for (const url of ["ftp://example.org/", "javascript:alert(1)", "not a url", "file:///etc/passwd"]) {
      expect((await goto(url)).status).toBe(400);
    }
    for (const url of [
      "http://127.0.0.1:8080/",
      "http://localhost/",
      "http://10.1.2.3/",
      "http://[::1]/",
      "http://192.168.0.1/",
      "http://localhost.:8080/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::127.0.0.1]/",
      "http://0x7f000001/",
      "http://0177.0.0.1/",
      "http://2130706433/",
      "http://[fe80::1]/",
    ]) {
      const res = await goto(url);
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].message).toMatch(/private/);
    }
    expect(await ok(goto("https://example.org/path"))).toEqual({
      url: "https://example.org/path",
      status: 200,
      title: "",
    });
    const evaluate = await t.call(owner, "POST", `/v1/sessions/${s.id}/evaluate`, { expression: "1 + 1" });
    expect(evaluate.status).toBe(422);
    expect((await evaluate.json()).code).toBe("EvaluationFailed");
    const badCookie = await t.call(owner, "POST", `/v1/sessions/${s.id}/cookies`, {
      cookies: [{ name: "x", value: "y" }],
    });
    expect(badCookie.status).toBe(400);
    expect((await badCookie.json()).errors[0].path).toBe("cookies.0");
    const shot = await t.call(owner, "GET", `/v1/sessions/${s.id}/screenshot`);
    expect(shot.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await shot.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("lets a read key read sessions but not open or act on them", async () => {
    const t = await sessionApp();
    const owner = await t.account();
    const profile = await newProfile(t, owner, "p");
    const s = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const read = await t.readKey(owner.id);
    expect((await t.call(read, "GET", `/v1/sessions/${s.id}`)).status).toBe(200);
    expect((await t.call(read, "GET", `/v1/sessions/${s.id}/cookies`)).status).toBe(200);
    expect((await t.call(read, "POST", "/v1/sessions", { profile_id: profile.id })).status).toBe(403);
    expect((await t.call(read, "POST", `/v1/sessions/${s.id}/goto`, { url: "https://example.org/" })).status).toBe(403);
    expect((await t.call(read, "DELETE", `/v1/sessions/${s.id}`)).status).toBe(403);
  });
});

describe("several servers on one database", () => {
  it("serialises writers across two session services, each serving its own sessions", async () => {
    // Staleness is not what this test is about: a runner counts as dead only after 5 s without a
    // heartbeat, so a loaded machine that delays a 50 ms heartbeat does not end A's sessions.
    const service = { heartbeatMs: 50, runnerStaleMs: 5_000 };
    const a = await sessionApp({ file: true, service });
    const owner = await a.account();
    const profile = await newProfile(a, owner, "shared");
    const b = peerServer(a, { service });
    const callB = (method: string, path: string, body?: unknown) => b.call(owner, method, path, body);

    const onA = await ok<Session>(a.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    const onB = await ok<Session>(Promise.resolve(callB("POST", "/v1/sessions", { profile_id: profile.id })));
    expect(onB.status).toBe("queued");
    expect((await callB("GET", `/v1/sessions/${onA.id}/cookies`)).status).toBe(409);

    await ok(a.call(owner, "DELETE", `/v1/sessions/${onA.id}`));
    const started = await (async () => {
      for (let i = 0; i < 100; i++) {
        const s = await ok<Session>(Promise.resolve(callB("GET", `/v1/sessions/${onB.id}`)));
        if (s.status === "active") return s;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error("the queued session on B never started");
    })();
    expect(started.status).toBe("active");
    expect((await callB("GET", `/v1/sessions/${onB.id}/cookies`)).status).toBe(200);
  });

  it("answers 409 to a destroy sent to the other server, and the session keeps running where it is", async () => {
    const a = await sessionApp({ file: true });
    const owner = await a.account();
    const profile = await newProfile(a, owner, "served-by-a");
    const b = peerServer(a);
    const onA = await ok<Session>(a.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
    await ok(
      a.call(owner, "POST", `/v1/sessions/${onA.id}/cookies`, {
        cookies: [{ name: "kept", value: "1", url: "https://example.org/" }],
      }),
    );

    const refused = await b.call(owner, "DELETE", `/v1/sessions/${onA.id}`);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await refused.json()).detail).toMatch(/served by another server process/);
    for (const [method, path, body] of [
      ["POST", "goto", { url: "https://example.org/" }],
      ["POST", "evaluate", { expression: "1" }],
      ["GET", "cookies", undefined],
    ] as const) {
      expect((await b.call(owner, method, `/v1/sessions/${onA.id}/${path}`, body)).status).toBe(409);
    }

    // Nothing changed: A still serves it, with its cookie, and ends it itself.
    expect(await ok<Session>(a.call(owner, "GET", `/v1/sessions/${onA.id}`))).toMatchObject({
      status: "active",
      end_reason: null,
    });
    const jar = await ok<{ data: { name: string; value: string }[] }>(
      a.call(owner, "GET", `/v1/sessions/${onA.id}/cookies`),
    );
    expect(jar.data.map((c) => [c.name, c.value])).toEqual([["kept", "1"]]);
    expect(await ok<Session>(a.call(owner, "DELETE", `/v1/sessions/${onA.id}`))).toMatchObject({
      status: "closed",
      end_reason: "destroyed",
    });
    await Promise.all([a.sessions.shutdown(), b.sessions.shutdown()]);
  });
});
