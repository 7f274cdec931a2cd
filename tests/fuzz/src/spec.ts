import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** A JSON Schema as the spec writes it (only the parts the generators read). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export interface Operation {
  id: string;
  method: string;
  /** With `{id}` placeholders. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  body: Schema | undefined;
  /** Every status the spec declares for the operation. */
  statuses: Set<number>;
}

type RawOperation = {
  operationId: string;
  parameters?: ({ $ref: string } | { name: string; in: string; schema: Schema })[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
};

const document = parse(readFileSync(join(import.meta.dirname, "../../../spec/openapi.yaml"), "utf8")) as {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
};

/** `schema` with its `$ref` followed. */
export function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split("/").pop() ?? "";
  const target = document.components.schemas[name];
  if (!target) throw new Error(`spec: no schema ${schema.$ref}`);
  return resolve(target);
}

export const OPERATIONS: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => {
    const inline = (op.parameters ?? []).filter((p): p is { name: string; in: string; schema: Schema } => "in" in p);
    const body = op.requestBody?.content["application/json"]?.schema;
    return {
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      pathParams: inline.filter((p) => p.in === "path").map((p) => p.name),
      query: inline.filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema })),
      body: body ? resolve(body) : undefined,
      statuses: new Set(Object.keys(op.responses).map(Number)),
    };
  }),
);
