import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A listener that counts every TCP connection and request it receives, on
 * every local address at once (dual-stack `::`), so 127.0.0.1, ::1,
 * ::ffff:127.0.0.1 and whatever this machine's own name resolves to all land
 * here. `/` is a page, `/redirect?to=URL` a 302, `/page` a page whose
 * subresources point at `?sub=URL`; WebSocket upgrades are accepted.
 */
export interface Trap {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  connections: number;
  requests: IncomingMessage[];
  reset(): void;
  close(): Promise<void>;
}

export async function startTrap(host = "::"): Promise<Trap> {
  const trap = { connections: 0, requests: [] as IncomingMessage[] };
  const server = createServer((req, res) => {
    trap.requests.push(req);
    const url = new URL(req.url ?? "/", "http://trap");
    const to = url.searchParams.get("to");
    if (url.pathname === "/redirect" && to) {
      res.writeHead(302, { location: to });
      res.end();
      return;
    }
    const sub = url.searchParams.get("sub") ?? "";
    const body =
      url.pathname === "/page"
        ? `<!doctype html><title>page</title><img src="${sub}/img.png"><script src="${sub}/script.js"></script>`
        : "<!doctype html><title>trap</title><p>reached</p>";
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "set-cookie": ["a=1; Path=/", "b=2; Path=/"],
      "access-control-allow-origin": "*",
    });
    res.end(body);
  });
  server.on("connection", () => trap.connections++);
  server.on("upgrade", (req, socket) => {
    trap.requests.push(req);
    socket.end("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(trap, {
    port,
    url: `http://127.0.0.1:${port}`,
    reset() {
      trap.connections = 0;
      trap.requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
