import type { Spec } from "./spec";

export type Fetch = (request: Request) => Promise<Response>;

/** One request the SDK sent and the answer it got, as the wire carried them. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Headers;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Sits between the SDK and a target: every response is cloned and checked
 * against the spec (status documented for its operation, content type, body
 * schema), and every exchange is logged so a test can count attempts or read a
 * header the SDK does not surface. Violations are collected, not thrown, so the
 * SDK sees the answer unchanged and the test that caused them fails afterwards.
 */
export class Recorder {
  readonly exchanges: Exchange[] = [];
  #violations: string[] = [];
  #pending: Promise<void>[] = [];

  constructor(readonly spec: Spec) {}

  wrap(inner: Fetch): Fetch {
    return async (request) => {
      const response = await inner(request);
      const path = new URL(request.url).pathname;
      this.exchanges.push({ method: request.method, path, status: response.status, headers: response.headers });
      this.#pending.push(this.#check(request.method, path, response.clone()));
      return response;
    };
  }

  /** Exchanges since the last `clear()`, optionally only those of one method and path. */
  sent(method?: string, path?: string): Exchange[] {
    return this.exchanges.filter((e) => (!method || e.method === method) && (!path || e.path === path));
  }

  /** Waits for every pending check and hands back the violations found since the last call. */
  async takeViolations(): Promise<string[]> {
    await Promise.all(this.#pending.splice(0));
    return this.#violations.splice(0);
  }

  clear(): void {
    this.exchanges.length = 0;
  }

  async #check(method: string, path: string, response: Response): Promise<void> {
    const where = `${method} ${path} → ${response.status}`;
    const fail = (message: string) => this.#violations.push(`${where}: ${message}`);
    try {
      for (const message of await this.#problems(method, path, response)) fail(message);
    } catch (error) {
      fail(`could not be checked: ${String(error)}`);
    }
  }

  async #problems(method: string, path: string, response: Response): Promise<string[]> {
    const problems: string[] = [];
    if (!response.headers.get("x-request-id")?.startsWith("req_")) problems.push("no X-Request-Id header");
    const operation = this.spec.find(method, path);
    if (!operation) return [...problems, "no operation of the spec has this method and path"];
    const documented = operation.responses.get(response.status);
    if (!documented) {
      const listed = [...operation.responses.keys()].join(", ");
      return [...problems, `status not documented for ${operation.id} (documented: ${listed})`];
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const type = response.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (documented.size === 0) {
      if (bytes.length > 0) problems.push(`${operation.id} documents no body, got ${bytes.length} bytes`);
      return problems;
    }
    if (!type || !documented.has(type)) {
      return [...problems, `content type ${type} not documented (documented: ${[...documented.keys()].join(", ")})`];
    }
    const validate = documented.get(type);
    if (type === "image/png") {
      if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) problems.push("image/png body is not a PNG");
      return problems;
    }
    if (!validate) return problems;
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return [...problems, `${type} body is not JSON`];
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? []).map(
        (e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
      );
      problems.push(`body does not match ${operation.id}'s ${response.status} schema: ${errors.join("; ")}`);
    }
    if (type === "application/problem+json" && (body as { status?: unknown }).status !== response.status) {
      problems.push(`problem body says status ${(body as { status?: unknown }).status}`);
    }
    return problems;
  }
}
