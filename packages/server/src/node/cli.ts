#!/usr/bin/env node
import { parseArgs } from "node:util";
import { isTier, TIERS } from "../domain/tiers";
import { accountsList, addMember, createAccount, createKey, keysList, keysRevoke, OperatorError } from "../operator";
import { infoAnswer, USAGE } from "./cli-help";
import { databaseUrlFromEnv, openDatabaseUrl } from "./database";
import { serve } from "./serve";

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  name: { type: "string" },
  tier: { type: "string" },
  "profile-cap": { type: "string" },
  account: { type: "string" },
  member: { type: "string" },
  scope: { type: "string" },
  role: { type: "string" },
  key: { type: "string" },
  "stop-with-parent": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", short: "v", default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const command = positionals.join(" ");
  const info = infoAnswer(command, values);
  if (info !== undefined) {
    console.log(info);
    return;
  }
  if (command === "serve") {
    await serve({
      port: parsePort(values.port ?? process.env.PORT ?? "8787"),
      host: values.host ?? "127.0.0.1",
      stopWithParent: values["stop-with-parent"],
    });
    return;
  }
  const run = OPERATOR_COMMANDS[command];
  if (!run) throw new OperatorError(`Unknown command "${command}".\n\n${USAGE}`);
  const { url, authToken } = databaseUrlFromEnv();
  const db = await openDatabaseUrl(url, authToken);
  try {
    const { json, text } = await run(db, values);
    console.log(values.json ? JSON.stringify(json) : text);
  } finally {
    db.close();
  }
}

type Db = Awaited<ReturnType<typeof openDatabaseUrl>>;
type Output = { json: unknown; text: string };

const OPERATOR_COMMANDS: Record<string, (db: Db, values: Values) => Promise<Output>> = {
  "accounts create": async (db, values) => {
    const name = required(values.name, "--name");
    const tier = required(values.tier, "--tier");
    if (!isTier(tier)) throw new OperatorError(`--tier must be one of ${TIERS.join(", ")}.`);
    const cap = values["profile-cap"];
    if (cap !== undefined && tier !== "enterprise") {
      throw new OperatorError("--profile-cap sets a negotiated cap and applies to --tier enterprise only.");
    }
    const profileCap = cap === undefined ? null : parseCount(cap, "--profile-cap");
    const { account, apiKey } = await createAccount(db, { name, tier, profileCap });
    return {
      json: {
        account: { id: account.id, name: account.name, tier: account.tier },
        api_key: { id: apiKey.id, secret: apiKey.secret, scope: apiKey.scope },
      },
      text: `Created account ${account.id} (${account.name}, ${account.tier}).\nAdmin API key ${apiKey.id}: ${apiKey.secret}\nThe secret is shown once; store it now.`,
    };
  },
  "accounts list": async (db) => {
    const rows = await accountsList(db);
    const data = rows.map((a) => ({
      id: a.id,
      name: a.name,
      tier: a.tier,
      profile_cap: a.profileCap,
      created_at: iso(a.createdAt),
    }));
    return {
      json: { data },
      text: table(["id", "name", "tier", "profile_cap", "created_at"], data) || "No accounts.",
    };
  },
  "keys list": async (db, values) => {
    const rows = await keysList(db, required(values.account, "--account"));
    const data = rows.map((k) => ({
      id: k.id,
      account_id: k.accountId,
      scope: k.scope,
      created_at: iso(k.createdAt),
      last_used_at: iso(k.lastUsedAt),
      revoked_at: iso(k.revokedAt),
    }));
    return {
      json: { data },
      text: table(["id", "scope", "created_at", "last_used_at", "revoked_at"], data) || "No keys.",
    };
  },
  "keys revoke": async (db, values) => {
    const key = await keysRevoke(db, required(values.key, "--key"));
    const revokedAt = iso(key.revokedAt);
    return {
      json: { api_key: { id: key.id, account_id: key.accountId, scope: key.scope, revoked_at: revokedAt } },
      text: `Revoked API key ${key.id} (${key.scope}, account ${key.accountId}) at ${revokedAt}; it now answers 401.`,
    };
  },
  "keys create": async (db, values) => {
    const scope = required(values.scope, "--scope");
    if (scope !== "read" && scope !== "admin") throw new OperatorError("--scope must be read or admin.");
    const apiKey = await createKey(db, { accountId: required(values.account, "--account"), scope });
    return {
      json: { api_key: { id: apiKey.id, secret: apiKey.secret, scope: apiKey.scope } },
      text: `Created ${apiKey.scope} API key ${apiKey.id}: ${apiKey.secret}\nThe secret is shown once; store it now.`,
    };
  },
  "members add": async (db, values) => {
    const role = required(values.role, "--role");
    if (role !== "member" && role !== "admin") throw new OperatorError("--role must be member or admin.");
    const membership = await addMember(db, {
      accountId: required(values.account, "--account"),
      memberAccountId: required(values.member, "--member"),
      role,
    });
    return {
      json: { membership },
      text: `Account ${membership.member_account_id} is now ${role} of ${membership.account_id}.`,
    };
  },
};

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new OperatorError(`${flag} is required.`);
  return value;
}

function parseCount(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new OperatorError(`${flag} must be a whole number ≥ 0.`);
  return n;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Aligned columns for a terminal; empty when there are no rows. */
function table(columns: string[], rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const cells = [columns, ...rows.map((row) => columns.map((c) => String(row[c] ?? "-")))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? "").length)));
  return cells
    .map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new OperatorError(`Port must be 0–65535, not "${value}".`);
  return n;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (
    err instanceof OperatorError ||
    (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
  ) {
    console.error(`driftstack-server: ${err.message}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
