import { describe, expect, it } from "vitest";
import { InProcessRevocations, uncheckedRevocations } from "../../src/domain/revocation-signal";

describe("revocation signals", () => {
  it("in one process: the version moves on with each announced revocation", () => {
    const signal = new InProcessRevocations();
    expect(signal.version()).toBe("0");
    signal.announce();
    expect(signal.version()).toBe("1");
    signal.announce();
    expect(signal.version()).toBe("2");
  });

  it("each database's counter is its own", () => {
    const a = new InProcessRevocations();
    const b = new InProcessRevocations();
    a.announce();
    expect([a.version(), b.version()]).toEqual(["1", "0"]);
  });

  it("without a cheap signal there is no version, before or after a revocation", () => {
    expect(uncheckedRevocations.version()).toBeUndefined();
    uncheckedRevocations.announce();
    expect(uncheckedRevocations.version()).toBeUndefined();
  });
});
