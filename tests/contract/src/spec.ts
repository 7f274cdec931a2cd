import { readFileSync } from "node:fs";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/** One documented answer of an operation: a JSON schema validator per content type (null for non-JSON media). */
export type ResponseSpec = Map<string, ValidateFunction | null>;

export interface Operation {
  id: string;
  method: string;
  template: string;
  pattern: RegExp;
  responses: Map<number, ResponseSpec>;
}

export interface Spec {
  operations: Operation[];
  /** What Ajv's strict mode said about the spec's schemas (unknown keywords, formats, …). */
  warnings: string[];
  find(method: string, path: string): Operation | undefined;
}

const SPEC_URL = new URL("../../../spec/openapi.yaml", import.meta.url);
const COMPONENTS_ID = "https://driftstack.test/components.json";
const METHODS = new Set(["get", "put", "post", "patch", "delete", "head", "options"]);

type OpenApiOperation = {
  operationId: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type OpenApiDocument = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
};

/**
 * Compiles every response schema of `spec/openapi.yaml` with Ajv (OpenAPI 3.1 is
 * JSON Schema 2020-12), independently of the server's zod schemas. The
 * component schemas are registered as the `$defs` of one schema, and
 * `#/components/schemas/X` references are pointed there, so that Ajv sees only
 * JSON Schema and its strict mode speaks about the schemas alone.
 */
export function loadSpec(): Spec {
  const document = parse(readFileSync(SPEC_URL, "utf8")) as OpenApiDocument;
  const warnings: string[] = [];
  const logger = { log() {}, warn: (...args: unknown[]) => warnings.push(args.join(" ")), error() {} };
  // strict "log": the spec is checked for what Ajv would reject, without refusing to validate.
  const ajv = new Ajv2020({ strict: "log", allErrors: true, logger });
  addFormats.default(ajv);
  // OpenAPI annotations that JSON Schema does not define.
  ajv.addVocabulary(["example", "discriminator", "xml", "externalDocs"]);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: toAjv(document.components.schemas) });

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const responses = new Map<number, ResponseSpec>();
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const media: ResponseSpec = new Map();
        for (const [type, content] of Object.entries(response.content ?? {})) {
          const json = type === "application/json" || type.endsWith("+json");
          media.set(type, json && content.schema ? ajv.compile(toAjv(content.schema) as object) : null);
        }
        responses.set(Number(status), media);
      }
      operations.push({
        id: op.operationId,
        method: method.toUpperCase(),
        template,
        pattern: toPattern(template),
        responses,
      });
    }
  }
  return {
    operations,
    warnings,
    find: (method, path) => operations.find((op) => op.method === method && op.pattern.test(path)),
  };
}

function toPattern(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${source}$`);
}

/**
 * A spec schema as Ajv should see it. References point into the components
 * schema. Objects that list `properties` and say nothing of others are closed:
 * a response field the spec does not describe is drift between the server and
 * its contract, which an open schema would let through unseen.
 */
function toAjv<T>(node: T): T {
  if (Array.isArray(node)) return node.map(toAjv) as T;
  if (node === null || typeof node !== "object") return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = toAjv(value);
  if (typeof copy.$ref === "string" && copy.$ref.startsWith("#/components/schemas/")) {
    copy.$ref = `${COMPONENTS_ID}#/$defs/${copy.$ref.slice("#/components/schemas/".length)}`;
  }
  if (copy.type === "object" && copy.properties && !("additionalProperties" in copy)) {
    copy.additionalProperties = false;
  }
  return copy as T;
}
