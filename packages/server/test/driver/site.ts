import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A page the browser can store things from. `/` sets an httpOnly cookie and
 * its script writes a localStorage item and an IndexedDB record, resolving
 * `window.stored` once both are written.
 */
const HOME = `<!doctype html><title>Driftstack test site</title><p>home</p>
<script>
window.stored = (async () => {
  localStorage.setItem("driftstack", "kept");
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("driftstack", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("records");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise((resolve, reject) => {
    const tx = db.transaction("records", "readwrite");
    tx.objectStore("records").put({ n: 1, from: "home" }, "visit");
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return true;
})();
</script>`;

/** An expression reading back what HOME stored: `{ local, record }`, nulls when absent. */
export const READ_STORAGE = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("driftstack", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("records");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const record = await new Promise((resolve, reject) => {
    const get = db.transaction("records").objectStore("records").get("visit");
    get.onsuccess = () => resolve(get.result ?? null);
    get.onerror = () => reject(get.error);
  });
  db.close();
  return { local: localStorage.getItem("driftstack"), record };
})()`;

/**
 * A service worker that, on install, stores an `/offline` page in Cache
 * Storage and then answers `/offline` from there: the page loads with the
 * site stopped only if the worker and its cache were kept.
 */
const SERVICE_WORKER = `
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open("driftstack-offline");
    await cache.put("/offline", new Response("<!doctype html><title>from the service worker</title>", {
      headers: { "content-type": "text/html" },
    }));
    await self.skipWaiting();
  })());
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  if (new URL(event.request.url).pathname === "/offline") {
    event.respondWith(caches.match("/offline").then((hit) => hit ?? fetch(event.request)));
  }
});`;

/** Registers SERVICE_WORKER; `window.registered` resolves once it is active. */
const SERVICE_WORKER_PAGE = `<!doctype html><title>service worker</title>
<script>
window.registered = navigator.serviceWorker
  .register("/sw.js", { scope: "/" })
  .then(() => navigator.serviceWorker.ready)
  .then((registration) => registration.active !== null);
</script>`;

/** What a page reads back of SERVICE_WORKER: its registrations and Cache Storage. */
export const READ_SERVICE_WORKER = `(async () => ({
  registrations: (await navigator.serviceWorker.getRegistrations()).length,
  caches: await caches.keys(),
}))()`;

/** Without a viewport meta tag a mobile browser lays the page out 980 px wide. */
const BLANK = `<!doctype html><meta name="viewport" content="width=device-width"><title>blank</title>`;

export const SESSION_COOKIE = "driftstack_sid";

export interface TestSite {
  /** The site's origin, e.g. http://127.0.0.1:40123 */
  url: string;
  close(): Promise<void>;
}

function html(res: ServerResponse, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...headers });
  res.end(body);
}

/**
 * Serves on 127.0.0.1, port 0. `/whoami` titles itself with the Cookie header
 * it received, `/blank` is an empty page, `/hang` never answers, `/sw`
 * registers a service worker that answers `/offline` from Cache Storage.
 */
export async function startSite(): Promise<TestSite> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://site").pathname;
    if (path === "/") html(res, HOME, { "set-cookie": `${SESSION_COOKIE}=s3cret; HttpOnly; Path=/; SameSite=Lax` });
    else if (path === "/whoami") html(res, `<!doctype html><title>cookie: ${req.headers.cookie ?? "none"}</title>`);
    else if (path === "/blank") html(res, BLANK);
    else if (path === "/sw") html(res, SERVICE_WORKER_PAGE);
    else if (path === "/offline") html(res, "<!doctype html><title>from the network</title>");
    else if (path === "/sw.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(SERVICE_WORKER);
    } else if (path === "/hang") return;
    else {
      // Chromium turns an empty 404 into a failed navigation; real sites send a page.
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<!doctype html><title>not found</title>");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
