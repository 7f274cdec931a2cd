import {
  ConflictError,
  IdempotencyKeyReusedError,
  UnprocessableEntityError,
  ValidationFailedError,
} from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, rejection } from "./support/contract";

contract("idempotency", (c) => {
  it("replays the first answer for the same key and body: one profile, the same id", async () => {
    const ds = c.client();
    const first = await ds.profiles.create({ name: "once" }, { idempotencyKey: "create-once" });
    const again = await ds.profiles.create({ name: "once" }, { idempotencyKey: "create-once" });
    expect(again).toEqual(first);
    expect((await ds.profiles.list()).data.map((p) => p.id)).toEqual([first.id]);
    const posts = c.recorder.sent("POST", "/v1/profiles");
    expect(posts.map((e) => e.headers.get("idempotent-replayed"))).toEqual([null, "true"]);
  });

  it("answers 422 IdempotencyKeyReused to the same key with another body", async () => {
    const ds = c.client();
    await ds.profiles.create({ name: "first" }, { idempotencyKey: "k-1" });
    const error = await rejection(
      ds.profiles.create({ name: "second" }, { idempotencyKey: "k-1" }),
      IdempotencyKeyReusedError,
    );
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, code: "IdempotencyKeyReused" });
    expect(c.recorder.sent("POST", "/v1/profiles")).toHaveLength(2);
    expect((await ds.profiles.list()).data).toHaveLength(1);
  });

  it("scopes keys to the account", async () => {
    const mine = await c.client().profiles.create({ name: "same" }, { idempotencyKey: "shared-key" });
    const theirs = await c.client("outsider").profiles.create({ name: "same" }, { idempotencyKey: "shared-key" });
    expect(theirs.id).not.toBe(mine.id);
  });

  it("replays an error answer too: the same key after the conflict is gone still answers 409", async () => {
    const ds = c.client();
    const holder = await ds.profiles.create({ name: "contested" });
    await rejection(ds.profiles.create({ name: "contested" }, { idempotencyKey: "k-conflict" }), ConflictError);
    await ds.profiles.delete(holder.id);
    await rejection(ds.profiles.create({ name: "contested" }, { idempotencyKey: "k-conflict" }), ConflictError);
    expect((await ds.profiles.list()).data).toEqual([]);
  });

  it("covers every POST: clone, capture, restore", async () => {
    const ds = c.client();
    const source = await ds.profiles.create({ name: "src" });
    const copy = await ds.profiles.clone(source.id, {}, { idempotencyKey: "clone-1" });
    expect(await ds.profiles.clone(source.id, {}, { idempotencyKey: "clone-1" })).toEqual(copy);
    const snap = await ds.profiles.snapshots.create(source.id, { label: "s" }, { idempotencyKey: "snap-1" });
    expect(await ds.profiles.snapshots.create(source.id, { label: "s" }, { idempotencyKey: "snap-1" })).toEqual(snap);
    const restored = await ds.snapshots.restore(snap.id, {}, { idempotencyKey: "restore-1" });
    expect(await ds.snapshots.restore(snap.id, {}, { idempotencyKey: "restore-1" })).toEqual(restored);
    expect((await ds.profiles.list()).data).toHaveLength(3);
    expect((await ds.snapshots.list()).data).toHaveLength(1);
  });

  it("refuses a key longer than 255 characters and takes one of 255", async () => {
    const ds = c.client();
    await rejection(
      ds.profiles.create({ name: "long-key" }, { idempotencyKey: "k".repeat(256) }),
      ValidationFailedError,
    );
    await expect(ds.profiles.create({ name: "long-key" }, { idempotencyKey: "k".repeat(255) })).resolves.toMatchObject({
      name: "long-key",
    });
  });
});

contract("idempotency under concurrency", (c) => {
  it("parallel repeats of one key create one profile; the others replay it or answer 409 in flight", async () => {
    const ds = c.client();
    const calls = Array.from({ length: 4 }, () =>
      ds.profiles.create({ name: "racy" }, { idempotencyKey: "race", maxRetries: 0 }),
    );
    const outcomes = await Promise.allSettled(calls);
    const created = (await ds.profiles.list()).data;
    expect(created).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") expect(outcome.value.id).toBe(created[0]?.id);
      else expect(outcome.reason).toBeInstanceOf(ConflictError);
    }
  });
});
