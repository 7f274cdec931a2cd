import { type ClientOptions, Driftstack } from "../../src";

/** What `GET /v1/account/me` answers in these tests. */
export const me = { id: "acc_1", name: "Acme", tier: "solo" };

/** An answer for one attempt: a Response, or an error for fetch to throw. */
export type Reply = Response | Error;

/**
 * A fetch double without a server: attempt n gets `replies[n]`, the last one
 * repeating, each built when its attempt arrives (a Response body is read once).
 * Keeps every request it was sent, so tests can read headers per attempt.
 */
export function scripted(...replies: ((request: Request) => Reply | Promise<Reply>)[]) {
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    const reply = await (replies[requests.length - 1] ?? replies[replies.length - 1])?.(request);
    if (reply instanceof Error) throw reply;
    return reply ?? Response.json(me);
  };
  return { fetch, requests };
}

/** A client on `fetch` whose backoff never makes a test wait more than a few ms. */
export function clientOn(fetch: (request: Request) => Promise<Response>, options: ClientOptions = {}) {
  return new Driftstack({
    apiKey: "dsk_test",
    baseUrl: "http://driftstack.test",
    fetch,
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

/** A fetch that never answers: it settles only by rejecting with the reason its request is aborted with. */
export function hanging() {
  const requests: Request[] = [];
  const fetch = (request: Request) => {
    requests.push(request);
    return new Promise<Response>((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason));
    });
  };
  return { fetch, requests };
}
