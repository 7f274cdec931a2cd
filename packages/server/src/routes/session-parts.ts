import { z } from "@hono/zod-openapi";
import { SessionId } from "../api/session-schemas";

// What the session routes (sessions.ts, session-cookies.ts) share.

export const tags = ["Sessions"];
export const idParams = z.object({ id: SessionId });
/** What acting on a session's browser can answer besides the problems every route shares. */
export const ACTION_PROBLEMS = ["NotFound", "Conflict", "Gone", "BrowserUnavailable"] as const;
