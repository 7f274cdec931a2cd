import { expect, it } from "vitest";
import { isPrivateHost } from "../../src/domain/private-hosts";

it.each(["localhost..", "app.localhost...", "APP.LOCALHOST", "LocalHost."])(
  "%s names this machine: any run of trailing dots, any case",
  (host) => expect(isPrivateHost(host)).toBe(true),
);
