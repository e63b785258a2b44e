// Turns the packets captured during one scenario into the rows of a SIP ladder (sequence) diagram.
import { createHash } from "node:crypto";
import { parseCSeq, parseMessage, parseVia, type SipMessage } from "../../sip-core";
import { endpointKey, type WirePacket } from "../capture/wire-packet";

/** The anchor prefix used when none is given: arrow `i` links to `#msg-<packet index>`. */
export const DEFAULT_ANCHOR_PREFIX = "msg-";

/** One Gherkin step of the scenario, with its run time span and Cucumber status. */
export interface LadderStep {
  text: string;
  /** "Given ", "When "…, as Cucumber reports it (trailing space allowed). */
  keyword?: string;
  /** Epoch milliseconds, inclusive. */
  startMs: number;
  /** Epoch milliseconds, inclusive. */
  endMs: number;
  /** "PASSED" | "FAILED" | "SKIPPED" | "UNDEFINED" …, as Cucumber reports it (any case). */
  status: string;
}

/** What {@link buildLadderModel} needs. */
export interface LadderInput {
  packets: readonly WirePacket[];
  /** Column titles by endpointKey(); endpoints not in the map get their "address:port" as title. */
  labels: Readonly<Record<string, string>>;
  /**
   * Endpoint keys to place first, left to right (e.g. the server under test first). These columns
   * are drawn even when no packet involves them.
   */
  order?: readonly string[];
  steps?: readonly LadderStep[];
  /** id prefix of the raw-message elements on the page: arrow i links to `#${anchorPrefix}${packet.index}`. */
  anchorPrefix?: string;
}

/** One packet, drawn as one arrow on its own row. */
export interface LadderArrow {
  /** The packet's `index` (the anchor of its raw message). */
  index: number;
  /** Column index of the sender. */
  from: number;
  /** Column index of the receiver (equal to `from` for a packet an endpoint sent to itself). */
  to: number;
  /** "INVITE (bob)", "200 OK", "unparseable (12 bytes)"; raw text, not yet escaped. */
  label: string;
  /** e.g. "CSeq 1 REGISTER · udp · 512 bytes"; raw text, not yet escaped. */
  detail: string;
  kind: "request" | "response" | "unparseable";
  retransmission: boolean;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Index into `LadderModel.steps` of the step whose span holds the packet; absent in hooks. */
  stepIndex?: number;
  transport: "udp" | "tcp";
  /** Response status code, for responses only. */
  status?: number;
}

/** Everything the renderer draws, in drawing order. */
export interface LadderModel {
  columns: Array<{ key: string; title: string }>;
  /** In time order (ties keep capture order). */
  arrows: LadderArrow[];
  steps: LadderStep[];
  /** Index into `steps` of the first FAILED step. */
  failedStep?: number;
  /** Time origin of the "+N ms" labels: the earlier of the first packet and the first step start. */
  startMs: number;
  /** The input's anchor prefix (default "msg-"), so the renderer needs no option for it. */
  anchorPrefix?: string;
}

/** What a packet says about itself, before retransmission detection. */
interface Parsed {
  kind: LadderArrow["kind"];
  label: string;
  cseq?: string;
  status?: number;
  /** Identifies the transaction message: two packets with the same key on the same path repeat it. */
  repeatKey?: string;
}

/** Request-URI user part, shortened: enough to tell "MESSAGE (bob)" from "MESSAGE (carol)". */
function uriUser(uri: string): string | undefined {
  const m = /^sips?:([^@;?]+)@/i.exec(uri);
  if (!m) return undefined;
  return m[1].length > 16 ? `${m[1].slice(0, 15)}…` : m[1];
}

function describe(message: SipMessage): Parsed {
  const rawCSeq = message.headers.get("CSeq");
  const parsedCSeq = rawCSeq === undefined ? undefined : parseCSeq(rawCSeq);
  const cseq = parsedCSeq ? `${parsedCSeq.seq} ${parsedCSeq.method}` : rawCSeq?.trim();
  const topVia = message.headers.getFirst("Via");
  const branch = (topVia === undefined ? undefined : parseVia(topVia)?.params.branch) ?? "";
  // Call-ID is not in the brief's rule, but a real retransmission always repeats it, so adding it
  // only removes false positives (two calls reusing a branch and CSeq).
  const tail = `${branch}|${cseq ?? ""}|${message.headers.get("Call-ID") ?? ""}`;
  if (message.type === "request") {
    const user = uriUser(message.uri);
    const label = user === undefined ? message.method : `${message.method} (${user})`;
    return { kind: "request", label, cseq, repeatKey: `Q|${message.method}|${tail}` };
  }
  const label = `${message.status} ${message.reason}`.trim();
  return { kind: "response", label, cseq, status: message.status, repeatKey: `R|${message.status}|${tail}` };
}

