import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { newId } from "../domain/ids";
import { PROBLEM_CONTENT_TYPE, PROBLEMS, ProblemError } from "../domain/problem";

/**
 * What Node's HTTP parser refuses before the app sees a request: headers over
 * `maxHeaderSize` (431) or bytes that are not HTTP/1.1 (400). Node's own
 * answers are bare text without a request id; these are problem+json like
 * every other error, with `X-Request-Id`, and close the connection, whose
 * framing can no longer be trusted. A timed-out or reset connection just ends.
 */
function problemFor(err: NodeJS.ErrnoException): ProblemError | null {
  switch (err.code) {
    case "HPE_HEADER_OVERFLOW":
      return new ProblemError("HeadersTooLarge", "The request's headers are larger than this server accepts.");
    case "ECONNRESET":
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return null;
    default:
      return new ProblemError("ValidationFailed", "The request is not valid HTTP/1.1.");
  }
}

export function answerClientErrors(server: Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    const problem = problemFor(err);
    if (problem === null || !socket.writable) {
      socket.destroy();
      return;
    }
    const requestId = newId("request", Date.now());
    const body = JSON.stringify(problem.body(requestId));
    socket.end(
      `HTTP/1.1 ${problem.status} ${PROBLEMS[problem.code].title}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        "Connection: close\r\n\r\n" +
        body,
    );
  });
}
