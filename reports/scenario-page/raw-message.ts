/** Bytes of a SIP message shown inline on a scenario page; longer ones are linked as a file. */
export const INLINE_RAW_LIMIT = 8 * 1024;

/**
 * Text a person can read for raw wire bytes: UTF-8 with invalid sequences replaced, CR dropped
 * before LF, other control characters (NUL included) shown as \xNN so hostile bytes stay visible.
 */
export function readableRaw(raw: Buffer, limit = INLINE_RAW_LIMIT): { text: string; cut: number } {
  const shown = raw.subarray(0, limit);
  return { text: readableText(shown.toString("utf8")), cut: raw.length - shown.length };
}

/** The same for text that came from the wire (DB values, assertion messages quoting a body). */
export function readableText(text: string): string {
  return (
    text
      .replace(/\r\n/g, "\n")
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)
  );
}

/** The start line of a message, for a one-line summary ("REGISTER sip:example.test SIP/2.0"). */
export function startLine(raw: Buffer): string {
  const end = raw.indexOf("\r\n");
  const line = raw.subarray(0, end >= 0 ? Math.min(end, 200) : Math.min(raw.length, 200)).toString("utf8");
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\x00-\x1f\x7f]/g, "?");
}
