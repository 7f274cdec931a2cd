import { z } from "@hono/zod-openapi";
import { SessionId } from "../api/session-schemas";

// What the session routes (sessions.ts, session-cookies.ts) share.

export const tags = ["Sessions"];
export const idParams = z.object({ id: SessionId });
export const ACTION_PROBLEMS = [
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "Conflict",
  "Gone",
  "BrowserUnavailable",
] as const;
export const BODY_PROBLEMS = ["PayloadTooLarge", "UnsupportedMediaType"] as const;
