import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { performance } from "node:perf_hooks";
import { SIP_WIRE_CHANNEL, type WireEvent } from "../../sip-core";
import { packetsFromEvents, type CapturedEvent } from "../../reports/capture/packets-from-events";
import {
  summarizeDbRead,
  writeCapture,
  type DbRead,
  type ScenarioCapture,
} from "../../reports/capture/capture-file";
import { endpointKey } from "../../reports/capture/wire-packet";
import type { Target } from "../../targets/target";

/**
 * Records one scenario for the report: every SIP message on the process-wide wire tap, the
 * server endpoint the phones reached, each database read and when each step ran. It subscribes
 * when created (in the Before hook), so the scenario's first message is in; `finish()` writes
 * `<dir>/<attempt>.json`.
 */
export class ScenarioRecorder {
  readonly #events: CapturedEvent[] = [];
  readonly #dbReads: DbRead[] = [];
  readonly #steps: ScenarioCapture["steps"] = [];
  #server: { address: string; port: number } | undefined;
  readonly #onEvent = (payload: unknown): void => {
    const e = payload as WireEvent;
    this.#events.push({
      direction: e.direction,
      raw: e.raw,
      local: e.local,
      remote: { transport: e.remote.transport, address: e.remote.address, port: e.remote.port },
      timestamp: e.timestamp,
    });
  };

  constructor(
    readonly dir: string,
    readonly serverLabel: string,
  ) {
    subscribe(SIP_WIRE_CHANNEL, this.#onEvent);
  }

  /** Wraps the target's ready() and query() so the server address and every DB read are noted. */
  watch(target: Target): void {
    const ready = target.ready.bind(target);
    const query = target.query.bind(target);
    target.ready = async () => {
      const server = await ready();
      this.#server = { address: server.host, port: server.port };
      return server;
    };
    target.query = async (sql, params = []) => {
      const rows = await query(sql, params);
      this.#dbReads.push(summarizeDbRead(sql, params, rows));
      return rows;
    };
  }

  /** The same clock as sip-core's wire tap, so messages fall into the right step. */
  static now(): number {
    return performance.timeOrigin + performance.now();
  }

  stepStarted(pickleStepId: string): void {
    this.#steps.push({ pickleStepId, startMs: ScenarioRecorder.now() });
  }

  stepFinished(pickleStepId: string): void {
    const step = [...this.#steps].reverse().find((s) => s.pickleStepId === pickleStepId);
    if (step) step.endMs = ScenarioRecorder.now();
  }

  /** Stops listening and writes the capture; `phones` titles the ladder columns. */
  finish(attemptId: string, phones: ReadonlyArray<{ label: string; address: string; port: number }>): void {
    unsubscribe(SIP_WIRE_CHANNEL, this.#onEvent);
    const labels: Record<string, string> = {};
    if (this.#server) labels[endpointKey(this.#server)] = this.serverLabel;
    for (const p of phones) labels[endpointKey(p)] = p.label;
    writeCapture(this.dir, attemptId, {
      version: 1,
      server: this.#server,
      labels,
      packets: packetsFromEvents(this.#events, this.#server),
      dbReads: this.#dbReads,
      steps: this.#steps,
    });
  }

  /** Stops listening without writing (no capture directory was given). */
  abandon(): void {
    unsubscribe(SIP_WIRE_CHANNEL, this.#onEvent);
  }
}
