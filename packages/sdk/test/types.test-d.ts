import { describe, expectTypeOf, it } from "vitest";
import {
  type Account,
  type Archetype,
  type AuditEntry,
  type components,
  type DestroyedSession,
  Driftstack,
  type Page,
  type PagePromise,
  type PortableState,
  type Profile,
  type ProfileCreateParams,
  type ProfileState,
  type RequestOptions,
  type RestoredProfile,
  type Session,
  type SessionCheckpoint,
  type SessionGotoResult,
  type Snapshot,
  type SnapshotDiff,
  TierLimitError,
  type ValidationFailedError,
  type WithRequestId,
  type WithResponse,
} from "../src";

/**
 * Compile-time checks: `pnpm test:types` (vitest's typecheck mode, part of
 * `pnpm typecheck`) reports them, and a type error fails it. Nothing here runs.
 */
const ds = new Driftstack({ apiKey: "dsk_types", fetch: async () => Response.json({}), maxRetries: 0 });

describe("request types come from the spec", () => {
  it("rejects wrong bodies", async () => {
    // @ts-expect-error unknown field
    await ds.profiles.create({ name: "a", colour: "red" });
    // @ts-expect-error missing name
    await ds.profiles.create({ description: "no name" });
    // @ts-expect-error wrong type
    await ds.profiles.create({ name: 42 });
    // @ts-expect-error archetype outside the catalogue
    await ds.profiles.create({ name: "a", archetype: "pixel9" });
    // @ts-expect-error archetype is not editable: clone instead
    await ds.profiles.update("prof_x", { archetype: "iphone15_ios17_5_safari17_5" });
    // @ts-expect-error label is required
    await ds.profiles.snapshots.create("prof_x", {});
    // @ts-expect-error restore takes only a name
    await ds.snapshots.restore("psnap_x", { label: "x" });
    // @ts-expect-error unknown list filter
    ds.profiles.list({ colour: "red" });
    // @ts-expect-error action outside the enum
    ds.auditLog.list({ action: "profile.renamed" });
    // @ts-expect-error unknown request option
    await ds.account.me({ retries: 3 });
    // nullable description is allowed where the spec allows it
    await ds.profiles.update("prof_x", { description: null });
  });

  it("parameter types are the generated ones, not restatements", () => {
    expectTypeOf<ProfileCreateParams>().toEqualTypeOf<components["schemas"]["CreateProfileRequest"]>();
    expectTypeOf<Profile>().toEqualTypeOf<components["schemas"]["Profile"]>();
    expectTypeOf<Parameters<typeof ds.profiles.create>[1]>().toEqualTypeOf<RequestOptions | undefined>();
  });
});

