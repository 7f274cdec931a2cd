import { getEventListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, Driftstack, DriftstackError } from "../src";
import { setup, type TestAccount } from "./support/server";

/** A fetch that never answers: it settles only by rejecting when its request is aborted. */
function hanging() {
  let attempts = 0;
  const fetch = (request: Request) => {
    attempts++;
    return new Promise<Response>((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason));
    });
  };
  return { fetch, attempts: () => attempts };
}

describe("timeouts and aborts", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let account: TestAccount;
  beforeAll(async () => {
    t = await setup();
    account = await t.account();
  });

  it("timeoutMs aborts the attempt with APIConnectionTimeoutError", async () => {
    const wire = hanging();
    const ds = t.client(account, { fetch: wire.fetch, timeoutMs: 20, maxRetries: 0 });
    const error = await ds.profiles.list().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toBeInstanceOf(DriftstackError);
    expect((error as Error).message).toContain("20 ms");
    expect(wire.attempts()).toBe(1);
  });

  it("a timed-out attempt is retried, each with its own timeout, and the per-call timeout wins", async () => {
    const wire = hanging();
    const ds = t.client(account, { fetch: wire.fetch, timeoutMs: 60_000 });
    const started = Date.now();
    await expect(ds.account.me({ timeoutMs: 15 })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(wire.attempts()).toBe(3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("times out even with a fetch that ignores abort signals", async () => {
    const ds = t.client(account, { fetch: () => new Promise<Response>(() => {}), timeoutMs: 10, maxRetries: 0 });
    await expect(ds.account.me()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("a signal aborted mid-request gives APIUserAbortError, without retrying", async () => {
    const wire = hanging();
    const controller = new AbortController();
    const pending = t
      .client(account, { fetch: wire.fetch })
      .profiles.create({ name: "x" }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(wire.attempts()).toBe(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const wire = hanging();
    const error = await t
      .client(account, { fetch: wire.fetch })
      .account.me({ signal: AbortSignal.abort() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(wire.attempts()).toBe(0);
  });

  it("aborting while waiting to retry stops at once", async () => {
    let attempts = 0;
    const fetch = async () => {
      attempts++;
      return new Response("", { status: 503, headers: { "Retry-After": "30" } });
    };
    const controller = new AbortController();
    const started = Date.now();
    const pending = t.client(account, { fetch }).account.me({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("leaves no listener on a signal the caller passes to many calls", async () => {
    const ds = t.client(account);
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await ds.account.me({ signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("aborting a list stops the for await loop", async () => {
    const ds = t.client(account);
    for (let i = 0; i < 3; i++) await ds.profiles.create({ name: `abort-${i}` });
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(async () => {
      for await (const p of ds.profiles.list({ limit: 1 }, { signal: controller.signal })) {
        seen.push(p.name);
        controller.abort();
      }
    }).rejects.toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(1);
  });
});

describe("timeouts over real HTTP", () => {
  it("a server that accepts but never answers times out, and the request's socket is closed", async () => {
    const requestSockets: import("node:net").Socket[] = [];
    const server = createServer((request) => requestSockets.push(request.socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const ds = new Driftstack({
        apiKey: "dsk_x",
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 400,
        maxRetries: 0,
      });
      // Client and server share this process's event loop: on a loaded machine the 400 ms can run
      // out before the request reaches the server, which says nothing about the abort, so such an
      // attempt is repeated (a bounded number of times).
      for (let attempt = 0; attempt < 5 && requestSockets.length === 0; attempt++) {
        await expect(ds.account.me()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
      }
      expect(requestSockets.length).toBeGreaterThan(0);
      // The abort reached the wire: the attempt was cancelled, not merely abandoned.
      await expect.poll(() => requestSockets.every((socket) => socket.destroyed)).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("a refused connection is an APIConnectionError", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const ds = new Driftstack({
      apiKey: "dsk_x",
      baseUrl: `http://127.0.0.1:${port}`,
      backoff: { initialDelayMs: 1 },
    });
    const error = await ds.account.me().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
