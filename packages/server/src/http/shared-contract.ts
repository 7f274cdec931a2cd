import { type RouteConfig, z } from "@hono/zod-openapi";
import { problemResponses } from "../api/responses";
import { PROBLEMS, type ProblemCode } from "../domain/problem";

type Responses = RouteConfig["responses"];
type ProblemContent = { schema: unknown; examples: Record<string, unknown> };
type Response = { description: string; content?: Record<string, ProblemContent> };

/**
 * The problems an operation can answer whatever its route says, because
 * middleware in front of every route sends them: Node's header limit (431),
 * unknown or unstorable query parameters (400), authentication (401, 403), the
 * body limit on every method but GET (413), Idempotency-Key on POSTs and PUTs
 * (400, 409 in flight, 422), and a JSON body (400 malformed or unstorable text, 415).
 */
function sharedProblems(route: RouteConfig): ProblemCode[] {
  const codes: ProblemCode[] = ["ValidationFailed", "HeadersTooLarge"];
  if (route.security === undefined || route.security.length > 0) codes.push("Unauthorized", "Forbidden");
  if (route.method !== "get") codes.push("PayloadTooLarge");
  if (route.method === "post" || route.method === "put") codes.push("Conflict", "IdempotencyKeyReused");
  if (route.request?.body) codes.push("UnsupportedMediaType");
  return codes;
}

/** Adds `codes` to `responses`, next to the problems a status already lists. */
function withProblems(responses: Responses, codes: ProblemCode[]): Responses {
  const merged = { ...responses } as Record<number, Response>;
  for (const code of codes) {
    const status = PROBLEMS[code].status;
    const added = problemResponses(code)[status] as Response | undefined;
    const existing = merged[status];
    if (existing === undefined || added === undefined) {
      if (added) merged[status] = added;
      continue;
    }
    const content = existing.content;
    const current = Object.values(content ?? {})[0];
    if (!content || !current || code in current.examples) continue;
    const [type, extra] = Object.entries(added.content ?? {})[0] ?? [];
    if (!type || !extra) continue;
    merged[status] = {
      ...existing,
      description: `${existing.description} ${added.description}`,
      content: { ...content, [type]: { ...current, examples: { ...current.examples, ...extra.examples } } },
    };
  }
  return merged as Responses;
}

/**
 * A route as the server really serves it: an operation without query
 * parameters refuses any (400), and its responses list every status the
 * shared middleware can send. Applied to every route by `newRouter`, so the
 * spec is generated complete and no route restates the shared problems.
 */
export function withSharedContract<R extends RouteConfig>(route: R): R {
  const request = route.request?.query ? route.request : { ...route.request, query: z.strictObject({}) };
  return { ...route, request, responses: withProblems(route.responses, sharedProblems(route)) };
}
