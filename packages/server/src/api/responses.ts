import { z } from "@hono/zod-openapi";
import { PROBLEM_CONTENT_TYPE, PROBLEMS, type ProblemCode, problemBody, problemType } from "../domain/problem";

// The OpenAPI side of responses: the Problem body every error has, the problem responses an
// operation lists, and JSON request and response bodies.

export const Problem = z
  .object({
    type: z.string().openapi({ example: problemType("NotFound") }),
    title: z.string().openapi({ example: PROBLEMS.NotFound.title }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z
      .string()
      .openapi({ example: 'No profile with id "prof_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f60" exists in this account.' }),
    code: z.enum(Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]]),
    request_id: z.string().openapi({ example: "req_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f61" }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "ValidationFailed only: one entry per invalid field." }),
    limit: z.number().int().optional().openapi({ description: "TierLimit only: the account's profile cap." }),
    current: z.number().int().optional().openapi({ description: "TierLimit only: profiles the account holds now." }),
    resource: z.string().optional().openapi({ description: 'TierLimit only: the capped resource, "profile".' }),
    tier: z.string().optional().openapi({ description: "TierLimit only: the account's tier id." }),
  })
  .openapi("Problem", { description: "An RFC 9457 problem; every error the API gives has this shape." });

const ERROR_DESCRIPTIONS: Partial<Record<ProblemCode, string>> = {
  ValidationFailed:
    "The request is malformed: a field, query parameter or the JSON itself is invalid, a field or query parameter is unknown, a string holds a NUL or an unpaired surrogate, or the Idempotency-Key header is empty or too long.",
  Unauthorized: "The bearer key is missing or not valid.",
  Forbidden:
    "The key's scope or the caller's role on the account does not allow this, or X-Driftstack-Account names an account the caller is not a member of.",
  NotFound: "No such resource in the account acted on.",
  Conflict:
    "The request conflicts with the current state, or a request with the same Idempotency-Key is still in flight.",
  Gone: "The resource existed but is gone for good.",
  PayloadTooLarge: "The body is larger than 1 MiB.",
  UnsupportedMediaType: "The body is not application/json.",
  HeadersTooLarge: "The request's headers are larger than the server accepts (Node's limit, 16 KiB by default).",
  IdempotencyKeyReused: "This Idempotency-Key was used with another request.",
  TierLimit:
    "The account is at its tier's profile cap. The response carries `x-should-retry: false`: retrying cannot succeed.",
  BrowserUnavailable: "No browser engine is installed on the server.",
};

const EXAMPLE_DETAIL: Partial<Record<ProblemCode, string>> = {
  ValidationFailed: "name: must be 1-64 characters with no whitespace or control characters",
  Unauthorized: "Send an API key as `Authorization: Bearer dsk_…`.",
  Forbidden: "This API key has read scope; writes need an admin key.",
  Conflict: 'A profile named "production" already exists in this account.',
  TierLimit: "The solo_manual tier allows 5 profiles and this account has 5.",
};

/** OpenAPI responses for the problems an operation can answer with, keyed by status. */
export function problemResponses(...codes: ProblemCode[]) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const status = PROBLEMS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      status,
      {
        description: group.map((code) => `${code}: ${ERROR_DESCRIPTIONS[code] ?? PROBLEMS[code].title}`).join(" "),
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: Problem,
            examples: Object.fromEntries(group.map((code) => [code, { value: exampleProblem(code) }])),
          },
        },
      },
    ]),
  );
}

function exampleProblem(code: ProblemCode) {
  const extensions =
    code === "ValidationFailed"
      ? { errors: [{ path: "name", message: "must be 1-64 characters with no whitespace or control characters" }] }
      : code === "TierLimit"
        ? { limit: 5, current: 5, resource: "profile", tier: "solo_manual" }
        : {};
  const { status, title } = PROBLEMS[code];
  const detail = EXAMPLE_DETAIL[code] ?? title;
  return problemBody({ code, status, title, detail, extensions }, "req_0196b1c2-6f3a-7c4e-9d2a-1b2c3d4e5f61");
}

/** JSON body of a 200 response. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A PNG body of a 200 response. */
export function pngResponse(description: string) {
  return { description, content: { "image/png": { schema: z.string().openapi({ format: "binary" }) } } };
}

export function jsonBody<T extends z.ZodType>(schema: T, required = true) {
  return { required, content: { "application/json": { schema } } };
}
