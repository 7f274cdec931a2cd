import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";

const JSON_TYPE = /^application\/([a-z.-]+\+)?json\b/i;

/**
 * Treats an empty body sent as JSON as `{}`. Clients commonly send
 * `Content-Type: application/json` with no body on POSTs whose body is
 * optional (clone, restore); that is not malformed JSON.
 */
export const emptyJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header("content-type");
  if (c.req.method !== "GET" && type !== undefined && JSON_TYPE.test(type)) {
    if ((await c.req.text()).trim() === "") {
      c.req.raw = new Request(c.req.raw, { body: "{}" });
      c.req.bodyCache = {};
    }
  }
  await next();
});
