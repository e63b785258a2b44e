import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { TargetProfile } from "./target";

export const REPO_ROOT = resolve(__dirname, "..");

/** `--target kamailio` means targets/kamailio/profile.json; anything with a slash or .json is a path. */
export function profilePath(target: string): string {
  if (target.includes("/") || target.endsWith(".json")) return resolve(target);
  return join(REPO_ROOT, "targets", target, "profile.json");
}

export function loadProfile(target: string): TargetProfile {
  const path = profilePath(target);
  if (!existsSync(path))
    throw new Error(`no target profile at ${path} (try --target embedded or --target kamailio)`);
  const raw = JSON.parse(readFileSync(path, "utf8")) as Partial<TargetProfile>;
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
