// The direction of imports inside the server, and no cycles anywhere (ARCHITECTURE.md,
// "Inside the server"). `pnpm lint` runs this; a violation fails it.
const SRC = "^packages/server/src/";

/** A layer may import itself and the layers listed; anything else in the server's src is refused. */
function layer(name, from, allowed) {
  return {
    name,
    comment: `${name} imports only from: ${allowed.join(", ")} (see ARCHITECTURE.md)`,
    severity: "error",
    from: { path: from },
    to: { path: SRC, pathNot: [from, ...allowed.map((a) => `${SRC}${a}`)] },
  };
}

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle: the files in it can no longer be understood or moved one at a time.",
      severity: "error",
      from: { path: "^(packages|tests|bench|examples|scripts)/" },
      to: { circular: true },
    },
    {
      name: "routes-no-schemas",
      comment:
        "A route describes its operation with the schemas in api/ and maps rows with api/*-wire.ts; it defines no zod schema (createRoute comes from http/openapi.ts).",
      severity: "error",
      from: { path: `${SRC}routes/` },
      to: { path: "node_modules/(zod|@hono/zod-openapi)/" },
    },
    layer("domain", `${SRC}domain/`, []),
    layer("store", `${SRC}store/`, ["domain/"]),
    layer("driver", `${SRC}driver/`, ["domain/"]),
    layer("api", `${SRC}api/`, ["domain/"]),
    layer("sessions", `${SRC}sessions/`, ["domain/", "store/", "driver/"]),
    layer("http", `${SRC}(http/|context\\.ts$)`, ["domain/", "store/", "driver/", "sessions/", "api/"]),
    layer("routes", `${SRC}routes/`, ["domain/", "store/", "driver/", "sessions/", "api/", "http/", "context\\.ts$"]),
    layer("app", `${SRC}(app|operator)\\.ts$`, [
      "domain/",
      "store/",
      "driver/",
      "sessions/",
      "http/",
      "context\\.ts$",
      "routes/",
      "app\\.ts$",
      "operator\\.ts$",
    ]),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Our own build output and generated files are left out; dependencies stay visible (not
    // followed) so a rule can refuse a package to a layer.
    exclude: { path: "^(packages|tests|bench|examples)/.*/(dist|generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
  },
};
