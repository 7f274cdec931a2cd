import { createRoute } from "@hono/zod-openapi";
import { jsonBody, jsonResponse, problemResponses } from "../api/responses";
import { CheckpointBody, CheckpointResult } from "../api/state-schemas";
import { isoTime } from "../domain/clock";
import { newRouter } from "../http/openapi";
import { presentSnapshot } from "../store/snapshots";
import { ACTION_PROBLEMS, BODY_PROBLEMS, idParams, tags } from "./session-parts";

/** `POST /v1/sessions/{id}/checkpoint`: save a live session's state without ending it. */
export const sessionCheckpointRouter = newRouter().openapi(
  createRoute({
    method: "post",
    path: "/{id}/checkpoint",
    tags,
    operationId: "checkpointSession",
    summary: "Save a live session's state",
    description:
      "Writes the session's current cookies, localStorage and IndexedDB to its profile without closing it, after the actions already queued on it, atomically like a destroy: the stored state is the old one or the new one, never torn. With `snapshot: {label}` a snapshot of exactly that state is captured in the same transaction. Writer sessions only: 409 for `persist: false`, and for a queued or ended session. A state over the tier's cap is 413 and the session stays active with the last good state kept; a browser that died or a page that stopped answering ends the session (409), keeping the last good state.",
    request: { params: idParams, body: jsonBody(CheckpointBody, false) },
    responses: {
      200: jsonResponse(CheckpointResult, "What was saved."),
      ...problemResponses("ValidationFailed", "IdempotencyKeyReused", ...BODY_PROBLEMS, ...ACTION_PROBLEMS),
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
