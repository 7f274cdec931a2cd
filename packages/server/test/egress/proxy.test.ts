import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type EgressProxy, startEgressProxy } from "../../src/node/egress-proxy";
import { startTrap, type Trap } from "./trap";

/** The egress proxy spoken to directly, as a browser speaks to it. */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An absolute-form request through the proxy, as browsers send plain http. */
function viaProxy(proxy: EgressProxy, target: string, init: { method?: string; path?: string; body?: string } = {}) {
  const { port } = new URL(proxy.url);
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: init.method ?? "GET",
        path: init.path ?? target,
        headers: { host: new URL(target).host, "proxy-connection": "keep-alive" },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A CONNECT; on 200 the socket is the tunnel. */
function tunnel(proxy: EgressProxy, authority: string) {
  const { port } = new URL(proxy.url);
  return new Promise<{ status: number; socket: Socket }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "CONNECT", path: authority, headers: { host: authority } });
    req.on("connect", (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
    req.on("error", reject);
    req.end();
  });
}

/** Writes `text` on a raw connection and reads until the peer closes or `until` matches. */
function exchange(socket: Socket, text: string, until = /\r\n\r\n/): Promise<string> {
  return new Promise((resolve) => {
    let seen = "";
    const done = () => resolve(seen);
    socket.on("data", (chunk) => {
      seen += chunk.toString("utf8");
      if (until.test(seen)) {
        socket.off("close", done);
        socket.destroy();
        resolve(seen);
      }
    });
    socket.once("close", done);
    socket.write(text);
  });
}

let trap: Trap;
beforeAll(async () => {
  trap = await startTrap();
});
afterAll(() => trap.close());
afterEach(() => trap.reset());

describe("the default policy", () => {
  let proxy: EgressProxy;
  beforeAll(async () => {
    proxy = await startEgressProxy();
  });
  afterAll(() => proxy.close());

  it("listens on loopback", () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each([
    "http://127.0.0.1:PORT/",
    "http://localhost:PORT/",
    "http://localhost.:PORT/",
    "http://[::1]:PORT/",
    "http://[::ffff:127.0.0.1]:PORT/",
    "http://0x7f000001:PORT/",
    "http://0.0.0.0:PORT/",
  ])("refuses %s with a 403 page and never connects", async (url) => {
    const answer = await viaProxy(proxy, url.replace("PORT", String(trap.port)));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/Driftstack egress guard/);
    expect(trap.connections).toBe(0);
  });

  it.each(["127.0.0.1:PORT", "localhost:PORT", "[::1]:PORT", "[::ffff:7f00:1]:PORT", "localhost.:PORT"])(
    "refuses CONNECT %s with a 403 line and never connects",
    async (authority) => {
      const { status, socket } = await tunnel(proxy, authority.replace("PORT", String(trap.port)));
      socket.destroy();
      expect(status).toBe(403);
      expect(trap.connections).toBe(0);
    },
  );

  it("refuses a WebSocket upgrade in absolute form", async () => {
    const socket = connect(Number(new URL(proxy.url).port), "127.0.0.1");
    const answer = await exchange(
      socket,
      `GET ws://127.0.0.1:${trap.port}/ HTTP/1.1\r\nHost: 127.0.0.1:${trap.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(trap.connections).toBe(0);
  });

  it("answers 400 to requests that are not for a proxy, 502 to names that do not resolve", async () => {
    expect((await viaProxy(proxy, "http://x/", { path: "/" })).status).toBe(400);
    expect((await viaProxy(proxy, "http://x/", { path: "ftp://example.org/" })).status).toBe(400);
    expect((await viaProxy(proxy, "http://driftstack-missing.invalid/")).status).toBe(502);
    const { status, socket } = await tunnel(proxy, "no-port-here");
    socket.destroy();
    expect(status).toBe(400);
  });

  it("survives garbage on the wire", async () => {
    const answer = await exchange(connect(Number(new URL(proxy.url).port), "127.0.0.1"), "\x00\x01 nonsense\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await viaProxy(proxy, `http://127.0.0.1:${trap.port}/`)).status).toBe(403);
  });
});

describe("an injected policy (one loopback port passes as public)", () => {
  let proxy: EgressProxy;
  let lookups: string[];
  /** `public.test` first resolves to loopback, then (a rebinding attempt) to a private address. */
  const answers = [[{ address: "127.0.0.1", family: 4 }], [{ address: "10.0.0.1", family: 4 }]];

  beforeAll(async () => {
    proxy = await startEgressProxy({
      isAllowed: (target) => target.address === "127.0.0.1" && target.port === trap.port,
      resolve: async (hostname) => {
        lookups.push(hostname);
        if (hostname === "mixed.test") {
          return [
            { address: "127.0.0.1", family: 4 },
            { address: "192.168.1.1", family: 4 },
          ];
        }
        if (hostname !== "public.test") throw new Error("ENOTFOUND");
        return answers[Math.min(lookups.length - 1, 1)] ?? [];
      },
    });
  });
  afterAll(() => proxy.close());

  it("forwards a plain request to the address it checked, resolving once", async () => {
    lookups = [];
    const answer = await viaProxy(proxy, `http://public.test:${trap.port}/path?q=1`, { method: "POST", body: "hello" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/reached/);
    expect(answer.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(lookups).toEqual(["public.test"]);
    const seen = trap.requests[0];
    expect(seen?.url).toBe("/path?q=1");
    expect(seen?.method).toBe("POST");
    expect(seen?.headers.host).toBe(`public.test:${trap.port}`);
    expect(seen?.headers["proxy-connection"]).toBeUndefined();
  });

  it("tunnels CONNECT to the checked address", async () => {
    lookups = [];
    const { status, socket } = await tunnel(proxy, `public.test:${trap.port}`);
    expect(status).toBe(200);
    const answer = await exchange(
      socket,
      `GET /in-tunnel HTTP/1.1\r\nHost: public.test\r\nConnection: close\r\n\r\n`,
      /reached/,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(trap.requests[0]?.url).toBe("/in-tunnel");
  });

  it("relays an allowed WebSocket handshake", async () => {
    lookups = [];
    const socket = connect(Number(new URL(proxy.url).port), "127.0.0.1");
    const answer = await exchange(
      socket,
      `GET ws://public.test:${trap.port}/ws HTTP/1.1\r\nHost: public.test:${trap.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nProxy-Connection: keep-alive\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 101/);
    expect(trap.requests[0]?.url).toBe("/ws");
    expect(trap.requests[0]?.headers["proxy-connection"]).toBeUndefined();
  });

  it("refuses a name when any of its addresses is refused", async () => {
    expect((await viaProxy(proxy, `http://mixed.test:${trap.port}/`)).status).toBe(403);
    expect(trap.connections).toBe(0);
  });

  it("refuses the same loopback address on another port", async () => {
    const other = await startTrap("127.0.0.1");
    try {
      expect((await viaProxy(proxy, `http://127.0.0.1:${other.port}/`)).status).toBe(403);
      expect(other.connections).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("answers 502 when the checked address does not answer", async () => {
    const closed = await startTrap("127.0.0.1");
    await closed.close();
    const proxyToClosed = await startEgressProxy({ isAllowed: () => true });
    try {
      expect((await viaProxy(proxyToClosed, `http://127.0.0.1:${closed.port}/`)).status).toBe(502);
      const { status, socket } = await tunnel(proxyToClosed, `127.0.0.1:${closed.port}`);
      socket.destroy();
      expect(status).toBe(502);
    } finally {
      await proxyToClosed.close();
    }
  });
});
