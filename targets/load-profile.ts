import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { TargetProfile } from "./target";

export const REPO_ROOT = resolve(__dirname, "..");

/** `--target kamailio` means targets/kamailio/profile.json; anything with a slash or .json is a path. */
export function profilePath(target: string): string {
  if (target.includes("/") || target.endsWith(".json")) return resolve(target);
  return join(REPO_ROOT, "targets", target, "profile.json");
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merge key by key (params per module); arrays and scalars of `over` replace. */
function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over))
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Json, v) : v;
  return out;
}

/**
 * A profile's JSON with its `extends` chain applied: an instance profile (kamailio-notify) states
 * only what differs from the profile it extends (a target name or a path relative to it).
 */
function readProfileJson(path: string, seen: string[] = []): Json {
  if (seen.includes(path)) throw new Error(`profile extends itself: ${[...seen, path].join(" -> ")}`);
  const raw = JSON.parse(readFileSync(path, "utf8")) as Json;
  if (raw.extends === undefined) return raw;
  if (typeof raw.extends !== "string") throw new Error(`${path}: "extends" must be a target name or path`);
  const basePath = raw.extends.includes("/") ? resolve(dirname(path), raw.extends) : profilePath(raw.extends);
  if (!existsSync(basePath)) throw new Error(`${path}: extends ${raw.extends}, but there is no ${basePath}`);
  const { extends: _base, ...own } = raw;
  if (typeof own.name !== "string")
    throw new Error(`${path}: a profile that extends another needs its own "name"`);
  void _base;
  // A base's tags, start/stop and crash commands describe that instance, not the one extending it.
  const {
    tags: _t,
    start: _s,
    stop: _p,
    crash: _c,
    ...inherited
  } = readProfileJson(basePath, [...seen, path]);
  void [_t, _s, _p, _c];
  return merge(inherited, own);
}

export function loadProfile(target: string): TargetProfile {
  const path = profilePath(target);
  if (!existsSync(path))
    throw new Error(`no target profile at ${path} (try --target embedded or --target kamailio)`);
  const raw = readProfileJson(path) as Partial<TargetProfile>;
  const missing = (["name", "sip", "domain"] as const).filter((k) => raw[k] === undefined);
  if (missing.length) throw new Error(`${path}: missing ${missing.join(", ")}`);
  return {
    kind: "external",
    users: [],
    auth: false,
    params: {},
    clock: "real",
    features: ["registrar"],
    ...raw,
    dir: dirname(path),
  } as TargetProfile;
}

/** Paths in a profile are relative to the repository root. */
export function repoPath(p: string): string {
  return resolve(REPO_ROOT, p);
}

/** The names whose `@<name>-divergence` tags apply to runs on this profile: itself and its family. */
export function divergenceNames(profile: Pick<TargetProfile, "name" | "family">): string[] {
  return profile.family && profile.family !== profile.name ? [profile.name, profile.family] : [profile.name];
}
