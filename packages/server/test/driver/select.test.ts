import { webkit } from "playwright-core";
import { describe, expect, it } from "vitest";
import { availableEngines, selectDriver } from "../../src/driver/select";

const nothing = () => false;
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
    expect(availableEngines({}, only("/usr/bin/chromium", webkit.executablePath()))).toEqual([
      { engine: "webkit", executablePath: webkit.executablePath() },
      { engine: "chromium", executablePath: "/usr/bin/chromium" },
    ]);
    expect(availableEngines({}, nothing)).toEqual([]);
  });
});
