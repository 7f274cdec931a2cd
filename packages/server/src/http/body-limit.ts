import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ProblemError } from "../domain/problem";
import { TIER_STATE_CAPS } from "../domain/tiers";

export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * A state import (`PUT /v1/profiles/{id}/state`) may be as large as the largest
 * tier's state cap; the route holds it to the account's own cap (413).
 */
const STATE_IMPORT_LIMIT_BYTES = Math.max(...Object.values(TIER_STATE_CAPS));
const STATE_IMPORT_PATH = /^\/v1\/profiles\/[^/]+\/state$/;
/** How much of an oversized body is read and thrown away so the connection can carry the next request. */
const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;
const BODILESS_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function tooLarge(connection: "keep-alive" | "close", limit = BODY_LIMIT_BYTES): ProblemError {
  return new ProblemError("PayloadTooLarge", `The request body is larger than ${limit / (1024 * 1024)} MiB.`, {
    headers: connection === "close" ? { Connection: "close" } : {},
  });
}

/** Reads `body` to its end, up to `limit` bytes; says whether it got there. */
async function discard(body: ReadableStream<Uint8Array> | null, limit: number): Promise<boolean> {
  if (!body) return true;
  const reader = body.getReader();
  let read = 0;
  while (read <= limit) {
    const { done, value } = await reader.read();
    if (done) return true;
    read += value.byteLength;
  }
  await reader.cancel();
  return false;
}

const limitStreamed = (maxSize: number) =>
  bodyLimit({
    maxSize,
    // A body without Content-Length is cut mid-stream: the rest cannot be skipped reliably, so the connection ends.
    onError: () => {
      throw tooLarge("close", maxSize);
    },
  });
const limitStreamedBody = limitStreamed(BODY_LIMIT_BYTES);
const limitStreamedImport = limitStreamed(STATE_IMPORT_LIMIT_BYTES);

/**
 * 413 for a body over 1 MiB, without poisoning a kept-alive connection: a
 * client that declared its length gets its body read and discarded (up to
 * 16 MiB) before the answer, so the socket is ready for the next request;
 * past that, or when the length is unknown, the answer says
 * `Connection: close` and the connection ends after it.
 */
export const limitBody = createMiddleware<AppEnv>(async (c, next) => {
  // Touching the body of a GET makes the Node adapter build a full Request for nothing.
  if (BODILESS_METHODS.has(c.req.method)) return next();
  if (c.req.method === "PUT" && STATE_IMPORT_PATH.test(c.req.path)) return limitStreamedImport(c, next);
  const declared = c.req.header("content-length");
  if (declared !== undefined && Number(declared) > BODY_LIMIT_BYTES) {
    const drained = Number(declared) <= DISCARD_LIMIT_BYTES && (await discard(c.req.raw.body, DISCARD_LIMIT_BYTES));
    throw tooLarge(drained ? "keep-alive" : "close");
  }
  return limitStreamedBody(c, next);
});
