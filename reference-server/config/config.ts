import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { MODULE_SCHEMA, defaultParams, type ModuleParams, type ParamSpec } from "./schema";
import { suggestion } from "./did-you-mean";

/** Everything a reference server needs to start; `createServer` takes this. */
export interface ServerConfig {
  /** Address for UDP and TCP; port 0 picks an ephemeral port. */
  host: string;
  port: number;
  /** SQLite file; created with the Kamailio 5.6 tables when missing. */
  dbPath: string;
  /** Domains served as "myself" besides the listen address. Empty: any domain is local. */
  domains: string[];
  /** Virtual time moved by the `siplab.clock.advance` RPC instead of real time. */
  testClock: boolean;
  /** Where virtual time starts (ms since the epoch); default the real time at start. A restarted server resumes its time. */
  testClockStart?: number;
  /** JSON-RPC over HTTP on loopback; port 0 picks an ephemeral port. */
  rpc: { host: string; port: number } | null;
  /** SIP transaction timers in ms (RFC 3261 T1/T2/T4). */
  timers?: { T1?: number; T2?: number; T4?: number };
  modules: ModuleParams;
}

export class ConfigError extends Error {
  readonly code = "SIPLAB_ERR_CONFIG";
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function baseConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: "127.0.0.1",
    port: 5060,
    dbPath: "./siplab.sqlite",
    domains: [],
    testClock: false,
    rpc: { host: "127.0.0.1", port: 0 },
    modules: defaultParams(),
    ...overrides,
  };
}

function coerce(module: string, name: string, spec: ParamSpec, raw: unknown): number | string {
  const where = `${module}.${name}`;
  if (spec.type === "string") {
    if (typeof raw !== "string" && typeof raw !== "number")
      throw new ConfigError(`${where} must be a string`);
    return String(raw);
  }
  const n =
    typeof raw === "number" ? raw : typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n))
    throw new ConfigError(`${where} must be an integer, got ${JSON.stringify(raw)}`);
  if (spec.oneOf && !spec.oneOf.includes(n))
    throw new ConfigError(`${where} must be one of ${spec.oneOf.join(", ")}, got ${n}`);
  if (spec.min !== undefined && n < spec.min)
    throw new ConfigError(`${where} must be >= ${spec.min}, got ${n}`);
  if (spec.max !== undefined && n > spec.max)
    throw new ConfigError(`${where} must be <= ${spec.max}, got ${n}`);
  return n;
}

/** Applies one `module.param = value` to `params`, rejecting unknown names with the closest valid one. */
export function setParam(params: ModuleParams, module: string, name: string, raw: unknown): void {
  const modules = Object.keys(MODULE_SCHEMA);
  if (!Object.hasOwn(MODULE_SCHEMA, module))
    throw new ConfigError(`unknown module "${module}"${suggestion(module, modules)}`);
  const schema = MODULE_SCHEMA[module as keyof typeof MODULE_SCHEMA] as Record<string, ParamSpec>;
  if (!Object.hasOwn(schema, name)) {
    throw new ConfigError(
      `unknown parameter "${name}" of module "${module}"${suggestion(name, Object.keys(schema))}`,
    );
  }
  (params as unknown as Record<string, Record<string, number | string>>)[module][name] = coerce(
    module,
    name,
    schema[name],
    raw,
  );
}

/** Applies a `{ module: { param: value } }` object (from a JSON/YAML file or a harness). */
export function applyModuleObject(params: ModuleParams, obj: unknown, source: string): void {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw new ConfigError(`${source}: top level must be an object of modules`);
  }
  for (const [module, entries] of Object.entries(obj)) {
    if (entries === null || typeof entries !== "object" || Array.isArray(entries)) {
      if (!Object.hasOwn(MODULE_SCHEMA, module)) setParam(params, module, "", undefined);
      throw new ConfigError(`${source}: "${module}" must be an object of parameters`);
    }
    for (const [name, value] of Object.entries(entries)) setParam(params, module, name, value);
  }
}

export function loadConfigFile(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return [".yaml", ".yml"].includes(extname(path).toLowerCase()) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: ${(err as Error).message}`);
  }
}

/** `registrar.min_expires=10` -> module, param, value. */
export function parseSetOption(text: string): { module: string; name: string; value: string } {
  const m = /^([A-Za-z_][\w]*)\.([A-Za-z_][\w]*)=(.*)$/.exec(text);
  if (!m) throw new ConfigError(`--set expects module.param=value, got "${text}"`);
  return { module: m[1], name: m[2], value: m[3] };
}
