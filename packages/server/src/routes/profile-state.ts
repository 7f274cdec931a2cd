import { Profile, ProfileIdParams } from "../api/profile-schemas";
import { presentProfile } from "../api/profile-wire";
import { jsonBody, jsonResponse, problemResponses } from "../api/responses";
import { summarizeStored } from "../api/state-mappers";
import { PortableStateDocument, StateSummary } from "../api/state-schemas";
import { EMPTY_STATE, utf8Bytes } from "../domain/portable-state";
import { ProblemError } from "../domain/problem";
import { stateCap } from "../domain/tiers";
import { PLAYWRIGHT_STATE_FORMAT } from "../driver/state";
import { assertAdmin } from "../http/admin-only";
import { createRoute, newRouter } from "../http/openapi";
import { recordAudit } from "../store/audit";
import { getProfile } from "../store/profiles";
import { importProfileState } from "../store/state-import";
import { stateById } from "../store/states";

const tags = ["Profile state"];

/** `/v1/profiles/{id}/state`: what a profile's stored state holds, and moving it in and out whole. */
export const profileStateRouter = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/state",
      tags,
      operationId: "getProfileState",
      summary: "Summarise a profile's stored state",
      description:
        "Per origin: the cookies (attributes, expiry and value sizes), localStorage key count and size, and IndexedDB databases with each store's record count, read from the stored state without starting a browser. No value is ever included. A profile without state answers `origins: []`.",
      request: { params: ProfileIdParams },
      responses: {
        200: jsonResponse(StateSummary, "The state summary."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const accountId = c.var.caller.account.id;
      const stored = await c.var.deps.db.read(async (q) =>
        stateById(q, accountId, (await getProfile(q, accountId, id)).stateId),
      );
      return c.json(summarizeStored(stored), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/state/export",
      tags,
      operationId: "exportProfileState",
      summary: "Export a profile's state",
      description:
        "The whole stored state, values included, as a Playwright `storageState` document (cookies; per origin localStorage and IndexedDB) that `PUT /v1/profiles/{id}/state` takes back. Admin keys only, because it carries live credentials; audited as `profile.state_exported`.",
      request: { params: ProfileIdParams },
      responses: {
        200: jsonResponse(PortableStateDocument, "The portable state."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { db, clock } = c.var.deps;
      const caller = c.var.caller;
      assertAdmin(caller);
      const stored = await db.write(async (tx) => {
        const profile = await getProfile(tx, caller.account.id, id);
        const state = await stateById(tx, caller.account.id, profile.stateId);
        await recordAudit(tx, {
          caller,
          action: "profile.state_exported",
          target: { type: "profile", id: profile.id },
          payload: { bytes: state?.bytes ?? 0 },
          now: clock.now(),
        });
        return state;
      });
      const document = stored === null ? EMPTY_STATE : (JSON.parse(stored.data) as PortableStateDocument);
      return c.json(document, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/{id}/state",
      tags,
      operationId: "importProfileState",
      summary: "Replace a profile's state",
      description:
        "Replaces the profile's stored state with a document in the shape `GET /v1/profiles/{id}/state/export` answers; the next session starts from it. The body may be larger than other requests' 1 MiB, up to the account tier's state cap (README, tier table): a state over the cap is 413. 409 while a writer session is active or queued on the profile (its save would overwrite the import). `Idempotency-Key` is honoured. Audited as `profile.state_imported`.",
      request: { params: ProfileIdParams, body: jsonBody(PortableStateDocument) },
      responses: {
        200: jsonResponse(Profile, "The profile, with its new state's size."),
        ...problemResponses("NotFound", "Conflict"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const document = c.req.valid("json");
      const { db, clock, sessions } = c.var.deps;
      const caller = c.var.caller;
      const data = JSON.stringify(document);
      const bytes = utf8Bytes(data);
      const cap = stateCap(caller.account.tier, sessions.maxStateBytes);
      if (bytes > cap) {
        throw new ProblemError(
          "PayloadTooLarge",
          `The state takes ${bytes} bytes; profiles of the ${caller.account.tier} tier store at most ${cap}.`,
        );
      }
      const row = await db.write((tx) =>
        importProfileState(tx, {
          caller,
          profileId: id,
          format: PLAYWRIGHT_STATE_FORMAT,
          data,
          bytes,
          now: clock.now(),
        }),
      );
      return c.json(presentProfile(row), 200);
    },
  );
