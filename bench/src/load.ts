import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** Responses outside 2xx and connection errors: a run with any is not a valid measurement. */
  failures: number;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  headers: Record<string, string>;
  /** One request shape, or a function making each request (unique names, rotating ids). */
  request:
    | { method: "GET" | "POST"; path: string }
    | { method: "GET" | "POST"; next: () => { path: string; body?: string; headers?: Record<string, string> } };
}

/** Runs autocannon against a server for `seconds` and reads its figures. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const { request } = options;
  const requests: autocannon.Request[] =
    "path" in request
      ? [{ method: request.method, path: request.path }]
      : [
          {
            method: request.method,
            setupRequest: (req) => {
              const { path, body, headers } = request.next();
              return {
                ...req,
                path,
                ...(body === undefined ? {} : { body }),
                ...(headers === undefined ? {} : { headers: { ...req.headers, ...headers } }),
              };
            },
          },
        ];
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
    requests,
    // autocannon notices the end of `duration` only on its sampling tick (1 s by default).
    sampleInt: 100,
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}
