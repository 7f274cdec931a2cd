import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve as serveNode } from "@hono/node-server";
import { answerClientErrors } from "./client-errors";

type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Serves `fetch` over HTTP/1.1 on `host:port` (0: a free port), every error as problem+json; resolves once
 * listening, rejects when the port cannot be had (`EADDRINUSE`, `EACCES`).
 */
export function listen(
  fetch: FetchHandler,
  options: { port: number; host: string },
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serveNode({ fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      server.off("error", reject);
      resolve({ server, port: info.port });
    }) as Server;
    server.once("error", reject);
    answerClientErrors(server);
  });
}
