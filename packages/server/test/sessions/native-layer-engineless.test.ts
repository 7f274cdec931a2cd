import { describe, expect, it } from "vitest";
import { profileState, replaceProfileState } from "../../src/store/states";
import { json } from "../support/harness";
import { type Profile, type Session, sessionApp } from "../support/sessions";

/**
 * The two layers of a profile's state, with the fake driver (whose native
 * layer is its cookie jar): saved together, counted together against
 * DRIFTSTACK_MAX_STATE_BYTES, dropped by a portable-only replacement.
 */
async function setUp(maxStateBytes?: number) {
  const t = await sessionApp({ service: { maxStateBytes } });
  const owner = await t.account("enterprise");
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await t.call(owner, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return json<T>(res);
  };
  const profile = await call<Profile>("POST", "/v1/profiles", { name: "layers" });
  return { t, owner, call, profile };
}

async function sessionWithCookie(
  call: <T>(method: string, path: string, body?: unknown) => Promise<T>,
  profileId: string,
  value: string,
): Promise<Session> {
  const s = await call<Session>("POST", "/v1/sessions", { profile_id: profileId });
  await call("POST", `/v1/sessions/${s.id}/cookies`, {
    cookies: [{ name: "big", value, url: "https://example.org/" }],
  });
  return call<Session>("DELETE", `/v1/sessions/${s.id}`);
}

describe("a profile's two state layers (fake driver)", () => {
  it("saves both, restores both (`full`), and counts both in state_bytes", async () => {
    const { t, call, profile } = await setUp();
    const first = await call<Session>("POST", "/v1/sessions", { profile_id: profile.id });
    expect(first.state_restored).toBe("none");
    await call("DELETE", `/v1/sessions/${first.id}`);
    const ended = await sessionWithCookie(call, profile.id, "v");
    expect(ended.state_persisted_at).not.toBeNull();
    const stored = await t.db.read((q) => profileState(q, profile.id));
    expect(stored?.native?.engine).toBe("fake/fake");
    const bytes = new TextEncoder().encode(stored?.data ?? "").length + (stored?.native?.data.length ?? 0);
    expect((await call<Profile>("GET", `/v1/profiles/${profile.id}`)).state_bytes).toBe(bytes);
    const next = await call<Session>("POST", "/v1/sessions", { profile_id: profile.id });
    expect(next.state_restored).toBe("full");
    expect((await call<{ data: { name: string }[] }>("GET", `/v1/sessions/${next.id}/cookies`)).data).toHaveLength(1);
  });

  it("refuses a save whose layers together exceed the cap, though the portable one alone fits", async () => {
    const value = "x".repeat(3000);
    const { call, profile } = await setUp(5000);
    const ended = await sessionWithCookie(call, profile.id, value);
    expect(ended).toMatchObject({ status: "failed", end_reason: "state_too_large", state_persisted_at: null });
    expect((await call<Profile>("GET", `/v1/profiles/${profile.id}`)).state_bytes).toBeNull();
  });

  it("drops the native layer when a portable state replaces the profile's (an import)", async () => {
    const { t, owner, call, profile } = await setUp();
    await sessionWithCookie(call, profile.id, "v");
    const before = await t.db.read((q) => profileState(q, profile.id));
    if (!before) throw new Error("no state saved");
    await t.db.write((tx) =>
      replaceProfileState(tx, {
        profileId: profile.id,
        accountId: owner.id,
        format: before.format,
        data: before.data,
        now: Date.now(),
      }),
    );
    expect((await t.db.read((q) => profileState(q, profile.id)))?.native).toBeNull();
    const next = await call<Session>("POST", "/v1/sessions", { profile_id: profile.id });
    expect(next.state_restored).toBe("portable");
  });
});
