import { http, type RequestHandler } from "msw";

/** Serves one intercepted request; `path` is the request's path below the base URL. */
export type Serve = (request: Request, path: string) => Promise<Response>;

/** One catch-all handler per base URL: every method and path below it goes to the app. */
export function createHandlers(baseUrls: readonly string[], serve: Serve): RequestHandler[] {
  return baseUrls.map((base) => {
    const prefix = new URL(base).pathname.replace(/\/$/, "");
    return http.all(`${base}/*`, ({ request }) => {
      const path = new URL(request.url).pathname.slice(prefix.length);
      return serve(request, path);
    });
  });
}

/** The request as the app expects it, at the root: a base URL's path is only where the mock listens. */
export async function atRoot(request: Request, path: string): Promise<Request> {
  const url = new URL(request.url);
  if (url.pathname === path) return request;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(new URL(path + url.search, url.origin), {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    signal: request.signal,
  });
}
