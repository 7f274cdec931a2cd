import type { Context } from "hono";
import { toPage } from "../api/pagination";
import { jsonBody, jsonResponse, pngResponse, problemResponses } from "../api/responses";
import {
  ACTION_PROBLEMS,
  CreateSessionBody,
  EvaluateBody,
  EvaluateResult,
  GotoBody,
  GotoResult,
  ListSessionsQuery,
  Session,
  SessionIdParams,
  SessionPage,
} from "../api/session-schemas";
import { presentSession } from "../api/session-wire";
import { DestroyedSession } from "../api/state-schemas";
import type { AppEnv } from "../context";
import { isPrivateHost } from "../domain/private-hosts";
import { ProblemError, validationFailed } from "../domain/problem";
import { createRoute, newRouter } from "../http/openapi";
import { getSession, listSessions, queuePosition, type SessionRow } from "../store/sessions";

const tags = ["Sessions"];

async function present(c: Context<AppEnv>, row: SessionRow) {
  return presentSession(row, await c.var.deps.db.read((q) => queuePosition(q, row)));
}

export const sessionsRouter = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      operationId: "createSession",
      summary: "Open a session on a profile",
      description:
        "Opens a real browser as the profile's device archetype, starting from the profile's stored state, and touches the profile's `last_used_at`. One writer per profile: while another `persist` session is active on it, this one is `queued` (FIFO) and starts by itself when the ones ahead end. `persist: false` sessions are read-only: they start at once and never write the state back. 503 `BrowserUnavailable` when the server has no browser engine; 429 `SessionLimit` when the server runs its maximum of active sessions.",
      request: { body: jsonBody(CreateSessionBody) },
      responses: {
        200: jsonResponse(Session, "The session: `active`, or `queued` with its `queue_position`."),
        ...problemResponses("NotFound", "SessionLimit", "BrowserUnavailable"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const row = await c.var.deps.sessions.create(c.var.caller, {
        profileId: body.profile_id,
        persist: body.persist,
        idleTimeoutS: body.idle_timeout_s,
      });
      return c.json(await present(c, row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      operationId: "listSessions",
      summary: "List sessions",
      description: "The account's sessions, newest first; filters `profile_id` and `status`.",
      request: { query: ListSessionsQuery },
      responses: {
        200: jsonResponse(SessionPage, "A page of sessions."),
      },
    }),
    async (c) => {
      const { profile_id, ...query } = c.req.valid("query");
      const rows = await c.var.deps.db.read((q) =>
        listSessions(q, c.var.caller.account.id, { ...query, profileId: profile_id }),
      );
      const page = toPage(rows, query.limit, (row) => row);
      return c.json({ ...page, data: await Promise.all(page.data.map((row) => present(c, row))) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      operationId: "getSession",
      summary: "Get a session",
      description: "The session's status, place in the queue and how it ended.",
      request: { params: SessionIdParams },
      responses: {
        200: jsonResponse(Session, "The session."),
        ...problemResponses("NotFound"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await c.var.deps.db.read((q) => getSession(q, c.var.caller.account.id, id));
      return c.json(await present(c, row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      operationId: "destroySession",
      summary: "Destroy a session",
      description:
        "Ends the session and returns only after its state is persisted back to the profile, atomically: the stored state is the old one or the new one, never torn; `saved` counts what was written. Then the next queued writer starts. A queued session is cancelled; an ended one is returned unchanged (`saved: null`). 410 if the profile was deleted.",
      request: { params: SessionIdParams },
      responses: {
        200: jsonResponse(DestroyedSession, "The ended session."),
        ...problemResponses("NotFound", "Conflict", "Gone"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { row, saved } = await c.var.deps.sessions.destroy(c.var.caller, id);
      return c.json({ ...(await present(c, row)), saved }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/goto",
      tags,
      operationId: "sessionGoto",
      summary: "Load a URL",
      description:
        "Loads an http(s) URL in the session's page and waits for its load event. Loopback and private addresses are allowed unless the server runs with `DRIFTSTACK_GOTO_DENY_PRIVATE=1`. 422 `NavigationFailed` when the page cannot be loaded; 409 on a queued or ended session; 410 once the profile is deleted.",
      request: { params: SessionIdParams, body: jsonBody(GotoBody) },
      responses: {
        200: jsonResponse(GotoResult, "Where the page ended up."),
        ...problemResponses("NavigationFailed", ...ACTION_PROBLEMS),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      if (c.var.deps.sessions.denyPrivateNetworks && isPrivateHost(new URL(body.url).hostname)) {
        throw validationFailed([
          { path: "url", message: "loopback and private addresses are not allowed on this server" },
        ]);
      }
      const ms = body.timeout_ms ?? 30_000;
      const result = await c.var.deps.sessions.act(
        c.var.caller,
        id,
        (ctx, timeoutMs) => ctx.goto(body.url, { timeoutMs }),
        { ms, overrun: () => new ProblemError("NavigationFailed", `loading ${body.url} took longer than ${ms} ms`) },
      );
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/evaluate",
      tags,
      operationId: "sessionEvaluate",
      summary: "Evaluate JavaScript in the page",
      description:
        "Evaluates an expression in the session's page; a returned promise is awaited. The result must be JSON data (400 otherwise) of at most 1 MiB (1,048,576 bytes of UTF-8; 422 `EvaluationFailed` naming the size otherwise, measured in the page). An exception in the page is 422 `EvaluationFailed`, and so is a script still running at `timeout_ms`: the answer comes at the timeout, the script is stopped, and a page that does not answer again within a few seconds is given up (the session ends `failed`, `page_unresponsive`). 409 when the session ends while the call runs.",
      request: { params: SessionIdParams, body: jsonBody(EvaluateBody) },
      responses: {
        200: jsonResponse(EvaluateResult, "The expression's value."),
        ...problemResponses("EvaluationFailed", ...ACTION_PROBLEMS),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const ms = body.timeout_ms ?? 30_000;
      const result = await c.var.deps.sessions.act(
        c.var.caller,
        id,
        (ctx, timeoutMs) => ctx.evaluate(body.expression, { timeoutMs }),
        { ms, overrun: () => new ProblemError("EvaluationFailed", `evaluation took longer than ${ms} ms`) },
      );
      return c.json({ result: result ?? null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/screenshot",
      tags,
      operationId: "sessionScreenshot",
      summary: "Screenshot the page",
      description: "A PNG of the page's viewport, at the archetype's size and scale.",
      request: { params: SessionIdParams },
      responses: {
        200: pngResponse("The screenshot."),
        ...problemResponses(...ACTION_PROBLEMS),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const png = await c.var.deps.sessions.act(c.var.caller, id, (ctx) => ctx.screenshot());
      return c.body(new Uint8Array(png), 200, { "Content-Type": "image/png" });
    },
  );
