import { HttpHandler, type HttpRequestParsedResult, type RequestHandler, type ResponseResolutionContext } from "msw";

/** Serves one intercepted request; `path` is the request's path below the base URL. */
export type Serve = (request: Request, path: string) => Promise<Response>;

/**
 * MSW's `http.all(`${base}/*`)`, without MSW's per-request matching work where it cannot
 * change the answer. MSW's parse compiles the path pattern, decodes it and reads its cookie
 * store for every request; a URL that starts with `${base}/` always matches that pattern, and
 * the app reads no cookies, so such a URL is taken at once. Any other URL (another case in the
 * base path, another host) goes through MSW's own matching as before.
 */
class CatchAllHandler extends HttpHandler {
  readonly #inside: string;

  constructor(base: string, serve: Serve) {
    super(/.+/, `${base}/*`, ({ request }) => serve(request, this.path(request.url)));
    this.#inside = `${base}/`;
  }

  override async parse(args: {
    request: Request;
    resolutionContext?: ResponseResolutionContext;
  }): Promise<HttpRequestParsedResult> {
    if (args.request.url.startsWith(this.#inside)) return { match: { matches: true, params: {} }, cookies: {} };
    return super.parse(args);
  }

  /** The path below the base URL: the base's own path is only where the mock listens. */
  path(url: string): string {
    const prefix = this.#inside.length - 1;
    if (url.startsWith(this.#inside)) {
      const rest = url.slice(prefix);
      const end = rest.search(/[?#]/);
      return end === -1 ? rest : rest.slice(0, end);
    }
    return new URL(url).pathname.slice(new URL(this.#inside).pathname.length - 1);
  }
}

/** One catch-all handler per base URL: every method and path below it goes to the app. */
export function createHandlers(baseUrls: readonly string[], serve: Serve): RequestHandler[] {
  return baseUrls.map((base) => new CatchAllHandler(base, serve));
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
