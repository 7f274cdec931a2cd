import { ProblemError, validationFailed } from "../domain/problem";
import { DriverError } from "../driver/types";

export const BROWSER_INSTALL_HINT =
  "Install WebKit with `npx playwright install webkit`, or Chromium with `apt-get install -y chromium` (or point DRIFTSTACK_BROWSER_EXECUTABLE at one).";

export function browserUnavailable(reason: string | undefined): ProblemError {
  return new ProblemError(
    "BrowserUnavailable",
    `No browser engine is available on this server. ${reason ?? BROWSER_INSTALL_HINT}`,
    {
      headers: { "x-should-retry": "false" },
    },
  );
}

/** The problem a driver failure answers with; anything else is rethrown as a server error. */
export function driverProblem(err: unknown): unknown {
  if (!(err instanceof DriverError)) return err;
  switch (err.kind) {
    case "unavailable":
      return browserUnavailable(err.message);
    case "navigation":
      return new ProblemError("NavigationFailed", err.message);
    case "evaluation":
    case "unsupported":
      return new ProblemError("EvaluationFailed", err.message);
    case "not_serializable":
      return validationFailed([{ path: "expression", message: `the result is not JSON data: ${err.message}` }]);
    case "closed":
      return new ProblemError("Conflict", `The session's browser closed: ${err.message}`);
  }
}
