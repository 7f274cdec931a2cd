import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../../src/node/listen";
import { testApp } from "../support/harness";
import { exchange, statuses } from "./socket";

/** The Node server's own edge, over a real socket: what the fetch handler never sees. */
let server: Server;
let port: number;

beforeAll(async () => {
  const t = await testApp();
  ({ server, port } = await listen(t.app.fetch, { port: 0, host: "127.0.0.1" }));
});

afterAll(() => {
  server.close();
  server.closeAllConnections();
});

function head(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries({ host: "127.0.0.1", ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

describe("headers over Node's limit", () => {
  it("get a 431 problem+json with an X-Request-Id", async () => {
    const result = await exchange(port, [head("GET", "/healthz", { "x-padding": "p".repeat(20_000) })], 5000);
    expect(statuses(result.text)).toEqual([431]);
    expect(result.text.toLowerCase()).toContain("content-type: application/problem+json");
    expect(result.text.toLowerCase()).toMatch(/x-request-id: req_/);
    const json = JSON.parse(result.text.slice(result.text.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
    expect(json).toMatchObject({ status: 431, code: "HeadersTooLarge" });
    expect(json.request_id).toMatch(/^req_/);
  });
});
