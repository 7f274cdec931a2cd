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
 * it received, `/blank` is an empty page, `/hang` never answers.
 */
export async function startSite(): Promise<TestSite> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://site").pathname;
    if (path === "/") html(res, HOME, { "set-cookie": `${SESSION_COOKIE}=s3cret; HttpOnly; Path=/; SameSite=Lax` });
    else if (path === "/whoami") html(res, `<!doctype html><title>cookie: ${req.headers.cookie ?? "none"}</title>`);
    else if (path === "/blank") html(res, BLANK);
    else if (path === "/hang") return;
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
