import {
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TierLimitError,
  ValidationFailedError,
} from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, rejection } from "./support/contract";

contract("tier caps", (c) => {
  it("refuses the trial_pack's second profile with TierLimit, its figures, and no retry", async () => {
    const ds = c.client("trial");
    await ds.profiles.create({ name: "only" });
    c.recorder.clear();
    const error = await rejection(ds.profiles.create({ name: "second" }), TierLimitError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      code: "TierLimit",
      limit: 1,
      current: 1,
      resource: "profile",
      tier: "trial_pack",
    });
    expect(error.headers.get("x-should-retry")).toBe("false");
    expect(c.recorder.sent("POST", "/v1/profiles")).toHaveLength(1);
    expect(await ds.account.me()).toMatchObject({ tier: "trial_pack", profile_cap: 1, profile_count: 1 });
  });

  it("counts clones and restores against the cap", async () => {
    const ds = c.client("trial");
    const only = await ds.profiles.create({ name: "only" });
    const snapshot = await ds.profiles.snapshots.create(only.id, { label: "s" });
    await rejection(ds.profiles.clone(only.id), TierLimitError);
    await rejection(ds.snapshots.restore(snapshot.id), TierLimitError);
    await ds.profiles.delete(only.id);
    await expect(ds.snapshots.restore(snapshot.id)).resolves.toMatchObject({ name: "only (copy)" });
  });

  it("frees a slot when a profile is deleted", async () => {
    const ds = c.client("trial");
    const first = await ds.profiles.create({ name: "first" });
    await ds.profiles.delete(first.id);
    await expect(ds.profiles.create({ name: "second" })).resolves.toMatchObject({ name: "second" });
  });

  it("holds the cap under concurrency: parallel creates at cap-1 yield exactly one profile", async () => {
    const ds = c.client("trial");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => ds.profiles.create({ name: `p${i}` })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(TierLimitError);
    expect((await ds.profiles.list()).data).toHaveLength(1);
  });

  it("reports profile_cap null for enterprise but enforces its negotiated cap", async () => {
    const ds = c.client("negotiated");
    expect(await ds.account.me()).toMatchObject({ tier: "enterprise", profile_cap: null, profile_count: 0 });
    await ds.profiles.create({ name: "a" });
    await ds.profiles.create({ name: "b" });
    const error = await rejection(ds.profiles.create({ name: "c" }), TierLimitError);
    expect(error).toMatchObject({ limit: 2, current: 2, resource: "profile", tier: "enterprise" });
  });

  it("reports the tier caps of the wire ids", async () => {
    expect(await c.client("default").account.me()).toMatchObject({ tier: "api_builder", profile_cap: 25 });
    expect(await c.client("viewer").account.me()).toMatchObject({ tier: "solo_manual", profile_cap: 5 });
    expect(await c.client("outsider").account.me()).toMatchObject({ tier: "api_starter", profile_cap: 10 });
    expect(await c.client("team").account.me()).toMatchObject({ tier: "team_manual", profile_cap: 50 });
    expect(await c.client("unlimited").account.me()).toMatchObject({ tier: "enterprise", profile_cap: null });
  });
});

contract("check order on writes (401, 403, 400, 404, 409, 429)", (c) => {
  it("403 before 400: a read key with an invalid body", async () => {
    await rejection(c.reader().profiles.create({ name: "not valid" }), PermissionDeniedError);
  });

  it("400 before 404: an invalid rename of a profile that does not exist", async () => {
    const missing = "prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60";
    await rejection(c.client().profiles.update(missing, { name: "not valid" }), ValidationFailedError);
  });

  it("404 before 409: a rename to a taken name of a profile that does not exist", async () => {
    const ds = c.client();
    await ds.profiles.create({ name: "taken" });
    await rejection(ds.profiles.update("prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60", { name: "taken" }), NotFoundError);
  });

  it("409 before 429: a duplicate name at the cap", async () => {
    const ds = c.client("trial");
    await ds.profiles.create({ name: "only" });
    await rejection(ds.profiles.create({ name: "only" }), ConflictError);
  });
});
