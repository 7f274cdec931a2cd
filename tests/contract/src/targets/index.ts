import { loadSpec } from "../spec";
import { httpTarget } from "./http";
import { inProcessTarget } from "./in-process";
import { mockTarget } from "./mock";
import type { TargetFactory } from "./types";

export type { ClientOverrides, Target, TargetAccount, TargetFactory } from "./types";

export const spec = loadSpec();

/** Every implementation the contract suites run against. */
export const TARGETS: TargetFactory[] = [inProcessTarget(spec), httpTarget(spec), mockTarget(spec)];
