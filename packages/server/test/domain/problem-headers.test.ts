import { expect, it } from "vitest";
import { problemHeaders } from "../../src/domain/problem";

it("a problem is answered as problem+json with the request id, after any extra header", () => {
  expect(problemHeaders("req_3", { "Retry-After": "2" })).toEqual({
    "Retry-After": "2",
    "Content-Type": "application/problem+json",
    "X-Request-Id": "req_3",
  });
  expect(problemHeaders("req_4")).toEqual({ "Content-Type": "application/problem+json", "X-Request-Id": "req_4" });
});
