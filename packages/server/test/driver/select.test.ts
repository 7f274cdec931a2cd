import { webkit } from "playwright-core";
import { describe, expect, it } from "vitest";
import { availableEngines, selectDriver } from "../../src/driver/select";

const nothing = () => false;
/** Every file a WebKitGTK session needs, as Debian installs them on x86-64. */
const WEBKITGTK = [
  "/usr/bin/WebKitWebDriver",
  "/usr/bin/python3",
  "/usr/lib/python3/dist-packages/gi/__init__.py",
  "/usr/lib/x86_64-linux-gnu/girepository-1.0/WebKit2-4.1.typelib",
  "/usr/bin/Xvfb",
];
const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe("selectDriver", () => {
  it("turns sessions off or fakes them on request", () => {
    expect(selectDriver({ DRIFTSTACK_BROWSER: "none" })).toMatchObject({ driver: null, engine: null });
    const fake = selectDriver({ DRIFTSTACK_BROWSER: "fake" }, nothing);
    expect(fake.engine).toBe("fake");
    expect(fake.driver?.engine).toBe("fake");
  });

  it("refuses an unknown engine with a reason", () => {
    const selection = selectDriver({ DRIFTSTACK_BROWSER: "firefox" });
    expect(selection.driver).toBeNull();
    expect(selection.reason).toContain("webkit, chromium, fake or none");
  });

  it("prefers Playwright's WebKit, then Chromium at the usual paths", () => {
    const webkitPath = webkit.executablePath();
    expect(selectDriver({}, only(webkitPath, "/usr/bin/chromium")).engine).toBe("webkit");
    expect(selectDriver({}, only("/usr/bin/chromium-browser")).engine).toBe("chromium");
    expect(selectDriver({ DRIFTSTACK_BROWSER: "chromium" }, only(webkitPath, "/usr/bin/chromium")).engine).toBe(
      "chromium",
    );
  });

  it("names the fix when nothing is installed", () => {
    const auto = selectDriver({}, nothing);
    expect(auto.driver).toBeNull();
    expect(auto.reason).toContain("npx playwright install webkit");
    expect(auto.reason).toContain("apt-get install -y chromium");
    expect(selectDriver({ DRIFTSTACK_BROWSER: "webkit" }, only("/usr/bin/chromium")).reason).toContain(
      "npx playwright install webkit",
    );
    expect(selectDriver({ DRIFTSTACK_BROWSER: "chromium" }, nothing).reason).toContain("apt-get install -y chromium");
  });

  it("uses DRIFTSTACK_BROWSER_EXECUTABLE, and says when it does not exist", () => {
    const custom = { DRIFTSTACK_BROWSER: "chromium", DRIFTSTACK_BROWSER_EXECUTABLE: "/opt/chrome/chrome" };
    expect(selectDriver(custom, only("/opt/chrome/chrome")).engine).toBe("chromium");
    const missing = selectDriver(custom, only("/usr/bin/chromium"));
    expect(missing.driver).toBeNull();
    expect(missing.reason).toContain("DRIFTSTACK_BROWSER_EXECUTABLE=/opt/chrome/chrome does not exist");
  });

  it("connects to a remote browser server without looking for a local one", () => {
    const remote = selectDriver({ DRIFTSTACK_BROWSER_WS_ENDPOINT: "ws://127.0.0.1:9/x" }, nothing);
    expect(remote.engine).toBe("chromium");
    const remoteWebkit = selectDriver(
      { DRIFTSTACK_BROWSER: "webkit", DRIFTSTACK_BROWSER_WS_ENDPOINT: "ws://127.0.0.1:9/x" },
      nothing,
    );
    expect(remoteWebkit.driver?.engine).toBe("webkit");
  });

  it("lists the installed engines, WebKit first", () => {
    expect(availableEngines({}, only("/usr/bin/chromium", webkit.executablePath(), ...WEBKITGTK))).toEqual([
      { engine: "webkit", backend: "playwright", executablePath: webkit.executablePath() },
      { engine: "webkit", backend: "webkitgtk", executablePath: "/usr/bin/WebKitWebDriver" },
      { engine: "chromium", backend: "playwright", executablePath: "/usr/bin/chromium" },
    ]);
    expect(availableEngines({}, nothing)).toEqual([]);
  });

  it("takes WebKitGTK for WebKit when Playwright's WebKit is missing, and only when all of it is there", () => {
    const gtk = selectDriver({ DRIFTSTACK_BROWSER: "webkit" }, only(...WEBKITGTK));
    expect(gtk).toMatchObject({ engine: "webkit", backend: "WebKitGTK over WebDriver" });
    expect(gtk.driver?.engine).toBe("webkit");
    expect(selectDriver({}, only("/usr/bin/chromium", ...WEBKITGTK)).backend).toBe("WebKitGTK over WebDriver");
    expect(selectDriver({}, only(webkit.executablePath(), ...WEBKITGTK)).backend).toBe("Playwright");
    // Without Xvfb an existing display will do; without either, or without the launcher's Python bindings, no.
    const noXvfb = WEBKITGTK.filter((path) => path !== "/usr/bin/Xvfb");
    expect(selectDriver({ DRIFTSTACK_BROWSER: "webkit", DISPLAY: ":5" }, only(...noXvfb)).engine).toBe("webkit");
    expect(selectDriver({ DRIFTSTACK_BROWSER: "webkit" }, only(...noXvfb)).driver).toBeNull();
    const noGi = WEBKITGTK.filter((path) => !path.includes("/gi/"));
    expect(selectDriver({}, only("/usr/bin/chromium", ...noGi)).engine).toBe("chromium");
  });

  it("names both WebKit fixes when WebKit is asked for and missing", () => {
    const reason = selectDriver({ DRIFTSTACK_BROWSER: "webkit" }, only("/usr/bin/chromium")).reason;
    expect(reason).toContain("npx playwright install webkit");
    expect(reason).toContain("apt-get install -y webkit2gtk-driver gir1.2-webkit2-4.1 python3-gi xvfb");
  });
});
