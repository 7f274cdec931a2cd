import type { createApp } from "@driftstack/server";

/** JSON calls to the in-process app with one account's key; a non-2xx answer throws with its problem detail. */
export function apiClient(app: ReturnType<typeof createApp>, apiKey: string) {
  return async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await app.fetch(
      new Request(`http://bench.local${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
