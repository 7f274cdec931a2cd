import { z } from "@hono/zod-openapi";
import { DEFAULT_ARCHETYPE } from "../domain/archetypes";
import { cursorParam, limitParam, pageOf } from "./pagination";

const Size = z.object({ width: z.number().int(), height: z.number().int() });

export const Archetype = z
  .object({
    id: z.string().openapi({ example: DEFAULT_ARCHETYPE }),
    device: z.string().openapi({ example: "iPhone 16 Pro" }),
    os_version: z.string().openapi({ example: "18.7" }),
    browser_version: z.string().openapi({ example: "26.4" }),
    user_agent: z.string(),
    viewport: Size.openapi({ description: "Safari's visible area in points, portrait." }),
    screen: Size.openapi({ description: "The device screen in points, portrait." }),
    device_scale_factor: z.number().openapi({ example: 3 }),
    is_mobile: z.boolean(),
    has_touch: z.boolean(),
  })
  .openapi("Archetype");

export const ArchetypePage = pageOf(Archetype, "ArchetypePage");

export const ListArchetypesQuery = z.strictObject({ limit: limitParam, cursor: cursorParam(DEFAULT_ARCHETYPE) });
