import {
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  type PortableState,
  ValidationFailedError,
} from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, ISO_MS, rejection } from "./support/contract";
import { IMPORTED_COOKIE } from "./support/operations";

const SECRET = "value-that-must-never-show";
const LOGIN = { name: "login", value: SECRET, url: "https://example.org/" };

const DOC: PortableState = {
  cookies: [{ ...IMPORTED_COOKIE, value: SECRET }],
  origins: [
    {
      origin: "https://example.org",
      localStorage: [{ name: "token", value: SECRET }],
      indexedDB: [
        {
          name: "app",
          version: 1,
          stores: [
            {
              name: "items",
              autoIncrement: false,
              keyPath: "id",
              indexes: [],
              records: [{ value: { id: 1, secret: SECRET } }, { value: { id: 2 } }],
            },
          ],
        },
      ],
    },
  ],
};

contract("profile state", (c) => {
  it("summarises an empty state as no origins, and a saved one without any value", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    expect(await ds.profiles.state(profile.id)).toEqual({ bytes: 0, updated_at: null, origins: [] });
    const session = await ds.sessions.create({ profile_id: profile.id });
    await ds.sessions.cookies.add(session.id, { cookies: [LOGIN] });
    const ended = await ds.sessions.destroy(session.id);
    const stored = await ds.profiles.get(profile.id);
    expect(ended.saved).toEqual({ origins: 1, cookies: 1, bytes: stored.state_bytes });
    const summary = await ds.profiles.state(profile.id);
    expect(summary).toEqual({
      bytes: stored.state_bytes,
      updated_at: stored.state_updated_at,
      origins: [
        {
          origin: "https://example.org",
          cookies: [
            expect.objectContaining({ name: "login", domain: "example.org", path: "/", value_bytes: SECRET.length }),
          ],
          local_storage: { keys: 0, bytes: 0 },
          indexed_db: [],
        },
      ],
    });
    expect(JSON.stringify(summary)).not.toContain(SECRET);
  });

  it("exports a state and imports it into another profile, whose next session carries it", async () => {
    const ds = c.client();
    const a = await ds.profiles.create({ name: "a" });
    const b = await ds.profiles.create({ name: "b" });
    const imported = await ds.profiles.importState(a.id, DOC);
    expect(imported.state_bytes).toBeGreaterThan(0);
    expect(imported.state_updated_at).toMatch(ISO_MS);
    const exported = await ds.profiles.exportState(a.id);
    expect(exported).toEqual(DOC);
    await ds.profiles.importState(b.id, exported);
    const summary = await ds.profiles.state(b.id);
    expect(summary.origins).toEqual([
      {
        origin: "https://example.org",
        cookies: [expect.objectContaining({ name: "sid", http_only: true })],
        local_storage: { keys: 1, bytes: "token".length + SECRET.length },
        indexed_db: [{ name: "app", version: 1, stores: [{ name: "items", records: 2 }] }],
      },
    ]);
    const session = await ds.sessions.create({ profile_id: b.id });
    expect((await ds.sessions.cookies.list(session.id)).data).toEqual([
      expect.objectContaining({ name: "sid", value: SECRET, http_only: true }),
    ]);
    await ds.sessions.destroy(session.id);
    expect(await ds.profiles.exportState(b.id)).toEqual(DOC);
    const audit = await ds.auditLog.list({ target_id: a.id });
    expect(audit.data.map((e) => e.action)).toEqual(
      expect.arrayContaining(["profile.state_imported", "profile.state_exported"]),
    );
  });

  it("refuses a malformed import with field paths, and changes nothing", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const bad = { cookies: [{ ...IMPORTED_COOKIE, sameSite: "Sometimes" }], origins: [{ origin: "nope" }] };
    const error = await rejection(ds.profiles.importState(profile.id, bad as never), ValidationFailedError);
    expect(error.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["cookies.0.sameSite", "origins.0.origin", "origins.0.localStorage"]),
    );
    expect((await ds.profiles.get(profile.id)).state_bytes).toBeNull();
  });

  it("refuses an import while a writer session is active or queued (409), and one over the tier's cap (413)", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const writer = await ds.sessions.create({ profile_id: profile.id });
    await rejection(ds.profiles.importState(profile.id, DOC), ConflictError);
    const queued = await ds.sessions.create({ profile_id: profile.id });
    expect(queued.status).toBe("queued");
    await ds.sessions.destroy(writer.id);
    await rejection(ds.profiles.importState(profile.id, DOC), ConflictError);
    await ds.sessions.destroy(queued.id);
    await ds.profiles.importState(profile.id, DOC);

    const trial = c.client("trial");
    const small = await trial.profiles.create({ name: "small" });
    const huge = {
      cookies: [],
      origins: [{ origin: "https://example.org", localStorage: [{ name: "k", value: "x".repeat(2.5 * 1024 * 1024) }] }],
    };
    await rejection(trial.profiles.importState(small.id, huge), PayloadTooLargeError);
    expect((await trial.profiles.get(small.id)).state_bytes).toBeNull();
  });

  it("replays an import under the same Idempotency-Key instead of applying it again", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const first = await ds.profiles.importState(profile.id, DOC, { idempotencyKey: "import-1" });
    const other = await ds.profiles.importState(profile.id, { cookies: [], origins: [] });
    const again = await ds.profiles.importState(profile.id, DOC, { idempotencyKey: "import-1" });
    expect(again).toEqual(first);
    expect((await ds.profiles.get(profile.id)).state_bytes).toBe(other.state_bytes);
  });

  it("lets only admin keys export", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    await rejection(c.reader().profiles.exportState(profile.id), PermissionDeniedError);
    await rejection(c.reader().profiles.importState(profile.id, DOC), PermissionDeniedError);
    expect((await c.reader().profiles.state(profile.id)).origins).toEqual([]);
  });
});

