import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context";
import { TEXT_RULE } from "./text-rule";

type Operation = { parameters?: unknown[]; security?: unknown[] };
/** Named through @hono/zod-openapi, so the published `.d.ts` need not reach into its dependencies. */
export type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

/**
 * The OpenAPI 3.1 document of `api`. Parameters every authenticated operation
 * shares (the team header, Idempotency-Key on POSTs) are added here once
 * rather than restated on each route.
 */
export function describeApi(api: OpenAPIHono<AppEnv>): OpenApiDocument {
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description:
      "An API key, `dsk_` + 40 base62 characters. GET needs `read` or `admin` scope; POST, PATCH and DELETE need `admin`.",
  });
  const document = api.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Driftstack API",
      version: "1.0.0",
      description:
        "Persistent browser profiles: named identities whose cookies, localStorage and IndexedDB survive between sessions, each pinned to a device archetype (iPhone model + iOS + Safari). Every error is an RFC 9457 `application/problem+json` body with a `code`; every response carries `X-Request-Id`. " +
        TEXT_RULE,
      license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
    },
    servers: [{ url: "http://localhost:8787", description: "A local `driftstack-server`" }],
    security: [{ bearerAuth: [] }],
  });
  document.components = {
    ...document.components,
    parameters: {
      ...document.components?.parameters,
      AccountHeader: {
        name: "X-Driftstack-Account",
        in: "header",
        required: false,
        description:
          "Act on another account the caller's account is a member of: `member` may read, `admin` may read and write (with an admin key). Not a member, or no such account: 403.",
        schema: { type: "string", example: "acct_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f62" },
      },
      IdempotencyKey: {
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description:
          "Makes a POST safe to retry: a repeat with the same key and body within 24 h replays the first response with `Idempotent-Replayed: true`; the same key with another body is 422; a repeat while the first is in flight is 409. Scoped to the account; at most 255 characters.",
        schema: { type: "string", maxLength: 255 },
      },
    },
  };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!path.startsWith("/v1/")) continue;
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      const shared = [{ $ref: "#/components/parameters/AccountHeader" }];
      if (method === "post") shared.push({ $ref: "#/components/parameters/IdempotencyKey" });
      operation.parameters = [...shared, ...(operation.parameters ?? [])];
    }
  }
  return document;
}
