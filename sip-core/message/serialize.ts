// SIP message serialisation (RFC 3261 §7): start line, headers in order, CRLF, body.
import type { SipMessage } from "./message";
import { SIP_VERSION } from "./start-line";

// A value must stay on its line: an embedded line break becomes LWS instead of a new header.
const LINE_BREAK = /[ \t]*(?:\r\n|\r|\n)[ \t]*/g;

function oneLine(text: string): string {
  return text.includes("\r") || text.includes("\n") ? text.replace(LINE_BREAK, " ") : text;
}

/** The start line without its CRLF. */
export function formatStartLine(msg: SipMessage): string {
  const version = msg.version || SIP_VERSION;
  return msg.type === "request"
    ? `${oneLine(msg.method)} ${oneLine(msg.uri)} ${version}`
    : `${version} ${msg.status} ${oneLine(msg.reason)}`;
}

/**
 * Serialises a message. Header names are written in their stored (canonical long) form.
 * Content-Length is always set to the body's octet count: an existing Content-Length line is
 * rewritten in place, otherwise one is added after the last header.
 */
export function serializeMessage(msg: SipMessage): Buffer {
  const lines = [formatStartLine(msg)];
  let wroteLength = false;
  for (const [name, value] of msg.headers.entries()) {
    if (name === "Content-Length") {
      if (!wroteLength) lines.push(`Content-Length: ${msg.body.length}`);
      wroteLength = true;
      continue;
    }
    lines.push(`${name}: ${oneLine(value)}`);
  }
  if (!wroteLength) lines.push(`Content-Length: ${msg.body.length}`);
  const head = Buffer.from(lines.join("\r\n") + "\r\n\r\n", "utf8");
  return msg.body.length === 0 ? head : Buffer.concat([head, msg.body]);
}
