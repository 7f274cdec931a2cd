import { jsonBody, jsonResponse, problemResponses } from "../api/responses";
import { ACTION_PROBLEMS, SessionIdParams } from "../api/session-schemas";
import { presentSnapshot } from "../api/snapshot-wire";
import { CheckpointBody, CheckpointResult } from "../api/state-schemas";
import { isoTime } from "../domain/clock";
import { createRoute, newRouter } from "../http/openapi";

const tags = ["Sessions"];

/** `POST /v1/sessions/{id}/checkpoint`: save a live session's state without ending it. */
export const sessionCheckpointRouter = newRouter().openapi(
  createRoute({
    method: "post",
    path: "/{id}/checkpoint",
    tags,
    operationId: "checkpointSession",
    summary: "Save a live session's state",
    description:
      "Writes the session's current cookies, localStorage and IndexedDB (the portable layer) to its profile without closing it, after the actions already queued on it, atomically like a destroy: the stored state is the old one or the new one, never torn. With `snapshot: {label}` a snapshot of exactly that state is captured in the same transaction. Writer sessions only: 409 for `persist: false`, and for a queued or ended session. A state over the tier's cap is 413 and the session stays active with the last good state kept; a browser that died or a page that stopped answering ends the session (409), keeping the last good state. The engine-native layer (service workers, Cache Storage) cannot be read while the browser runs: a checkpoint stores the portable layer alone, and the session's end saves both layers again; until then the profile's next session would start `portable`.",
    request: { params: SessionIdParams, body: jsonBody(CheckpointBody, false) },
    responses: {
      200: jsonResponse(CheckpointResult, "What was saved."),
      ...problemResponses(...ACTION_PROBLEMS),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const saved = await c.var.deps.sessions.checkpoint(c.var.caller, id, body.snapshot?.label);
    return c.json(
      {
        state_persisted_at: isoTime(saved.persistedAt),
        state_bytes: saved.saved.bytes,
        saved: saved.saved,
        ...(saved.snapshot ? { snapshot: presentSnapshot(saved.snapshot) } : {}),
      },
      200,
    );
  },
);
