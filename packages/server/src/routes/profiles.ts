import { toPageBy } from "../api/pagination";
import {
  ARCHETYPE_IS_STICKY,
  CloneProfileBody,
  CreateProfileBody,
  DERIVED_PROFILE_PROBLEMS,
  ListProfilesQuery,
  Profile,
  ProfileIdParams,
  ProfilePage,
  UpdateProfileBody,
} from "../api/profile-schemas";
import { presentProfile, presentProfileRow, profileRowId } from "../api/profile-wire";
import { jsonBody, jsonResponse, problemResponses } from "../api/responses";
import { DEFAULT_ARCHETYPE } from "../domain/archetypes";
import { validationFailed } from "../domain/problem";
import { createRoute, fieldErrors, newRouter } from "../http/openapi";
import { getProfileRow, listProfileRows } from "../store/profile-rows";
import { assertNameFree, assertRoomForProfile } from "../store/profile-rules";
import { deleteProfile, getProfile, insertDerivedProfile, insertProfile, updateProfile } from "../store/profiles";

const tags = ["Profiles"];

export const profilesRouter = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      operationId: "createProfile",
      summary: "Create a profile",
      description:
        "Creates a named, persistent browser identity pinned to a device archetype. `archetype` and `description` are optional; new profiles default to `" +
        DEFAULT_ARCHETYPE +
        "`. Returns the created profile with 200, not 201: the API uses 200 for both idempotent and one-shot creation. The tier cap and name uniqueness are checked and the row written in one transaction, so parallel creates can never pass the cap.",
      request: { body: jsonBody(CreateProfileBody) },
      responses: {
        200: jsonResponse(Profile, "The created profile."),
        ...problemResponses("Conflict", "TierLimit"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { db, clock } = c.var.deps;
      const caller = c.var.caller;
      const row = await db.write(async (tx) => {
        await assertNameFree(tx, caller.account.id, body.name);
        await assertRoomForProfile(tx, caller.account);
        return insertProfile(tx, {
          caller,
          name: body.name,
          archetype: body.archetype ?? DEFAULT_ARCHETYPE,
          description: body.description ?? null,
          now: clock.now(),
        });
      });
      return c.json(presentProfile(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      operationId: "listProfiles",
      summary: "List profiles",
      description:
        "Pages through the account's profiles, newest first (`created_at desc, id desc` for a stable tie-break). `limit` is 1–100 (default 50); `cursor` is the prior page's last id. Filters: `name` (exact) and `archetype`.",
      request: { query: ListProfilesQuery },
      responses: {
        200: jsonResponse(ProfilePage, "A page of profiles."),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const rows = await listProfileRows(c.var.deps.db, c.var.caller.account.id, query);
      return c.json(toPageBy(rows, query.limit, presentProfileRow, profileRowId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      operationId: "getProfile",
      summary: "Get a profile",
      description:
        "Returns 404 if the profile doesn't exist or belongs to a different account: existence does not leak across accounts.",
      request: { params: ProfileIdParams },
      responses: {
        200: jsonResponse(Profile, "The profile."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await getProfileRow(c.var.deps.db, c.var.caller.account.id, id);
      return c.json(presentProfileRow(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      operationId: "updateProfile",
      summary: "Rename a profile or edit its description",
      description:
        "Both fields optional; pass `description: null` to clear. The archetype is intentionally not editable (a body with `archetype` is 400): repin via `POST /v1/profiles/{id}/clone` with a new archetype, then delete the old profile after migration. A rename to a name the account already uses is 409.",
      request: { params: ProfileIdParams, body: jsonBody(UpdateProfileBody) },
      responses: {
        200: jsonResponse(Profile, "The updated profile."),
        ...problemResponses("NotFound", "Conflict"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const { db, clock } = c.var.deps;
      const row = await db.write((tx) =>
        updateProfile(tx, {
          caller: c.var.caller,
          id,
          name: body.name,
          description: body.description,
          now: clock.now(),
        }),
      );
      return c.json(presentProfile(row), 200);
    },
    (result) => {
      if (result.success) return undefined;
      const errors = fieldErrors(result.error).map((e) =>
        e.path === "archetype" ? { path: e.path, message: ARCHETYPE_IS_STICKY } : e,
      );
      throw validationFailed(errors);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      operationId: "deleteProfile",
      summary: "Delete a profile",
      description:
        "Hard-deletes the profile and cascades its browser state. Its live sessions end (`end_reason: profile_deleted`) without writing state back, and answer 410 afterwards. Its snapshots stay, with `parent_profile_id` set to null, and remain restorable. Returns 204; a second delete is 404 (the row is gone, not soft-deleted).",
      request: { params: ProfileIdParams },
      responses: {
        204: { description: "Deleted." },
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { db, clock } = c.var.deps;
      await db.write((tx) => deleteProfile(tx, { caller: c.var.caller, id, now: clock.now() }));
      await c.var.deps.sessions.endEndedElsewhere();
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/clone",
      tags,
      operationId: "cloneProfile",
      summary: "Clone a profile",
      description:
        "Creates a new profile that inherits the source's archetype and description. The body is optional: without `name` the server derives a free `<source> (copy)` / `(copy 2)` … name (up to `(copy 99)`, then 409; the base is shortened to keep the name within 64 characters). `archetype` repins the copy: the way to migrate a profile to another archetype. Browser state is not cloned: the new profile starts with a fresh state slot. Its `profile.created` audit entry carries `payload.cloned_from`. Errors mirror create: 429 if the clone would pass the cap, 409 on an explicit name collision, 404 if the source is not found in this account.",
      request: { params: ProfileIdParams, body: jsonBody(CloneProfileBody, false) },
      responses: {
        200: jsonResponse(Profile, "The new profile."),
        ...problemResponses(...DERIVED_PROFILE_PROBLEMS),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const { db, clock } = c.var.deps;
      const caller = c.var.caller;
      const row = await db.write(async (tx) => {
        const source = await getProfile(tx, caller.account.id, id);
        return insertDerivedProfile(tx, {
          caller,
          explicitName: body.name,
          baseName: source.name,
          archetype: body.archetype ?? source.archetype,
          description: source.description,
          provenance: { cloned_from: source.id },
          now: clock.now(),
        });
      });
      return c.json(presentProfile(row), 200);
    },
  );
