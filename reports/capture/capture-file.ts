import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WirePacket } from "./wire-packet";

/** One database read a scenario made (what its DB assertions looked at). */
export interface DbRead {
  sql: string;
  params: unknown[];
  /** At most {@link MAX_DB_ROWS} rows, long values cut. */
  rows: Array<Record<string, unknown>>;
  /** Rows the query returned in all. */
  rowCount: number;
  timestamp: number;
}

/**
 * What the steps process records for one scenario attempt; the report builder turns it into the
 * ladder, the pcap and the DB-rows section. Written as `<dir>/<testCaseStartedId>.json`.
 */
export interface ScenarioCapture {
  version: 1;
  /** The server under test as the phones reached it, when the scenario reached it. */
  server?: { address: string; port: number };
  /** Column titles by endpointKey() ("alice", "bob:desk", "server"). */
  labels: Record<string, string>;
  packets: WirePacket[];
  dbReads: DbRead[];
  /**
   * When each step ran, on the wire tap's clock (Cucumber's own timestamps come from another
   * clock and are only millisecond-exact, too coarse to place a message in its step).
   */
  steps: Array<{ pickleStepId: string; startMs: number; endMs?: number }>;
}

export const MAX_DB_ROWS = 50;
const MAX_DB_VALUE = 2000;

interface StoredPacket extends Omit<WirePacket, "payload"> {
  payload: string;
}

/** Keeps a DB read small enough for a page: row and value limits, Buffers as text. */
export function summarizeDbRead(
  sql: string,
  params: unknown[],
  rows: Array<Record<string, unknown>>,
): DbRead {
  const cut = (v: unknown): unknown => {
    const text = Buffer.isBuffer(v) ? v.toString("utf8") : v;
    return typeof text === "string" && text.length > MAX_DB_VALUE
      ? `${text.slice(0, MAX_DB_VALUE)}… (${text.length} characters)`
      : text;
  };
  return {
    sql,
    params: params.map(cut),
    rows: rows
      .slice(0, MAX_DB_ROWS)
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cut(v)]))),
    rowCount: rows.length,
    timestamp: Date.now(),
  };
}

export function captureFileName(dir: string, attemptId: string): string {
  // Attempt ids are UUIDs; anything else is refused rather than used as a path.
  if (!/^[A-Za-z0-9-]+$/.test(attemptId)) throw new Error(`not a test case attempt id: ${attemptId}`);
  return join(dir, `${attemptId}.json`);
}

export function writeCapture(dir: string, attemptId: string, capture: ScenarioCapture): void {
  mkdirSync(dir, { recursive: true });
  const stored = {
    ...capture,
    packets: capture.packets.map((p): StoredPacket => ({ ...p, payload: p.payload.toString("base64") })),
  };
  writeFileSync(captureFileName(dir, attemptId), JSON.stringify(stored));
}

/** The capture of one attempt, or undefined when the steps process wrote none. */
export function readCapture(dir: string, attemptId: string): ScenarioCapture | undefined {
  const file = captureFileName(dir, attemptId);
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, "utf8")) as Omit<ScenarioCapture, "packets"> & {
    packets: StoredPacket[];
  };
  return {
    ...stored,
    packets: stored.packets.map((p) => ({ ...p, payload: Buffer.from(p.payload, "base64") })),
  };
}
