import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../../src/node/listen";
import { json, type TestAccount, type TestApp, testApp } from "../support/harness";
import { exchange, statuses } from "./socket";

/**
 * The 1 MiB body limit (http/body-limit.ts) over a real socket, where what it
 * is for shows: a client that declared its body's length gets a 413 and keeps
 * its connection (the body is read and thrown away, up to 16 MiB); past 16 MiB,
 * or without a declared length, the 413 says `Connection: close`.
 */
const MIB = 1024 * 1024;
let t: TestApp;
let owner: TestAccount;
let server: Server;
let port: number;

beforeAll(async () => {
  t = await testApp();
  owner = await t.account("enterprise");
  ({ server, port } = await listen(t.app.fetch, { port: 0, host: "127.0.0.1" }));
});

afterAll(() => {
  server.close();
  server.closeAllConnections();
});

function request(method: string, headers: Record<string, string | number>): string {
  const lines = Object.entries({
    host: "127.0.0.1",
    authorization: `Bearer ${owner.key}`,
    "content-type": "application/json",
    ...headers,
  }).map(([k, v]) => `${k}: ${v}`);
  return `${method} /v1/profiles HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}
const post = (headers: Record<string, string | number>) => request("POST", headers);
/** Asks the server to close after answering, so a clean exchange ends with `end`. */
const healthz = "GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n";

/** The responses in `text`, each as its lower-cased head and its body. */
function responses(text: string): { head: string; body: string }[] {
  return text
    .split(/(?=HTTP\/1\.1 \d{3})/)
    .map((part) => {
      const [head = "", body = ""] = part.split("\r\n\r\n");
      return { head: head.toLowerCase(), body };
    })
    .filter((r) => r.head.startsWith("http/1.1"));
}

describe("a body over 1 MiB with its length declared", () => {
  it.each([
    ["just over 1 MiB", MIB + 1],
    ["exactly 16 MiB, the most read and thrown away", 16 * MIB],
  ])("%s: 413, the body drained, the same connection answers the next request", async (_, size) => {
    const result = await exchange(port, [post({ "content-length": size }), Buffer.alloc(size, " "), healthz], 10_000);
    expect(statuses(result.text)).toEqual([413, 200]);
    const [refused] = responses(result.text);
    expect(refused?.head).not.toContain("connection: close");
    expect(JSON.parse(refused?.body ?? "")).toMatchObject({
      status: 413,
      code: "PayloadTooLarge",
      detail: "The request body is larger than 1 MiB.",
    });
    expect(result.ending).toBe("end");
  });

  it("over 16 MiB: 413 with Connection: close at once, without waiting for a body it will not read", async () => {
    const result = await exchange(port, [post({ "content-length": 16 * MIB + 1 }), Buffer.alloc(1024, " ")], 5_000);
    expect(result.ending).not.toBe("timeout");
    expect(statuses(result.text)).toEqual([413]);
    expect(responses(result.text)[0]?.head).toContain("connection: close");
  });

  it("of exactly 1 MiB is accepted", async () => {
    const json = JSON.stringify({ name: "exactly-one-mib" });
    const body = Buffer.from(json.slice(0, -1) + " ".repeat(MIB - json.length) + json.slice(-1));
    expect(body.length).toBe(MIB);
    const result = await exchange(port, [post({ "content-length": MIB }), body, healthz], 10_000);
    expect(statuses(result.text)).toEqual([200, 200]);
    expect(JSON.parse(responses(result.text)[0]?.body ?? "")).toMatchObject({ name: "exactly-one-mib" });
  });
});

describe("a body over 1 MiB without a declared length", () => {
  it("is cut at 1 MiB: 413 with Connection: close", async () => {
    const chunk = Buffer.alloc(MIB + 1, " ");
    const chunked = [
      post({ "transfer-encoding": "chunked" }),
      `${chunk.length.toString(16)}\r\n`,
      chunk,
      "\r\n0\r\n\r\n",
    ];
    const result = await exchange(port, chunked, 10_000);
    expect(statuses(result.text)).toEqual([413]);
    const [refused] = responses(result.text);
    expect(refused?.head).toContain("connection: close");
    expect(JSON.parse(refused?.body ?? "")).toMatchObject({ detail: "The request body is larger than 1 MiB." });
  });
});

describe("a declared length the body does not match (fetch callers)", () => {
  const declared = (body?: ReadableStream<Uint8Array>) =>
    t.app.request("/v1/profiles", {
      method: "POST",
      headers: {
        authorization: `Bearer ${owner.key}`,
        "content-type": "application/json",
        "content-length": "2097152",
      },
      ...(body && { body, duplex: "half" }),
    });

  it("no body at all: 413, nothing to drain, the connection kept", async () => {
    const res = await declared();
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBeNull();
  });

  it("a body that never ends: 413 with Connection: close once 16 MiB have been read", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += MIB;
        controller.enqueue(new Uint8Array(MIB));
      },
    });
    const res = await declared(endless);
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect(pulled).toBeGreaterThan(16 * MIB);
    expect(pulled).toBeLessThan(20 * MIB);
  });
});

describe("a state import", () => {
  it("may be larger than 1 MiB: it is held to the account's state cap instead", async () => {
    const profile = await json<{ id: string }>(await t.call(owner, "POST", "/v1/profiles", { name: "big-import" }));
    const value = "v".repeat(2 * MIB);
    const state = { cookies: [], origins: [{ origin: "https://example.org", localStorage: [{ name: "big", value }] }] };
    const res = await t.call(owner, "PUT", `/v1/profiles/${profile.id}/state`, state);
    expect(res.status).toBe(200);
  });

  it("is a PUT: any other method on a state path is held to 1 MiB", async () => {
    const profile = await json<{ id: string }>(await t.call(owner, "POST", "/v1/profiles", { name: "post-to-state" }));
    const res = await t.call(owner, "POST", `/v1/profiles/${profile.id}/state`, { pad: "p".repeat(2 * MIB) });
    expect(res.status).toBe(413);
  });
});

describe("a GET's body", () => {
  // A GET's content has no meaning (RFC 9110 §9.3.1): it is never read, so it is not held to 1 MiB.
  it("over 1 MiB: the GET is answered, and so is the next request on its connection", async () => {
    const body = Buffer.alloc(MIB + 1, " ");
    const result = await exchange(port, [request("GET", { "content-length": body.length }), body, healthz], 10_000);
    expect(statuses(result.text)).toEqual([200, 200]);
    expect(JSON.parse(responses(result.text)[0]?.body ?? "")).toHaveProperty("data");
  });
});
