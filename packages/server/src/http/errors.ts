import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../context";
import { ProblemError, problemHeaders } from "../domain/problem";

/** Turns anything thrown while handling a request into a problem+json answer. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const problem = asProblem(err);
  // With telemetry, the request's log line carries the stack (http/request-telemetry.ts).
  if (problem.status >= 500 && !(err instanceof ProblemError) && !c.var.deps?.telemetry?.request) {
    console.error(`driftstack: unhandled error (request ${c.get("requestId")})`, err);
  }
  return problemResponse(c, problem);
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, new ProblemError("NotFound", `No route ${c.req.method} ${c.req.path}.`));

export function problemResponse(c: Context<AppEnv>, problem: ProblemError): Response {
  const requestId = c.get("requestId");
  return c.json(problem.body(requestId), problem.status, problemHeaders(requestId, problem.headers));
}

function asProblem(err: Error): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof HTTPException) {
    switch (err.status) {
      case 400:
        return new ProblemError("ValidationFailed", `The request body is not valid JSON: ${err.message}`, {
          extensions: { errors: [{ path: "", message: "Malformed JSON" }] },
        });
      case 415:
        return new ProblemError("UnsupportedMediaType", "Send the request body as `Content-Type: application/json`.");
    }
  }
  return new ProblemError("Internal", "Something went wrong on our side; the request id identifies it in the logs.");
}
