import { z } from "@hono/zod-openapi";
import { DEFAULT_ARCHETYPE } from "../domain/archetypes";
import { SESSION_STATUSES } from "../domain/session-status";
import { cursorParam, limitParam, pageOf } from "./pagination";
import { EXAMPLE_PROFILE_ID } from "./profile-schemas";

export const EXAMPLE_SESSION_ID = "sess_0196b1c2-8b20-7c3f-9d4e-5f6071829304";
const TIMEOUT_MAX_MS = 120_000;

export const SessionId = z.string().openapi({ param: { name: "id", in: "path" }, example: EXAMPLE_SESSION_ID });
export const SessionIdParams = z.object({ id: SessionId });

/** What acting on a session's browser can answer besides the problems every route shares. */
export const ACTION_PROBLEMS = ["NotFound", "Conflict", "Gone", "BrowserUnavailable"] as const;

export const Session = z
  .object({
    id: z.string().openapi({ example: EXAMPLE_SESSION_ID }),
    profile_id: z.string().openapi({ example: EXAMPLE_PROFILE_ID }),
    archetype: z.string().openapi({ example: DEFAULT_ARCHETYPE }),
    status: z.enum(SESSION_STATUSES).openapi({
      description: "`queued` behind the profile's active writer, `active`, `closed` (ended normally), or `failed`.",
      example: "active",
    }),
    queue_position: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "1 for the next writer to start; null unless queued.", example: null }),
    persist: z
      .boolean()
      .openapi({ description: "Whether the state is written back when the session ends.", example: true }),
    idle_timeout_s: z.number().int().openapi({ example: 300 }),
    engine: z.string().nullable().openapi({ description: "`webkit`, `chromium` or `fake`.", example: "chromium" }),
    created_at: z.string().openapi({ example: "2026-05-09T22:00:00.000Z" }),
    started_at: z.string().nullable().openapi({ example: "2026-05-09T22:00:00.412Z" }),
    ended_at: z.string().nullable().openapi({ example: null }),
    end_reason: z.string().nullable().openapi({
      description:
        "`destroyed`, `idle_timeout`, `cancelled` (destroyed while queued), `profile_deleted`, `browser_crashed`, `browser_error`, `page_unresponsive` (the page stopped answering and was given up; the last good state stays), `state_too_large` (the state to save exceeded the tier's state cap or `DRIFTSTACK_MAX_STATE_BYTES`; the last good state stays), `server_shutdown` or `server_lost`.",
      example: null,
    }),
    state_persisted_at: z
      .string()
      .nullable()
      .openapi({ description: "When the session's state was written back to the profile.", example: null }),
    state_restored: z.enum(["full", "portable", "none"]).nullable().openapi({
      description:
        "What the session's browser started from, once it has opened (null while queued or opening): `full` (the profile's portable layer and the engine-native layer of this engine and backend: service workers, Cache Storage and the rest of the engine's data), `portable` (cookies, localStorage and IndexedDB only: the profile's native layer is of another engine or backend, or it has none) or `none` (the profile has no stored state yet).",
      example: "full",
    }),
  })
  .openapi("Session");

export const SessionPage = pageOf(Session, "SessionPage");

export const CreateSessionBody = z
  .strictObject({
    profile_id: z.string().openapi({ example: EXAMPLE_PROFILE_ID }),
    persist: z.boolean().default(true).openapi({
      description: "false: a read-only session that starts at once from the stored state and never writes it back.",
    }),
    idle_timeout_s: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(300)
      .openapi({ description: "Idle seconds after which the session closes and persists by itself." }),
  })
  .openapi("CreateSessionRequest");

export const ListSessionsQuery = z.strictObject({
  limit: limitParam,
  cursor: cursorParam(EXAMPLE_SESSION_ID),
  profile_id: z
    .string()
    .optional()
    .openapi({ param: { name: "profile_id", in: "query" }, example: EXAMPLE_PROFILE_ID }),
  status: z
    .enum(SESSION_STATUSES)
    .optional()
    .openapi({ param: { name: "status", in: "query" } }),
});

const timeoutMs = z
  .number()
  .int()
  .min(1)
  .max(TIMEOUT_MAX_MS)
  .default(30_000)
  .openapi({ description: "Milliseconds before giving up, at most 120000.", example: 30000 });

export const GotoBody = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
      .openapi({ example: "https://example.org/login" }),
    timeout_ms: timeoutMs.optional(),
  })
  .openapi("GotoRequest");

export const GotoResult = z
  .object({
    url: z.string().openapi({ description: "The URL after redirects.", example: "https://example.org/login" }),
    status: z.number().int().nullable().openapi({ description: "The main response's HTTP status.", example: 200 }),
    title: z.string().openapi({ example: "Sign in" }),
  })
  .openapi("GotoResult");

export const EvaluateBody = z
  .strictObject({
    expression: z.string().min(1).max(100_000).openapi({ example: "document.title" }),
    timeout_ms: timeoutMs.optional(),
  })
  .openapi("EvaluateRequest");

export const EvaluateResult = z
  .object({ result: z.unknown().openapi({ description: "The expression's JSON value (a promise is awaited)." }) })
  .openapi("EvaluateResult");

const SameSite = z.enum(["Strict", "Lax", "None"]);

export const Cookie = z
  .object({
    name: z.string().openapi({ example: "session" }),
    value: z.string().openapi({ example: "abc123" }),
    domain: z.string().openapi({ example: "example.org" }),
    path: z.string().openapi({ example: "/" }),
    expires: z.number().openapi({ description: "Seconds since the epoch; -1 for a session cookie.", example: -1 }),
    http_only: z.boolean(),
    secure: z.boolean(),
    same_site: SameSite,
  })
  .openapi("Cookie");

export const CookiePage = pageOf(Cookie, "CookiePage");

export const AddCookiesBody = z
  .strictObject({
    cookies: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          value: z.string(),
          url: z
            .string()
            .optional()
            .openapi({ description: "Sets domain, path and secure from the URL; or give domain." }),
          domain: z.string().optional(),
          path: z.string().optional(),
          expires: z.number().optional(),
          http_only: z.boolean().optional(),
          secure: z.boolean().optional(),
          same_site: SameSite.optional(),
        }),
      )
      .min(1)
      .max(100),
  })
  .openapi("AddCookiesRequest");
