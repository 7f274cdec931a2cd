import { cookieFromWire, cookiePage } from "../api/cookie-wire";
import { jsonBody, jsonResponse, problemResponses } from "../api/responses";
import { ACTION_PROBLEMS, AddCookiesBody, CookiePage, SessionIdParams } from "../api/session-schemas";
import { validationFailed } from "../domain/problem";
import { cookieInputProblem } from "../driver/cookies";
import type { CookieInput } from "../driver/types";
import { createRoute, newRouter } from "../http/openapi";

// A session's cookies, read and added through its browser context. Mounted beside sessions.ts
// on /v1/sessions.

const tags = ["Sessions"];

export const sessionCookiesRouter = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/cookies",
      tags,
      operationId: "listSessionCookies",
      summary: "Read the session's cookies",
      description: "Every cookie of the session's browser context, httpOnly ones included, in one page.",
      request: { params: SessionIdParams },
      responses: {
        200: jsonResponse(CookiePage, "The cookies."),
        ...problemResponses(...ACTION_PROBLEMS),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const cookies = await c.var.deps.sessions.act(c.var.caller, id, (ctx) => ctx.cookies());
      return c.json(cookiePage(cookies), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/cookies",
      tags,
      operationId: "addSessionCookies",
      summary: "Add cookies to the session",
      description:
        "Adds cookies to the session's browser context (each with `url`, or `domain` and optionally `path`) and answers every cookie the context then holds. They persist with the rest of the state when the session ends.",
      request: { params: SessionIdParams, body: jsonBody(AddCookiesBody) },
      responses: {
        200: jsonResponse(CookiePage, "The context's cookies after adding."),
        ...problemResponses(...ACTION_PROBLEMS),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const inputs: CookieInput[] = c.req.valid("json").cookies.map(cookieFromWire);
      const errors = inputs.flatMap((input, i) => {
        const problem = cookieInputProblem(input);
        return problem ? [{ path: `cookies.${i}`, message: problem }] : [];
      });
      if (errors.length > 0) throw validationFailed(errors);
      const cookies = await c.var.deps.sessions.act(c.var.caller, id, async (ctx) => {
        await ctx.addCookies(inputs);
        return ctx.cookies();
      });
      return c.json(cookiePage(cookies), 200);
    },
  );
