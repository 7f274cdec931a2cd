import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { LaunchGate } from "../../src/driver/launch-gate";
import { createPlaywrightDriver } from "../../src/driver/playwright";
import { killProcessesNaming, runDir } from "../../src/driver/run-dir";
import { DriverError } from "../../src/driver/types";
import { IPHONE } from "./expect-driver-error";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("the launch gate", () => {
  it("runs at most `limit` at once, the rest in arrival order, and frees a turn when work fails", async () => {
    const gate = new LaunchGate(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const work = (n: number) =>
      gate.run(async () => {
        started.push(n);
        most = Math.max(most, ++running);
        await new Promise<void>((release) => releases.push(release));
        running--;
        if (n === 0) throw new Error("launch failed");
        return n;
      });
    const all = [0, 1, 2, 3, 4].map((n) => work(n).catch((error: Error) => error.message));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.waiting).toBe(3);
    releases.shift()?.(); // the failing one frees its turn
    await tick();
    expect(started).toEqual([0, 1, 2]);
    while (releases.length > 0) {
      releases.shift()?.();
      await tick();
    }
    expect(await Promise.all(all)).toEqual(["launch failed", 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(gate.waiting).toBe(0);
  });
});

describe("a browser that fails to start", () => {
  it("answers unavailable and leaves no directory, even with a process of it still writing there", async () => {
    // A "browser" that starts a child writing into its data directory, then fails: a launch that timed out.
    const bin = mkdtempSync(join(tmpdir(), "driftstack-fake-browser-"));
    const script = join(bin, "chromium");
    writeFileSync(
      script,
      [
        "#!/bin/sh",
        'for arg in "$@"; do case "$arg" in --user-data-dir=*) dir=$(echo "$arg" | cut -d= -f2-);; esac; done',
        // In a session of its own (Playwright kills the launch's process group, not this) and off its pipes.
        `setsid sh -c 'while true; do mkdir -p "$0/Default" && date > "$0/Default/journal"; sleep 0.01; done' "$dir" </dev/null >/dev/null 2>&1 3>&- 4>&- &`,
        "exit 1",
      ].join("\n"),
    );
    chmodSync(script, 0o755);
    const before = new Set(readdirSync(runDir()));
    const driver = createPlaywrightDriver({ engine: "chromium", executablePath: script });
    try {
      const error = await driver.open({ archetype: IPHONE, state: null }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DriverError);
      expect((error as DriverError).kind).toBe("unavailable");
      await new Promise((resolve) => setTimeout(resolve, 300)); // a writer left alive would have made it again
      const left = readdirSync(runDir()).filter((name) => !before.has(name));
      expect(left.filter((name) => existsSync(join(runDir(), name, "Default")))).toEqual([]);
    } finally {
      await driver.close();
      killProcessesNaming(`${runDir()}/`); // a writer the code under test left must not outlive a failed run
    }
  });
});
