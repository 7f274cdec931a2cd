import { createClient, type Row } from "@libsql/client";
import { newId } from "../../../packages/server/src/domain/ids";
import { FIRST_PAGE, GET_ONE, INSERT, idMs, NEXT_PAGE } from "./profile-sql";

const iso = (ms: unknown) => (ms === null ? null : new Date(Number(ms)).toISOString());

function present(row: Row) {
  return {
    id: row.id,
    name: row.name,
    archetype: row.archetype,
    description: row.description,
    last_used_at: iso(row.last_used_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    state_bytes: row.state_bytes,
    state_updated_at: iso(row.state_updated_at),
    in_use: Boolean(row.in_use),
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/**
 * The baseline: one fetch handler on @hono/node-server that runs the same single
 * libSQL query as each Driftstack route, with none of our middleware (no auth,
 * request id, body limit, validation, idempotency, transaction or audit) and no
 * router. The account comes from the `x-account-id` header.
 */
export function createBareHandler(url: string): (request: Request) => Promise<Response> {
  const client = createClient({ url, timeout: 10_000 });
  return async (request) => {
    const { pathname, searchParams } = new URL(request.url);
    const accountId = request.headers.get("x-account-id") ?? "";
    if (pathname === "/v1/profiles" && request.method === "GET") {
      const limit = Number(searchParams.get("limit") ?? 50);
      const cursor = searchParams.get("cursor");
      const { rows } = cursor
        ? await client.execute({ sql: NEXT_PAGE, args: [accountId, idMs(cursor), idMs(cursor), cursor, limit + 1] })
        : await client.execute({ sql: FIRST_PAGE, args: [accountId, limit + 1] });
      const kept = rows.slice(0, limit);
      const hasMore = rows.length > limit;
      return json({ data: kept.map(present), has_more: hasMore, next_cursor: hasMore ? kept.at(-1)?.id : null });
    }
    if (pathname === "/v1/profiles" && request.method === "POST") {
      const body = (await request.json()) as { name: string; archetype?: string };
      const now = Date.now();
      const id = newId("profile", now);
      const archetype = body.archetype ?? "iphone16pro_ios18_7_safari26_4";
      await client.execute({ sql: INSERT, args: [id, accountId, body.name, archetype, null, now, now] });
      return json({ id, name: body.name, archetype, description: null, created_at: iso(now), updated_at: iso(now) });
    }
    if (pathname.startsWith("/v1/profiles/") && request.method === "GET") {
      const { rows } = await client.execute({
        sql: GET_ONE,
        args: [accountId, pathname.slice("/v1/profiles/".length)],
      });
      const row = rows[0];
      return row ? json(present(row)) : json({ code: "NotFound" }, 404);
    }
    return json({ code: "NotFound" }, 404);
  };
}