function parsePacket(packet: WirePacket): Parsed {
  const result = parseMessage(packet.payload);
  if (result.ok) return describe(result.message);
  return { kind: "unparseable", label: `unparseable (${packet.payload.length} bytes)` };
}

function sortedPackets(packets: readonly WirePacket[]): WirePacket[] {
  return [...packets].sort((a, b) => a.timestamp - b.timestamp || a.index - b.index);
}

/** Columns: `order` first, then endpoints as they first appear (sender before receiver). */
function buildColumns(
  packets: readonly WirePacket[],
  labels: Readonly<Record<string, string>>,
  order: readonly string[],
): { columns: LadderModel["columns"]; position: Map<string, number> } {
  const position = new Map<string, number>();
  const columns: LadderModel["columns"] = [];
  const add = (key: string): void => {
    if (position.has(key)) return;
    position.set(key, columns.length);
    // hasOwn: a key such as "constructor" must not pick up Object.prototype members.
    columns.push({ key, title: Object.hasOwn(labels, key) ? labels[key] : key });
  };
  for (const key of order) add(key);
  for (const p of packets) {
    add(endpointKey(p.src));
    add(endpointKey(p.dst));
  }
  return { columns, position };
}

function isFailed(step: LadderStep): boolean {
  return step.status.toUpperCase() === "FAILED";
}

/**
 * Builds the ladder model of one scenario: one column per endpoint, one arrow per packet in time
 * order, retransmissions flagged, packets assigned to the step whose [startMs, endMs] holds them.
 * Never throws on hostile payloads: a packet the SIP parser rejects becomes an "unparseable" arrow.
 */
export function buildLadderModel(input: LadderInput): LadderModel {
  const packets = sortedPackets(input.packets);
  const steps = [...(input.steps ?? [])];
  const { columns, position } = buildColumns(packets, input.labels, input.order ?? []);
  const seenKeys = new Set<string>();
  const seenBytes = new Set<string>();
  const arrows: LadderArrow[] = [];

  for (const p of packets) {
    const src = endpointKey(p.src);
    const dst = endpointKey(p.dst);
    const path = `${src}>${dst}`;
    const parsed = parsePacket(p);
    const bytesKey = `${path}|${createHash("sha1").update(p.payload).digest("hex")}`;
    const repeatKey = parsed.repeatKey === undefined ? undefined : `${path}|${parsed.repeatKey}`;
    const retransmission = seenBytes.has(bytesKey) || (repeatKey !== undefined && seenKeys.has(repeatKey));
    seenBytes.add(bytesKey);
    if (repeatKey !== undefined) seenKeys.add(repeatKey);

    const detail = [
      ...(parsed.cseq === undefined ? [] : [`CSeq ${parsed.cseq}`]),
      p.transport,
      `${p.payload.length} bytes`,
    ].join(" · ");
    const stepIndex = steps.findIndex((s) => p.timestamp >= s.startMs && p.timestamp <= s.endMs);
    const arrow: LadderArrow = {
      index: p.index,
      from: position.get(src) ?? 0,
      to: position.get(dst) ?? 0,
      label: parsed.label,
      detail,
      kind: parsed.kind,
      retransmission,
      timestamp: p.timestamp,
      transport: p.transport,
    };
    if (stepIndex !== -1) arrow.stepIndex = stepIndex;
    if (parsed.status !== undefined) arrow.status = parsed.status;
    arrows.push(arrow);
  }

  const starts = [
    ...(packets.length > 0 ? [packets[0].timestamp] : []),
    ...steps.map((s) => s.startMs).filter(Number.isFinite),
  ];
  const failedStep = steps.findIndex(isFailed);
  const model: LadderModel = {
    columns,
    arrows,
    steps,
    startMs: starts.length > 0 ? Math.min(...starts) : 0,
    anchorPrefix: input.anchorPrefix ?? DEFAULT_ANCHOR_PREFIX,
  };
  if (failedStep !== -1) model.failedStep = failedStep;
  return model;
}
