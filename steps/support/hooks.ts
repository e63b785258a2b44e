import { After, AfterStep, Before, BeforeStep, setDefaultTimeout } from "@cucumber/cucumber";
import { loadProfile } from "../../targets/load-profile";
import { createTarget } from "../../targets/create-target";
import type { TargetProfile } from "../../targets/target";
import { summarizeEntry } from "../../uas-sim";
import { ScenarioRecorder } from "./wire-capture";
import type { SiplabWorld } from "./world";

// External targets wait real time (expiry scenarios wait tens of seconds).
setDefaultTimeout(120_000);

let profile: TargetProfile | undefined;
/** Where scripts/conformance.ts wants each scenario's capture (wire, DB reads); unset: none kept. */
const CAPTURE_DIR = process.env.SIPLAB_CAPTURE_DIR;

Before(function (this: SiplabWorld) {
  profile ??= loadProfile(process.env.SIPLAB_TARGET ?? "embedded");
  this.target = createTarget(profile);
  if (CAPTURE_DIR) {
    this.recorder = new ScenarioRecorder(CAPTURE_DIR, `${profile.name} (server)`);
    this.recorder.watch(this.target);
  }
});

BeforeStep(function (this: SiplabWorld, { pickleStep }) {
  this.recorder?.stepStarted(pickleStep.id);
});

AfterStep(function (this: SiplabWorld, { pickleStep }) {
  this.recorder?.stepFinished(pickleStep.id);
});

After(async function (this: SiplabWorld, { testCaseStartedId }) {
  // The message flow of every phone, for the reader of a failed scenario.
  const lines: string[] = [];
  for (const [key, agent] of this.agents) {
    for (const entry of agent.log.entries) lines.push(`${key} ${summarizeEntry(entry)}`);
  }
  if (lines.length) this.attach(lines.join("\n"), "text/x.siplab.flow");
  const phones = [...this.agents].map(([key, agent]) => ({
    label: key.endsWith(":default") ? key.slice(0, -":default".length) : key,
    address: agent.config.host,
    port: agent.port,
  }));
  try {
    await this.closeAll();
  } finally {
    // After closing, so the last answers the phones sent while closing are in the capture too;
    // in a finally, so a failed close never leaves the recorder subscribed to later scenarios.
    this.recorder?.finish(testCaseStartedId, phones);
  }
});