contract("snapshot state and diffs", (c) => {
  it("summarises a snapshot and diffs it against its parent, another profile or snapshot", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    await ds.profiles.importState(profile.id, DOC);
    const snapshot = await ds.profiles.snapshots.create(profile.id, { label: "before" });
    expect(await ds.snapshots.state(snapshot.id)).toEqual(await ds.profiles.state(profile.id));
    expect(await ds.snapshots.diff(snapshot.id)).toEqual({ against: profile.id, origins: [] });

    const session = await ds.sessions.create({ profile_id: profile.id });
    await ds.sessions.cookies.add(session.id, { cookies: [LOGIN, { ...LOGIN, name: "sid", value: "rotated" }] });
    await ds.sessions.destroy(session.id);
    const diff = await ds.snapshots.diff(snapshot.id);
    expect(diff.origins).toEqual([
      {
        origin: "https://example.org",
        cookies: {
          added: [{ name: "login", domain: "example.org", path: "/" }],
          removed: [],
          changed: [{ name: "sid", domain: "example.org", path: "/" }],
        },
        local_storage: { added: [], removed: [], changed: [] },
        indexed_db: { added: [], removed: [], changed: [] },
      },
    ]);
    expect(JSON.stringify(diff)).not.toContain(SECRET);

    const empty = await ds.profiles.create({ name: "empty" });
    const againstEmpty = await ds.snapshots.diff(snapshot.id, { against: empty.id });
    expect(againstEmpty.origins[0]?.local_storage.removed).toEqual([{ key: "token" }]);
    expect(againstEmpty.origins[0]?.indexed_db.removed).toEqual([{ database: "app", store: "items", records: 2 }]);
    expect((await ds.snapshots.diff(snapshot.id, { against: snapshot.id })).origins).toEqual([]);
    await rejection(ds.snapshots.diff(snapshot.id, { against: "prof_nothing" }), NotFoundError);
    await ds.profiles.delete(profile.id);
    await rejection(ds.snapshots.diff(snapshot.id), NotFoundError);
    expect((await ds.snapshots.diff(snapshot.id, { against: empty.id })).origins).toHaveLength(1);
  });
});

contract("checkpoints", (c) => {
  it("saves a live session's state without ending it, with a snapshot of exactly that state", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const session = await ds.sessions.create({ profile_id: profile.id });
    await ds.sessions.cookies.add(session.id, { cookies: [LOGIN] });
    const saved = await ds.sessions.checkpoint(session.id, { snapshot: { label: "mid-run" } });
    const stored = await ds.profiles.get(profile.id);
    expect(saved).toEqual({
      state_persisted_at: stored.state_updated_at,
      state_bytes: stored.state_bytes,
      saved: { origins: 1, cookies: 1, bytes: stored.state_bytes },
      snapshot: expect.objectContaining({ label: "mid-run", state_bytes: stored.state_bytes }),
    });
    expect(await ds.sessions.get(session.id)).toMatchObject({
      status: "active",
      state_persisted_at: saved.state_persisted_at,
    });
    expect(await ds.sessions.checkpoint(session.id)).not.toHaveProperty("snapshot");
    expect((await ds.sessions.cookies.list(session.id)).data).toHaveLength(1);
  });

  it("refuses read-only, queued and ended sessions (409)", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const reader = await ds.sessions.create({ profile_id: profile.id, persist: false });
    await rejection(ds.sessions.checkpoint(reader.id), ConflictError);
    const writer = await ds.sessions.create({ profile_id: profile.id });
    const queued = await ds.sessions.create({ profile_id: profile.id });
    await rejection(ds.sessions.checkpoint(queued.id), ConflictError);
    await ds.sessions.destroy(writer.id);
    await rejection(ds.sessions.checkpoint(writer.id), ConflictError);
    expect((await ds.profiles.snapshots.list(profile.id)).data).toEqual([]);
  });

  it("answers restore with what the new profile carries", async () => {
    const ds = c.client();
    const profile = await ds.profiles.create({ name: "p" });
    const bare = await ds.profiles.snapshots.create(profile.id, { label: "bare" });
    expect((await ds.snapshots.restore(bare.id)).saved).toBeNull();
    const withState = await ds.profiles.importState(profile.id, DOC);
    const snapshot = await ds.profiles.snapshots.create(profile.id, { label: "full" });
    const restored = await ds.snapshots.restore(snapshot.id, { name: "r" });
    expect(restored.saved).toEqual({ origins: 1, cookies: 1, bytes: withState.state_bytes });
  });
});
