import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, expect, it } from "vitest";
import { Driftstack, NotFoundError } from "../src";
import { setup } from "./support/server";

const server = setupServer();
afterAll(() => server.close());

it("a client made before MSW starts listening is still intercepted (fetch is looked up per request)", async () => {
  const t = await setup();
  const account = await t.account();
  const baseUrl = "http://msw.driftstack.test";
  const ds = new Driftstack({ apiKey: account.key, baseUrl, backoff: { initialDelayMs: 1 } });

  server.use(http.all(`${baseUrl}/*`, ({ request }) => t.app.fetch(request)));
  server.listen({ onUnhandledRequest: "error" });

  const made = await ds.profiles.create({ name: "through-msw" });
  expect((await ds.profiles.list()).data.map((p) => p.id)).toEqual([made.id]);
  await expect(ds.profiles.get("prof_missing")).rejects.toBeInstanceOf(NotFoundError);

  server.use(http.get(`${baseUrl}/healthz`, () => HttpResponse.error(), { once: true }));
  expect(await ds.health()).toEqual({ status: "ok" });
});
