import { describe, expect, it } from "vitest";
import { TIER_STATE_CAPS } from "../../src/domain/tiers";
import { newProfile, ok, type Profile, type Session, sessionApp } from "../support/sessions";

/** The per-tier cap on one profile's stored state, on the fake driver (no browser needed). */
describe("the tier's state cap", () => {
  const cap = TIER_STATE_CAPS.trial_pack;
  const stateOf = (bytes: number) => ({
    cookies: [],
    origins: [{ origin: "https://example.org", localStorage: [{ name: "k", value: "x".repeat(bytes) }] }],
  });

  it("ends a session whose save is over the cap with state_too_large, keeping the last good state", async () => {
    const t = await sessionApp();
    const trial = await t.account("trial_pack");
    const profile = await newProfile(t, trial, "p");
    const under = await ok<Profile>(t.call(trial, "PUT", `/v1/profiles/${profile.id}/state`, stateOf(cap - 4096)));
    const session = await ok<Session>(t.call(trial, "POST", "/v1/sessions", { profile_id: profile.id }));
    const big = Array.from({ length: 3 }, (_, i) => ({
      name: `c${i}`,
      value: "y".repeat(3000),
      url: "https://example.org/",
    }));
    await ok(t.call(trial, "POST", `/v1/sessions/${session.id}/cookies`, { cookies: big }));
    const checkpoint = await t.call(trial, "POST", `/v1/sessions/${session.id}/checkpoint`, {});
    expect(checkpoint.status).toBe(413);
    const ended = await ok<Session>(t.call(trial, "DELETE", `/v1/sessions/${session.id}`));
    expect(ended).toMatchObject({
      status: "failed",
      end_reason: "state_too_large",
      state_persisted_at: null,
      saved: null,
    });
    const kept = await ok<Profile>(t.call(trial, "GET", `/v1/profiles/${profile.id}`));
    expect(kept.state_bytes).toBe(under.state_bytes);
  });

  it("saves a state of exactly the server's cap and refuses one a byte larger", async () => {
    /** A checkpoint of a session holding one ASCII cookie, on a server whose cap is `maxStateBytes`. */
    async function checkpointWith(maxStateBytes?: number) {
      const t = await sessionApp({ service: { maxStateBytes } });
      const owner = await t.account("enterprise");
      const profile = await newProfile(t, owner, "p");
      const session = await ok<Session>(t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id }));
      const cookie = { name: "k", value: "v".repeat(2000), url: "https://example.org/" };
      await ok(t.call(owner, "POST", `/v1/sessions/${session.id}/cookies`, { cookies: [cookie] }));
      return t.call(owner, "POST", `/v1/sessions/${session.id}/checkpoint`, {});
    }
    const { state_bytes: bytes } = await ok<{ state_bytes: number }>(checkpointWith());
    expect((await checkpointWith(bytes)).status).toBe(200);
    expect((await checkpointWith(bytes - 1)).status).toBe(413);
  });

  it("answers 413 to an import over the cap and changes nothing; a larger tier takes it", async () => {
    const t = await sessionApp();
    const trial = await t.account("trial_pack");
    const p = await newProfile(t, trial, "p");
    const res = await t.call(trial, "PUT", `/v1/profiles/${p.id}/state`, stateOf(cap + 1));
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toContain(`at most ${cap}`);
    expect((await ok<Profile>(t.call(trial, "GET", `/v1/profiles/${p.id}`))).state_bytes).toBeNull();
    const builder = await t.account("api_builder");
    const q = await newProfile(t, builder, "q");
    expect(
      (await ok<Profile>(t.call(builder, "PUT", `/v1/profiles/${q.id}/state`, stateOf(cap + 1)))).state_bytes,
    ).toBeGreaterThan(cap);
  });
});
