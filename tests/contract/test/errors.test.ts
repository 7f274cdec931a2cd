import {
  APIError,
  DriftstackError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from "@driftstack/sdk";
import { expect, it } from "vitest";
import { contract, rejection } from "./support/contract";

contract("problem answers", (c) => {
  it("answers the health check", async () => {
    expect(await c.client().health()).toEqual({ status: "ok" });
  });

  it("gives every error an RFC 9457 body whose request id matches the header", async () => {
    const error = await rejection(c.client().profiles.create({ name: "" }), ValidationFailedError);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(DriftstackError);
    expect(error.problem).toMatchObject({
      type: "https://driftstack.dev/problems/ValidationFailed",
      title: "Validation failed",
      status: 400,
      code: "ValidationFailed",
    });
    expect(error.requestId).toMatch(/^req_/);
    expect(error.problem?.request_id).toBe(error.requestId);
    expect(error.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("refuses a body over 1 MiB with 413, before reading it as a profile", async () => {
    const description = "d".repeat(1024 * 1024 + 1);
    const error = await rejection(c.client().profiles.create({ name: "huge", description }), PayloadTooLargeError);
    expect(error).toMatchObject({ status: 413, code: "PayloadTooLarge" });
  });

  it("refuses a body that is not declared as JSON with 415", async () => {
    const ds = c.client();
    const headers = { "Content-Type": "text/plain" };
    const error = await rejection(ds.profiles.create({ name: "typed" }, { headers }), UnsupportedMediaTypeError);
    expect(error).toMatchObject({ status: 415, code: "UnsupportedMediaType" });
    expect((await ds.profiles.list()).data).toEqual([]);
  });
});
