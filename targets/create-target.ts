import { ExternalTarget } from "./external-target";
import { repoPath } from "./load-profile";
import type { Target, TargetProfile } from "./target";

/**
 * External profiles get the generic adapter; an embedded profile names a driver module that is
 * loaded by path, so the step code never links against the server it judges.
 */
export function createTarget(profile: TargetProfile & { driver?: string }): Target {
  if (profile.kind !== "embedded") return new ExternalTarget(profile);
  if (!profile.driver) throw new Error(`profile ${profile.name} is embedded but names no driver`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = require(repoPath(profile.driver)) as { createTarget(p: TargetProfile): Target };
  return driver.createTarget(profile);
}
