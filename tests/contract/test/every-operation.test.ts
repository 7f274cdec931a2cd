import {
  AuthenticationError,
  IdempotencyKeyReusedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  UnsupportedMediaTypeError,
} from "@driftstack/sdk";
import { expect, it } from "vitest";
import { spec } from "../src/targets";
import { contract, rejection } from "./support/contract";
import { callOf, fixture, NOWHERE, OPERATIONS } from "./support/operations";

const operation = (id: string) => {
  const found = spec.operations.find((op) => op.id === id);
  if (!found) throw new Error(`The spec has no operation ${id}.`);
  return found;
};
const ALL = Object.keys(OPERATIONS);
const WRITES = ALL.filter((id) => operation(id).method !== "GET");
const WITH_ID = ALL.filter((id) => operation(id).template.includes("{id}"));
const WITH_BODY = ALL.filter((id) => ["POST", "PATCH"].includes(operation(id).method));
/**
 * Known spec bug: these operations answer 413 and 415 like every other JSON
 * body (PRODUCT.md, "Errors"), but spec/openapi.yaml does not list 413 or 415
 * among their responses. Their tests are expected to fail until the spec
 * documents both; then move them back into WITH_BODY's checked list.
 */
const POSTS = ALL.filter((id) => operation(id).method === "POST");
const MIB = 1024 * 1024;

contract("every operation", (c) => {
  it.each(ALL)("%s answers 401 to an unknown key, without retrying", async (id) => {
    const ds = c.target.makeClient(`dsk_${"0".repeat(40)}`);
    await rejection(callOf(id)(ds, NOWHERE), AuthenticationError);
    expect(c.recorder.sent()).toHaveLength(1);
  });

  it.each(ALL)("%s answers 403 to an account header naming an account the caller is not a member of", async (id) => {
    const ds = c.client("outsider", { account: c.account("team").id });
    await rejection(callOf(id)(ds, NOWHERE), PermissionDeniedError);
  });

  it.each(WRITES)("%s answers 403 to a read key", async (id) => {
    await rejection(callOf(id)(c.reader(), NOWHERE), PermissionDeniedError);
  });

  it.each(WITH_ID)("%s answers 404 for another account's resource", async (id) => {
    const ids = await fixture(c.client());
    await rejection(callOf(id)(c.client("outsider"), ids), NotFoundError);
  });

  async function unsupportedMediaType(id: string) {
    const ids = await fixture(c.client());
    const options = { headers: { "Content-Type": "text/plain" } };
    await rejection(callOf(id)(c.client(), ids, undefined, options), UnsupportedMediaTypeError);
    // Checked here as well as after the test, so that `it.fails` below fails on the spec violation alone.
    expect(await c.recorder.takeViolations()).toEqual([]);
  }

  async function payloadTooLarge(id: string) {
    const ids = await fixture(c.client());
    await rejection(callOf(id)(c.client(), ids, "x".repeat(MIB + 1)), PayloadTooLargeError);
    expect(await c.recorder.takeViolations()).toEqual([]);
  }

  it.each(WITH_BODY)("%s answers 415 to a body that is not declared as JSON", unsupportedMediaType);
  it.each(WITH_BODY)("%s answers 413 to a body over 1 MiB", payloadTooLarge);

  it.each(POSTS)("%s answers 422 IdempotencyKeyReused to one key with two bodies", async (id) => {
    const ds = c.client();
    const ids = await fixture(ds);
    const call = callOf(id);
    await Promise.resolve(call(ds, ids, "a", { idempotencyKey: `reuse-${id}` })).catch(() => undefined);
    await rejection(call(ds, ids, "b", { idempotencyKey: `reuse-${id}` }), IdempotencyKeyReusedError);
  });
});
