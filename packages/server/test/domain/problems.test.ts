import { describe, expect, it } from "vitest";
import { isoTime, isoTimeOrNull, systemClock } from "../../src/domain/clock";
import { notFound, ProblemError, validationFailed } from "../../src/domain/problem";

describe("problems", () => {
  it("render as an RFC 9457 body with the code's status and title and the extensions on top", () => {
    const problem = new ProblemError("SessionLimit", "Too many sessions.", {
      extensions: { limit: 2 },
      headers: { "Retry-After": "1" },
    });
    expect(problem.status).toBe(429);
    expect(problem.headers).toEqual({ "Retry-After": "1" });
    expect(problem.body("req_1")).toEqual({
      type: "https://driftstack.dev/problems/SessionLimit",
      title: "Session limit",
      status: 429,
      detail: "Too many sessions.",
      code: "SessionLimit",
      request_id: "req_1",
      limit: 2,
    });
  });

  it("have no extensions or headers unless given", () => {
    const problem = new ProblemError("Gone", "It went.");
    expect(problem.name).toBe("ProblemError");
    expect(problem.extensions).toEqual({});
    expect(problem.headers).toEqual({});
    expect(Object.keys(problem.body("req_2"))).toEqual(["type", "title", "status", "detail", "code", "request_id"]);
  });

  it("validationFailed sums its field errors up, a field's path first, unless given a detail", () => {
    const errors = [
      { path: "name", message: "too long" },
      { path: "", message: "body is empty" },
    ];
    const problem = validationFailed(errors);
    expect(problem.status).toBe(400);
    expect(problem.message).toBe("name: too long; body is empty");
    expect(problem.extensions).toEqual({ errors });
    expect(validationFailed(errors, "Read this instead.").message).toBe("Read this instead.");
  });

  it("notFound names what and which id, quoted", () => {
    const problem = notFound("profile", 'prof_"x"');
    expect(problem.status).toBe(404);
    expect(problem.message).toBe('No profile with id "prof_\\"x\\"" exists in this account.');
  });
});

describe("clock", () => {
  it("stamps ISO times in UTC, and null as null", () => {
    expect(isoTime(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoTimeOrNull(1_700_000_000_123)).toBe("2023-11-14T22:13:20.123Z");
    expect(isoTimeOrNull(null)).toBeNull();
  });

  it("the system clock reads the current time", () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
