import type { Driftstack, RequestOptions } from "@driftstack/sdk";

export interface Ids {
  profileId: string;
  snapshotId: string;
  sessionId: string;
}

/**
 * One SDK call per operation of the spec. `text` varies the body (a field
 * that takes a string), so a suite can send a huge body or two different
 * bodies under one idempotency key; without it the body is an ordinary one.
 */
export type OperationCall = (ds: Driftstack, ids: Ids, text?: string, options?: RequestOptions) => PromiseLike<unknown>;

/** A cookie in the portable state shape of export and import. */
export const IMPORTED_COOKIE = {
  name: "sid",
  value: "v",
  domain: "example.org",
  path: "/",
  expires: -1,
  httpOnly: true,
  secure: true,
  sameSite: "Lax",
} as const;

export const OPERATIONS: Record<string, OperationCall> = {
  getAccount: (ds, _, __, o) => ds.account.me(o),
  listArchetypes: (ds, _, __, o) => ds.archetypes.list({}, o),
  createProfile: (ds, _, text, o) => ds.profiles.create({ name: text ?? "made" }, o),
  listProfiles: (ds, _, __, o) => ds.profiles.list({}, o),
  getProfile: (ds, ids, _, o) => ds.profiles.get(ids.profileId, o),
  updateProfile: (ds, ids, text, o) => ds.profiles.update(ids.profileId, { description: text ?? "edited" }, o),
  deleteProfile: (ds, ids, _, o) => ds.profiles.delete(ids.profileId, o),
  cloneProfile: (ds, ids, text, o) => ds.profiles.clone(ids.profileId, { name: text ?? "cloned" }, o),
  captureSnapshot: (ds, ids, text, o) => ds.profiles.snapshots.create(ids.profileId, { label: text ?? "label" }, o),
  listProfileSnapshots: (ds, ids, _, o) => ds.profiles.snapshots.list(ids.profileId, {}, o),
  listSnapshots: (ds, _, __, o) => ds.snapshots.list({}, o),
  getSnapshot: (ds, ids, _, o) => ds.snapshots.get(ids.snapshotId, o),
  deleteSnapshot: (ds, ids, _, o) => ds.snapshots.delete(ids.snapshotId, o),
  restoreSnapshot: (ds, ids, text, o) => ds.snapshots.restore(ids.snapshotId, { name: text ?? "restored" }, o),
  getProfileState: (ds, ids, _, o) => ds.profiles.state(ids.profileId, o),
  exportProfileState: (ds, ids, _, o) => ds.profiles.exportState(ids.profileId, o),
  importProfileState: (ds, ids, text, o) =>
    ds.profiles.importState(ids.profileId, { cookies: [{ ...IMPORTED_COOKIE, value: text ?? "v" }], origins: [] }, o),
  getSnapshotState: (ds, ids, _, o) => ds.snapshots.state(ids.snapshotId, o),
  diffSnapshot: (ds, ids, _, o) => ds.snapshots.diff(ids.snapshotId, {}, o),
  checkpointSession: (ds, ids, text, o) =>
    ds.sessions.checkpoint(ids.sessionId, { snapshot: { label: text ?? "cp" } }, o),
  listAuditLog: (ds, _, __, o) => ds.auditLog.list({}, o),
  createSession: (ds, ids, text, o) => ds.sessions.create({ profile_id: text ?? ids.profileId }, o),
  listSessions: (ds, _, __, o) => ds.sessions.list({}, o),
  getSession: (ds, ids, _, o) => ds.sessions.get(ids.sessionId, o),
  destroySession: (ds, ids, _, o) => ds.sessions.destroy(ids.sessionId, o),
  sessionGoto: (ds, ids, text, o) => ds.sessions.goto(ids.sessionId, { url: `https://example.org/${text ?? ""}` }, o),
  sessionEvaluate: (ds, ids, text, o) => ds.sessions.evaluate(ids.sessionId, { expression: text ?? "1" }, o),
  sessionScreenshot: (ds, ids, _, o) => ds.sessions.screenshot(ids.sessionId, o),
  listSessionCookies: (ds, ids, _, o) => ds.sessions.cookies.list(ids.sessionId, o),
  addSessionCookies: (ds, ids, text, o) =>
    ds.sessions.cookies.add(
      ids.sessionId,
      { cookies: [{ name: "c", value: text ?? "v", url: "https://example.org/" }] },
      o,
    ),
};

/** Ids that look real and name nothing: where an earlier check (401, 403) must answer first. */
export const NOWHERE: Ids = {
  profileId: "prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60",
  snapshotId: "psnap_0196b1c2-7a10-7b2e-8c3d-4e5f60718293",
  sessionId: "sess_0196b1c2-8b20-7c3f-9d4e-5f6071829304",
};

/** A profile with a snapshot and an active session, in the client's account. */
export async function fixture(ds: Driftstack): Promise<Ids> {
  const profile = await ds.profiles.create({ name: "fixture" });
  const snapshot = await ds.profiles.snapshots.create(profile.id, { label: "fixture" });
  const session = await ds.sessions.create({ profile_id: profile.id });
  return { profileId: profile.id, snapshotId: snapshot.id, sessionId: session.id };
}

export function callOf(operationId: string): OperationCall {
  const call = OPERATIONS[operationId];
  if (!call) throw new Error(`No SDK call for ${operationId} in OPERATIONS.`);
  return call;
}
