import { After, Before, setDefaultTimeout } from "@cucumber/cucumber";
import { loadProfile } from "../../targets/load-profile";
import { createTarget } from "../../targets/create-target";
import type { TargetProfile } from "../../targets/target";
import { summarizeEntry } from "../../uas-sim";
import type { SiplabWorld } from "./world";

// External targets wait real time (expiry scenarios wait tens of seconds).
setDefaultTimeout(120_000);

let profile: TargetProfile | undefined;

Before(function (this: SiplabWorld) {
  profile ??= loadProfile(process.env.SIPLAB_TARGET ?? "embedded");
  this.target = createTarget(profile);
});

After(async function (this: SiplabWorld) {
  // The message flow of every phone, for the reader of a failed scenario (and the ladder report later).
  const lines: string[] = [];
  for (const [key, agent] of this.agents) {
    for (const entry of agent.log.entries) lines.push(`${key} ${summarizeEntry(entry)}`);
  }
  if (lines.length) this.attach(lines.join("\n"), "text/x.siplab.flow");
  await this.closeAll();
});
