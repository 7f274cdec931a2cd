import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDriftstackMock } from "../src";
import { client, json } from "./support";

const mock = createDriftstackMock();
const api = client(mock);
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await mock.close();
});

type Session = { id: string; status: string; queue_position: number | null; engine: string; end_reason: string | null };

describe("sessions on the fake browser", () => {
  it("queue writers, persist cookies across sessions and refuse JavaScript", async () => {
    const [profile] = await mock.seed.profiles(["p"]);
    const first = await json<Session>(await api("POST", "/v1/sessions", { body: { profile_id: profile?.id } }));
    expect(first).toMatchObject({ status: "active", engine: "fake" });
    const second = await json<Session>(await api("POST", "/v1/sessions", { body: { profile_id: profile?.id } }));
    expect(second).toMatchObject({ status: "queued", queue_position: 1 });

    const added = await api("POST", `/v1/sessions/${first.id}/cookies`, {
      body: { cookies: [{ name: "login", value: "yes", url: "https://example.org/" }] },
    });
    expect(added.status).toBe(200);
    const evaluate = await api("POST", `/v1/sessions/${first.id}/evaluate`, { body: { expression: "1" } });
    expect(evaluate.status).toBe(422);
    expect((await json<{ code: string }>(evaluate)).code).toBe("EvaluationFailed");

    expect((await json<Session>(await api("DELETE", `/v1/sessions/${first.id}`))).status).toBe("closed");
    expect((await json<Session>(await api("GET", `/v1/sessions/${second.id}`))).status).toBe("active");
    const cookies = await json<{ data: { name: string }[] }>(await api("GET", `/v1/sessions/${second.id}/cookies`));
    expect(cookies.data.map((c) => c.name)).toEqual(["login"]);
  });

  it("ends every session on reset", async () => {
    const [profile] = await mock.seed.profiles(["p"]);
    await api("POST", "/v1/sessions", { body: { profile_id: profile?.id } });
    await mock.reset();
    const list = await json<{ data: unknown[] }>(await api("GET", "/v1/sessions"));
    expect(list.data).toEqual([]);
  });
});