describe("results are typed", () => {
  it("single resources", () => {
    expectTypeOf(ds.profiles.create).returns.resolves.toEqualTypeOf<WithRequestId<Profile>>();
    expectTypeOf(ds.profiles.get).returns.resolves.toHaveProperty("state_bytes").toEqualTypeOf<number | null>();
    expectTypeOf(ds.profiles.delete).returns.resolves.toBeVoid();
    expectTypeOf(ds.profiles.clone).returns.resolves.toEqualTypeOf<WithRequestId<Profile>>();
    expectTypeOf(ds.snapshots.restore).returns.resolves.toEqualTypeOf<WithRequestId<RestoredProfile>>();
    expectTypeOf(ds.profiles.snapshots.create).returns.resolves.toEqualTypeOf<WithRequestId<Snapshot>>();
    expectTypeOf(ds.account.me).returns.resolves.toEqualTypeOf<WithRequestId<Account>>();
    expectTypeOf<Account["tier"]>().toEqualTypeOf<components["schemas"]["Account"]["tier"]>();
  });

  it("profile state", () => {
    expectTypeOf(ds.profiles.state).returns.resolves.toEqualTypeOf<WithRequestId<ProfileState>>();
    expectTypeOf(ds.snapshots.state).returns.resolves.toEqualTypeOf<WithRequestId<ProfileState>>();
    expectTypeOf(ds.snapshots.diff).returns.resolves.toEqualTypeOf<WithRequestId<SnapshotDiff>>();
    expectTypeOf(ds.profiles.exportState).returns.resolves.toEqualTypeOf<WithRequestId<PortableState>>();
    expectTypeOf(ds.profiles.importState).parameter(1).toEqualTypeOf<PortableState>();
    expectTypeOf<ProfileState["origins"][number]["cookies"][number]>().not.toHaveProperty("value");
  });

  it("lists: awaitable pages and async iterables of items", () => {
    expectTypeOf(ds.profiles.list()).toEqualTypeOf<PagePromise<Profile>>();
    expectTypeOf(ds.profiles.list()).resolves.toEqualTypeOf<Page<Profile>>();
    expectTypeOf<Awaited<ReturnType<typeof ds.profiles.list>>["next_cursor"]>().toEqualTypeOf<string | null>();
    expectTypeOf(ds.archetypes.list()).toMatchTypeOf<AsyncIterable<Archetype>>();
    expectTypeOf(ds.auditLog.list()).toMatchTypeOf<AsyncIterable<AuditEntry>>();
    expectTypeOf(ds.snapshots.list().toArray).returns.resolves.toEqualTypeOf<Snapshot[]>();
    expectTypeOf<AuditEntry["action"]>().toEqualTypeOf<components["schemas"]["AuditEntry"]["action"]>();
  });

  it("sessions", () => {
    expectTypeOf(ds.sessions.create).returns.resolves.toEqualTypeOf<WithRequestId<Session>>();
    expectTypeOf(ds.sessions.list()).toEqualTypeOf<PagePromise<Session>>();
    expectTypeOf<Session["status"]>().toEqualTypeOf<"queued" | "active" | "closed" | "failed">();
    expectTypeOf(ds.sessions.goto).returns.resolves.toEqualTypeOf<WithRequestId<SessionGotoResult>>();
    expectTypeOf(ds.sessions.evaluate).returns.resolves.toHaveProperty("result").toBeUnknown();
    expectTypeOf(ds.sessions.screenshot).returns.resolves.toEqualTypeOf<WithRequestId<Uint8Array>>();
    expectTypeOf(ds.sessions.destroy).returns.resolves.toEqualTypeOf<WithRequestId<DestroyedSession>>();
    expectTypeOf(ds.sessions.checkpoint).returns.resolves.toEqualTypeOf<WithRequestId<SessionCheckpoint>>();
    expectTypeOf<SessionCheckpoint["snapshot"]>().toEqualTypeOf<Snapshot | undefined>();
    expectTypeOf(ds.sessions.cookies.list).returns.toMatchTypeOf<AsyncIterable<{ name: string; http_only: boolean }>>();
  });

  it("session bodies are checked", async () => {
    // @ts-expect-error expression is required
    await ds.sessions.evaluate("sess_x", { timeout_ms: 1 });
    // @ts-expect-error url must be a string
    await ds.sessions.goto("sess_x", { url: new URL("https://example.org") });
    // @ts-expect-error status outside the enum
    ds.sessions.list({ status: "running" });
    // @ts-expect-error cookies need a name and value
    await ds.sessions.cookies.add("sess_x", { cookies: [{ name: "a" }] });
  });

  it("error classes expose typed details", () => {
    // The server always sends them with a TierLimit: no `undefined` to narrow away.
    expectTypeOf<TierLimitError["limit"]>().toEqualTypeOf<number>();
    expectTypeOf<TierLimitError["current"]>().toEqualTypeOf<number>();
    expectTypeOf<TierLimitError["resource"]>().toEqualTypeOf<string>();
    expectTypeOf<TierLimitError["tier"]>().toEqualTypeOf<string>();
    expectTypeOf<ValidationFailedError["errors"]>().toEqualTypeOf<{ path: string; message: string }[]>();
    expectTypeOf(new TierLimitError(429, {}, new Headers()).status).toBeNumber();
  });
});

describe("raw access and types by name", () => {
  it("withResponse and asResponse on calls and lists", () => {
    expectTypeOf(ds.profiles.get("prof_x").withResponse()).resolves.toEqualTypeOf<WithResponse<Profile>>();
    expectTypeOf(ds.profiles.get("prof_x").asResponse()).resolves.toEqualTypeOf<Response>();
    expectTypeOf(ds.profiles.list().withResponse())
      .resolves.toHaveProperty("data")
      .toEqualTypeOf<WithRequestId<Page<Profile>>>();
    expectTypeOf<WithResponse<Profile>["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WithRequestId<Profile>["_requestId"]>().toEqualTypeOf<string | undefined>();
  });

  it("the Driftstack namespace names every schema", () => {
    expectTypeOf<Driftstack.Profile>().toEqualTypeOf<components["schemas"]["Profile"]>();
    expectTypeOf<Driftstack.Snapshot>().toEqualTypeOf<Snapshot>();
    expectTypeOf<Driftstack.Session>().toEqualTypeOf<Session>();
    expectTypeOf<Driftstack.ProfileCreateParams>().toEqualTypeOf<ProfileCreateParams>();
    expectTypeOf<Driftstack.Problem["code"]>().toEqualTypeOf<components["schemas"]["Problem"]["code"]>();
    expectTypeOf<Driftstack.RequestOptions>().toEqualTypeOf<RequestOptions>();
  });

  it("withOptions returns a client", () => {
    expectTypeOf(ds.withOptions({ account: "acct_x", timeoutMs: 1 })).toEqualTypeOf<Driftstack>();
    // @ts-expect-error the API key is not a per-client override
    ds.withOptions({ apiKey: "dsk_other" });
  });
});
