// CSeq header values (RFC 3261 §20.16).
import { isToken } from "./params";

/** RFC 3261 §8.1.1.5: "The sequence number value MUST be expressible as a 32-bit unsigned integer". */
export const MAX_CSEQ = 2 ** 32 - 1;

export interface CSeq {
  seq: number;
  method: string;
}

/**
 * Parses `1*DIGIT LWS Method`. Leading zeros are allowed (RFC 4475 §3.1.1.1); a number above
 * 2^32-1 or a non-token method gives undefined.
 */
export function parseCSeq(value: string): CSeq | undefined {
  const m = /^(\d+)[ \t]+(\S+)$/.exec(value.trim());
  if (!m || !isToken(m[2])) return undefined;
  // Long digit strings become huge or Infinity, both rejected without any wrap-around.
  const seq = Number(m[1]);
  if (seq > MAX_CSEQ) return undefined;
  return { seq, method: m[2] };
}

/** Formats as `<seq> <method>`. */
export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
