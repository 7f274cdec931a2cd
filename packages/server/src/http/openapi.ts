import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import type { AppEnv } from "../context";
import { type FieldError, validationFailed } from "../domain/problem";
import { withSharedContract } from "./shared-contract";

// Routes take createRoute from here, not from @hono/zod-openapi: they describe operations with
// the schemas in api/ and may not define schemas of their own (.dependency-cruiser.cjs).
export { createRoute } from "@hono/zod-openapi";

/**
 * A router whose request-validation failures become 400 ValidationFailed
 * problems, and whose every route gets the shared contract (see
 * shared-contract.ts) before it is registered.
 */
export function newRouter(): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(fieldErrors(result.error));
    },
  });
  const register = router.openapi.bind(router);
  router.openapi = ((route, handler, hook) => register(withSharedContract(route), handler, hook)) as typeof register;
  return router;
}

export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: "Unknown field" }));
    }
    return [{ path, message: issue.message }];
  });
}
