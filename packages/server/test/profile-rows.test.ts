import { describe, expect, it } from "vitest";
import { presentProfile } from "../src/api/profile-wire";
import { getProfile } from "../src/store/profiles";
import { sessions } from "../src/store/schema";
import { replaceProfileState } from "../src/store/states";
import { json, testApp } from "./support/harness";

type Profile = { id: string };

// GET by id and the list read raw rows (store/profile-rows.ts: on a file, a connection and
// prepared statements of their own; in memory, through the client). Both must answer exactly
// what the drizzle read and `presentProfile` answer, byte for byte, every field set or null.
describe.each([
  ["a file", true],
  ["memory", false],
])("raw profile reads on %s", (_, file) => {
  it("answer the same bytes as the drizzle read presented", async () => {
    const t = await testApp({ file });
    const owner = await t.account("enterprise");
    const plain = await json<Profile>(await t.call(owner, "POST", "/v1/profiles", { name: "plain" }));
    const full = await json<Profile>(
      await t.call(owner, "POST", "/v1/profiles", { name: "full", description: 'with "quotes" and é' }),
    );
    const now = Date.now();
    await t.db.write(async (tx) => {
      await replaceProfileState(tx, { profileId: full.id, accountId: owner.id, format: "test", data: "xyz", now });
      await tx.insert(sessions).values({
        id: "sess_raw-read",
        accountId: owner.id,
        profileId: full.id,
        archetype: "iphone16pro_ios18_7_safari26_4",
        persist: false,
        idleTimeoutS: 60,
        status: "active",
        runnerId: "run_raw-read",
        createdByKeyId: owner.keyId,
        createdByAccountId: owner.id,
        createdAt: now,
      });
    });
    await t.db.client.execute({ sql: "UPDATE profiles SET last_used_at = ? WHERE id = ?", args: [now, full.id] });

    const expected = async (id: string) =>
      JSON.stringify(presentProfile(await t.db.read((q) => getProfile(q, owner.id, id))));
    const listed = (await (await t.call(owner, "GET", "/v1/profiles")).json()) as { data: unknown[] };
    for (const [i, profile] of [full, plain].entries()) {
      const byId = await (await t.call(owner, "GET", `/v1/profiles/${profile.id}`)).text();
      expect(byId).toBe(await expected(profile.id));
      expect(JSON.stringify(listed.data[i])).toBe(await expected(profile.id));
    }
    expect(JSON.parse(await expected(full.id))).toMatchObject({
      in_use: true,
      state_bytes: 3,
      description: expect.any(String),
    });
    expect(JSON.parse(await expected(full.id)).last_used_at).not.toBeNull();
  });
});
