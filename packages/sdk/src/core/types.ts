import type { paths } from "../generated/openapi";

/**
 * Type helpers that read request and response shapes straight out of the
 * generated `paths`, so no wire type is ever restated by hand: when the spec
 * changes, `pnpm generate` changes these too.
 */
export type Path = keyof paths;
export type Method = "get" | "post" | "patch" | "delete" | "put";

/** One operation of the generated `paths`. */
export type Operation<P extends Path, M extends Method> = NonNullable<paths[P][M & keyof paths[P]]>;

/** The JSON request body of an operation. */
export type RequestBody<P extends Path, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

/** The query parameters of an operation. */
export type QueryParams<P extends Path, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The JSON body of an operation's 200 answer. */
export type ResponseBody<P extends Path, M extends Method> =
  Operation<P, M> extends { responses: { 200: { content: { "application/json": infer R } } } } ? R : never;

/** The item type of a list operation's page. */
export type PageItem<P extends Path> = ResponseBody<P, "get"> extends { data: (infer T)[] } ? T : never;
