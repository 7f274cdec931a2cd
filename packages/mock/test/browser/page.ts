import { setupWorker } from "msw/browser";
import { createDriftstackMock } from "../../src/browser";

// Runs in Chromium: the browser entry behind a real service worker, on the wasm database.
const mock = createDriftstackMock({ tier: "trial_pack" });
const worker = setupWorker(...mock.handlers);
const base = mock.baseUrl;
const headers = { authorization: `Bearer ${mock.apiKey}`, "content-type": "application/json" };

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.json() };
}

async function rejects(request: () => Promise<unknown>): Promise<boolean> {
  return request().then(
    () => false,
    () => true,
  );
}

async function scenario(probeUrl: string) {
  await worker.start({ onUnhandledRequest: "error", quiet: true });
  const me = await call("GET", "/v1/account/me");
  const created = await call("POST", "/v1/profiles", { name: "from-the-browser" });
  const overCap = await call("POST", "/v1/profiles", { name: "second" });
  const listed = await call("GET", "/v1/profiles");
  mock.faults.status(503, { times: 1, headers: { "Retry-After": "0" } });
  const forced = await call("GET", "/v1/profiles");
  mock.faults.networkError({ times: 1 });
  const networkFailed = await rejects(() => call("GET", "/v1/profiles"));
  await mock.reset();
  const afterReset = await call("GET", "/v1/profiles");
  // MSW in a browser answers an unhandled request itself (500) instead of letting it out.
  const unmocked = await fetch(probeUrl).then(
    async (res) => ({ status: res.status, body: await res.text() }),
    (error: unknown) => ({ status: 0, body: String(error) }),
  );
  worker.stop();
  return { me, created, overCap, listed, forced, networkFailed, afterReset, unmocked };
}

export type Scenario = typeof scenario;

(window as unknown as { driftstackScenario: Scenario }).driftstackScenario = scenario;
