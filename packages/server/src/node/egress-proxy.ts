import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import {
  checkedTarget,
  EgressRefused,
  type IsAllowed,
  publicOnly,
  type Resolve,
  resolveWithSystem,
} from "./egress-target";

export { type EgressTarget, type IsAllowed, publicOnly, type Resolve } from "./egress-target";

/**
 * The egress guard of `DRIFTSTACK_GOTO_DENY_PRIVATE=1`: an HTTP forward proxy
 * on 127.0.0.1 that every browser is pointed at, so that every request a page
 * makes (navigations, redirects, subresources, fetch, WebSockets, service
 * workers) is judged on the address actually connected to, whatever engine
 * made it and however the URL spelled its host.
 *
 * Interface for a browser launcher (any engine):
 *
 *   const proxy = await startEgressProxy();   // listens on 127.0.0.1:<free port>
 *   proxy.url    // "http://127.0.0.1:PORT": give it to the browser as its HTTP
 *                // and HTTPS proxy for every scheme, with no bypass for
 *                // loopback (Chromium: Playwright `proxy: { server: url,
 *                // bypass: "<-loopback>" }`; WebKitGTK: a WebKit2.NetworkProxySettings
 *                // with this URL as default proxy and no ignore hosts)
 *   await proxy.close()                        // on shutdown
 *
 * It speaks plain HTTP in absolute form (`GET http://host:port/path`, also
 * with `Upgrade: websocket`) and CONNECT (https, wss, any TLS). For each it
 * resolves the host once (`/etc/hosts` included), refuses with 403 when any
 * address fails the policy (default: globally reachable unicast only, see
 * `domain/ip-address.ts`), and connects to the address it checked. A refused
 * CONNECT is a `403` response line, which browsers show as a failed load; a
 * refused plain request is a 403 page that names the guard. The browser's own
 * connection to the proxy is the only loopback connection it makes.
 *
 * Start it only when the guard is on: with the guard off, browsers connect
 * directly and pay nothing.
 */
export interface EgressProxy {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  close(): Promise<void>;
}

export interface EgressProxyOptions {
  /** The policy; default `publicOnly`. Tests inject one that lets a chosen loopback port pass as public. */
  isAllowed?: IsAllowed;
  /** Name resolution; default the system resolver. Tests inject names that do not exist. */
  resolve?: Resolve;
}

/** Headers that belong to one hop, never forwarded (RFC 9110 §7.6.1), plus the proxy's own. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export async function startEgressProxy(options: EgressProxyOptions = {}): Promise<EgressProxy> {
  const policy = { isAllowed: options.isAllowed ?? publicOnly, resolve: options.resolve ?? resolveWithSystem };
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.on("error", () => socket.destroy());
    socket.once("close", () => sockets.delete(socket));
    return socket;
  };

  /** The target of an absolute-form request (`http:`, or `ws:` for an upgrade), or a refusal. */
  async function httpTarget(req: IncomingMessage, schemes = ["http:"]) {
    const url = URL.canParse(req.url ?? "") ? new URL(req.url ?? "") : null;
    if (!url || !schemes.includes(url.protocol)) {
      throw new EgressRefused(400, "this is a forward proxy: send absolute http: URLs, or CONNECT for anything else");
    }
    const target = await checkedTarget(url.hostname, Number(url.port || 80), policy);
    return { target, path: `${url.pathname}${url.search}` };
  }

  async function forward(req: IncomingMessage, res: ServerResponse) {
    try {
      const { target, path } = await httpTarget(req);
      const upstream = request({
        host: target.address,
        family: target.family,
        port: target.port,
        method: req.method,
        path,
        headers: endToEnd(req.rawHeaders),
        setHost: false,
        agent: false,
      });
      upstream.on("response", (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders));
        answer.pipe(res);
      });
      upstream.on("error", (error) => {
        if (res.headersSent) res.destroy();
        else refuse(res, new EgressRefused(502, `could not reach ${target.hostname}:${target.port}: ${error.message}`));
      });
      req.pipe(upstream);
    } catch (error) {
      refuse(res, error);
    }
  }

  /** CONNECT host:port: a TCP tunnel to the checked address (https, wss). */
  async function tunnel(req: IncomingMessage, client: Duplex, head: Buffer) {
    try {
      const authority = URL.canParse(`http://${req.url}`) ? new URL(`http://${req.url}`) : null;
      if (!authority?.port) throw new EgressRefused(400, "CONNECT needs host:port");
      const target = await checkedTarget(authority.hostname, Number(authority.port), policy);
      splice(client, target, "HTTP/1.1 200 Connection Established\r\n\r\n", head);
    } catch (error) {
      refuseRaw(client, error);
    }
  }

  /** `GET ws://…` in absolute form with `Upgrade`: relay the handshake, then the bytes. */
  async function upgrade(req: IncomingMessage, client: Duplex, head: Buffer) {
    try {
      const { target, path } = await httpTarget(req, ["http:", "ws:"]);
      const lines = [`${req.method} ${path} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] ?? "";
        if (!name.toLowerCase().startsWith("proxy-")) lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
      }
      splice(client, target, "", Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), head]));
    } catch (error) {
      refuseRaw(client, error);
    }
  }

  /** Connects to exactly the checked address (no second lookup) and pipes both ways. */
  function splice(client: Duplex, target: { address: string; port: number }, greeting: string, first: Buffer) {
    const upstream = track(connect({ host: target.address, port: target.port }) as Socket);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      if (greeting) client.write(greeting);
      if (first.length > 0) upstream.write(first);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    // Before the tunnel is up the client still reads HTTP; after, only its peer's bytes.
    upstream.once("error", (error) =>
      connected ? client.destroy() : refuseRaw(client, new EgressRefused(502, error.message)),
    );
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => {
      if (connected) client.destroy();
    });
  }

  const server = createServer(forward);
  server.on("connection", track);
  server.on("connect", tunnel);
  server.on("upgrade", upgrade);
  server.on("clientError", (_error, socket) => refuseRaw(socket, new EgressRefused(400, "malformed request")));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Raw header pairs without hop-by-hop ones or those the Connection header names. */
function endToEnd(raw: string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === "connection") {
      for (const token of (raw[i + 1] ?? "").split(",")) named.add(token.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? "";
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !named.has(lower)) out.push(name, raw[i + 1] ?? "");
  }
  return out;
}

function statusOf(error: unknown): { status: number; message: string } {
  if (error instanceof EgressRefused) return { status: error.status, message: error.message };
  return { status: 502, message: error instanceof Error ? error.message : String(error) };
}

const REASONS: Record<number, string> = { 400: "Bad Request", 403: "Forbidden", 502: "Bad Gateway" };

/** A page that says why, so a refused navigation reads as the guard's doing. */
function refuse(res: ServerResponse, error: unknown) {
  const { status, message } = statusOf(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `<!doctype html><title>${REASONS[status]}: Driftstack egress guard</title><p>${escapeHtml(message)}</p>`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", connection: "close" });
  res.end(body);
}

function refuseRaw(socket: Duplex, error: unknown) {
  const { status, message } = statusOf(error);
  if (!socket.writable) return void socket.destroy();
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
