import { describe, expect, it } from "vitest";
import { Recorder } from "../src/recorder";
import { spec } from "../src/targets";
import { OPERATIONS } from "./support/operations";

const problem = {
  type: "https://driftstack.dev/problems/NotFound",
  title: "Not found",
  status: 404,
  detail: "No such profile.",
  code: "NotFound",
  request_id: "req_1",
};

/** Runs one canned answer through the recorder, as if the SDK had received it. */
async function violations(method: string, url: string, status: number, body: BodyInit | null, type?: string) {
  const recorder = new Recorder(spec);
  const headers: Record<string, string> = { "x-request-id": "req_1" };
  if (type) headers["content-type"] = type;
  const fetch = recorder.wrap(async () => new Response(body, { status, headers }));
  await fetch(new Request(url, { method }));
  return recorder.takeViolations();
}

describe("spec/openapi.yaml under Ajv 2020", () => {
  it("compiles a validator for every JSON response of every operation, with no strict-mode complaint", () => {
    const compiled = spec.operations.flatMap((op) =>
      [...op.responses.values()].flatMap((media) => [...media.values()]),
    );
    expect(spec.operations.length).toBeGreaterThanOrEqual(24);
    expect(compiled.filter((validate) => validate !== null).length).toBeGreaterThan(100);
    expect(spec.warnings).toEqual([]);
  });

  it("has an SDK call in the every-operation table for each operation that needs a key", () => {
    const keyed = spec.operations.filter((op) => op.id !== "health").map((op) => op.id);
    expect(Object.keys(OPERATIONS).sort()).toEqual(keyed.sort());
  });

  it("finds operations by method and path template", () => {
    expect(spec.find("POST", "/v1/profiles/prof_1/clone")?.id).toBe("cloneProfile");
    expect(spec.find("GET", "/v1/profiles/prof_1")?.id).toBe("getProfile");
    expect(spec.find("DELETE", "/v1/profile-snapshots/psnap_1")?.id).toBe("deleteSnapshot");
    expect(spec.find("GET", "/v1/profiles/prof_1/nope")).toBeUndefined();
  });
});

describe("the response checker", () => {
  const url = "http://api.test/v1/profiles/prof_1";

  it("accepts a documented problem", async () => {
    expect(await violations("GET", url, 404, JSON.stringify(problem), "application/problem+json")).toEqual([]);
  });

  it("flags an undocumented status, a wrong content type, a schema mismatch and an undocumented field", async () => {
    const body = JSON.stringify(problem);
    expect(await violations("GET", url, 409, body, "application/problem+json")).toEqual([
      expect.stringContaining("status not documented for getProfile"),
    ]);
    expect(await violations("GET", url, 404, body, "text/plain")).toEqual([
      expect.stringContaining("content type text/plain not documented"),
    ]);
    expect(await violations("GET", url, 200, JSON.stringify({ id: "prof_1" }), "application/json")).toEqual([
      expect.stringContaining("must have required property 'name'"),
    ]);
    const extra = JSON.stringify({ ...problem, stack: "at …" });
    expect(await violations("GET", url, 404, extra, "application/problem+json")).toEqual([
      expect.stringContaining("must NOT have additional properties"),
    ]);
  });

  it("flags a body on 204, a problem whose status disagrees, a missing request id and unknown routes", async () => {
    // A Response cannot carry a body with 204, but a broken proxy or transport can.
    const withBody = {
      status: 204,
      headers: new Headers({ "x-request-id": "req_1" }),
      clone: () => withBody,
      arrayBuffer: async () => new TextEncoder().encode("{}").buffer,
    } as unknown as Response;
    const recorder204 = new Recorder(spec);
    await recorder204.wrap(async () => withBody)(new Request(url, { method: "DELETE" }));
    expect(await recorder204.takeViolations()).toEqual([expect.stringContaining("documents no body")]);
    const wrong = JSON.stringify({ ...problem, status: 400 });
    expect(await violations("GET", url, 404, wrong, "application/problem+json")).toEqual([
      expect.stringContaining("problem body says status 400"),
    ]);
    const recorder = new Recorder(spec);
    await recorder.wrap(async () => new Response(null, { status: 404 }))(new Request("http://api.test/v2/x"));
    expect(await recorder.takeViolations()).toEqual([
      expect.stringContaining("no X-Request-Id header"),
      expect.stringContaining("no operation of the spec"),
    ]);
  });

  it("checks that an image/png body is a PNG", async () => {
    const png = "http://api.test/v1/sessions/sess_1/screenshot";
    expect(await violations("GET", png, 200, "not a png", "image/png")).toEqual([
      expect.stringContaining("is not a PNG"),
    ]);
  });
});
