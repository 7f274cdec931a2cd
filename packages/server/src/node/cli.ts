#!/usr/bin/env node
import { parseArgs } from "node:util";
import { isTier, TIERS } from "../domain/tiers";
import { addMember, createAccount, createKey, OperatorError } from "../operator";
import { databaseUrlFromEnv, openDatabaseUrl } from "./database";
import { serve } from "./serve";

const USAGE = `Usage: driftstack-server <command> [options]

Commands:
  serve [--port 8787] [--host 127.0.0.1]
  accounts create --name NAME --tier TIER [--profile-cap N] [--json]
  keys create --account ACCT --scope read|admin [--json]
  members add --account OWNER --member ACCT --role member|admin [--json]

Tiers: ${TIERS.join(", ")}
Environment: DRIFTSTACK_DB_URL, DRIFTSTACK_DB_AUTH_TOKEN, PORT, DRIFTSTACK_BROWSER,
  DRIFTSTACK_BROWSER_EXECUTABLE, DRIFTSTACK_BROWSER_WS_ENDPOINT`;

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
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const command = positionals.join(" ");
  if (values.help || command === "" || command === "help") {
    console.log(USAGE);
    return;
  }
  if (command === "serve") {
    await serve({ port: parsePort(values.port ?? process.env.PORT ?? "8787"), host: values.host ?? "127.0.0.1" });
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
