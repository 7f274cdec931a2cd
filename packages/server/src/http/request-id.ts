import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { newId } from "../domain/ids";

/** Every response carries `X-Request-Id`; problem bodies repeat it as `request_id`. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = newId("request", c.var.deps.clock.now());
  c.set("requestId", id);
  c.header("X-Request-Id", id);
  await next();
});
