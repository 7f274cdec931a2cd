import { toPage } from "../api/pagination";
import { DERIVED_PROFILE_PROBLEMS, ProfileIdParams } from "../api/profile-schemas";
import { presentProfile } from "../api/profile-wire";
import { jsonBody, jsonResponse, problemResponses } from "../api/responses";
import {
  AccountSnapshotListQuery,
  CaptureSnapshotBody,
  RestoreSnapshotBody,
  Snapshot,
  SnapshotIdParams,
  SnapshotListQuery,
  SnapshotPage,
} from "../api/snapshot-schemas";
import { presentSnapshot } from "../api/snapshot-wire";
import { RestoredProfile } from "../api/state-schemas";
import { parsePortableState } from "../domain/portable-state";
import { countState } from "../domain/state-summary";
import { createRoute, newRouter } from "../http/openapi";
import { getProfile, insertDerivedProfile } from "../store/profiles";
import { captureSnapshot, deleteSnapshot, getSnapshot, listSnapshots } from "../store/snapshots";
import { stateById } from "../store/states";

const tags = ["Snapshots"];

/** `/v1/profiles/{id}/snapshots`: capture and list one profile's snapshots. */
export const profileSnapshotsRouter = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/snapshots",
      tags,
      operationId: "captureSnapshot",
      summary: "Capture a snapshot",
      description:
        "Captures an immutable point-in-time copy of a profile: `parent_name`, `parent_archetype`, the description and the profile's last persisted browser state are frozen at capture. The parent keeps evolving; the snapshot does not. Snapshots have no automatic lifecycle: they stay until deleted.",
      request: { params: ProfileIdParams, body: jsonBody(CaptureSnapshotBody) },
      responses: {
        200: jsonResponse(Snapshot, "The snapshot."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const { db, clock } = c.var.deps;
      const row = await db.write((tx) =>
        captureSnapshot(tx, {
          caller: c.var.caller,
          profileId: id,
          label: body.label,
          description: body.description,
          now: clock.now(),
        }),
      );
      return c.json(presentSnapshot(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/snapshots",
      tags,
      operationId: "listProfileSnapshots",
      summary: "List a profile's snapshots",
      description:
        "The profile's snapshots, newest first, paginated like every list. 404 if the profile is not in this account.",
      request: { params: ProfileIdParams, query: SnapshotListQuery },
      responses: {
        200: jsonResponse(SnapshotPage, "A page of snapshots."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      const accountId = c.var.caller.account.id;
      const rows = await c.var.deps.db.read(async (q) => {
        await getProfile(q, accountId, id);
        return listSnapshots(q, accountId, { ...query, parentProfileId: id });
      });
      return c.json(toPage(rows, query.limit, presentSnapshot), 200);
    },
  );

/** `/v1/profile-snapshots`: every snapshot of the account, by id. */
export const snapshotsRouter = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      operationId: "listSnapshots",
      summary: "List the account's snapshots",
      description:
        "Every snapshot owned by the account, across all profiles (including those whose parent was deleted), newest first. `parent_profile_id` narrows to one profile.",
      request: { query: AccountSnapshotListQuery },
      responses: {
        200: jsonResponse(SnapshotPage, "A page of snapshots."),
      },
    }),
    async (c) => {
      const { parent_profile_id, ...query } = c.req.valid("query");
      const rows = await c.var.deps.db.read((q) =>
        listSnapshots(q, c.var.caller.account.id, { ...query, parentProfileId: parent_profile_id }),
      );
      return c.json(toPage(rows, query.limit, presentSnapshot), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      operationId: "getSnapshot",
      summary: "Get a snapshot",
      description: "404 if the snapshot does not exist or belongs to another account.",
      request: { params: SnapshotIdParams },
      responses: {
        200: jsonResponse(Snapshot, "The snapshot."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await c.var.deps.db.read((q) => getSnapshot(q, c.var.caller.account.id, id));
      return c.json(presentSnapshot(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/restore",
      tags,
      operationId: "restoreSnapshot",
      summary: "Restore a snapshot into a new profile",
      description:
        "Creates a NEW profile carrying the snapshot's `parent_archetype`, description and captured browser state. The original parent is not modified, even if it has been renamed, edited or deleted meanwhile. Without `name`, the clone naming rule applies to `parent_name`. The new profile counts against the tier cap (429) and 409s on a name collision. Its `profile.created` audit entry carries `payload.restored_from_snapshot`.",
      request: { params: SnapshotIdParams, body: jsonBody(RestoreSnapshotBody, false) },
      responses: {
        200: jsonResponse(RestoredProfile, "The new profile; `saved` counts the state it carries."),
        ...problemResponses(...DERIVED_PROFILE_PROBLEMS),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const { db, clock } = c.var.deps;
      const caller = c.var.caller;
      const { row, state } = await db.write(async (tx) => {
        const snapshot = await getSnapshot(tx, caller.account.id, id);
        const state = await stateById(tx, caller.account.id, snapshot.stateId);
        const row = await insertDerivedProfile(tx, {
          caller,
          explicitName: body.name,
          baseName: snapshot.parentName,
          archetype: snapshot.parentArchetype,
          description: snapshot.description,
          stateId: snapshot.stateId,
          provenance: { restored_from_snapshot: snapshot.id },
          now: clock.now(),
        });
        return { row, state };
      });
      const saved = state && countState(parsePortableState(state.data), state.bytes);
      return c.json({ ...presentProfile(row), saved }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      operationId: "deleteSnapshot",
      summary: "Delete a snapshot",
      description:
        "Deletes the snapshot and, unless a profile restored from it still uses it, its captured state. 204, then 404.",
      request: { params: SnapshotIdParams },
      responses: {
        204: { description: "Deleted." },
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { db, clock } = c.var.deps;
      await db.write((tx) => deleteSnapshot(tx, { caller: c.var.caller, id, now: clock.now() }));
      return c.body(null, 204);
    },
  );
