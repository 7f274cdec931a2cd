import type { DriftstackMock } from "../src";

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Plain `fetch` against the mock's base URL, looked up on `globalThis` per call, as an app or
 * the SDK does: made before `server.listen()`, it is still intercepted.
 */
export function client(mock: Pick<DriftstackMock, "apiKey" | "baseUrl">, baseUrl = mock.baseUrl) {
  return (method: string, path: string, options: CallOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? mock.apiKey : options.key;
    if (key) headers.authorization = `Bearer ${key}`;
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    return globalThis.fetch(`${baseUrl}${path}`, init);
  };
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface Page<T = { id: string; name: string }> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}
