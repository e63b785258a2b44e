// Request-Line and Status-Line (RFC 3261 §7.1, §7.2, §25.1).
import type { SipErrorCode } from "./message";
import { isToken } from "./params";
import { parseUri } from "./uri";

export const SIP_VERSION = "SIP/2.0";

/** What could be read from a start line that failed, so the caller can still answer. */
export interface StartLineError {
  ok: false;
  code: SipErrorCode;
  message: string;
  isResponse: boolean;
  method?: string;
  uri?: string;
  status?: number;
  version?: string;
}

type Salvaged = Pick<StartLineError, "method" | "uri" | "status" | "version">;

export type StartLine =
  | { ok: true; kind: "request"; method: string; uri: string; version: string }
  | { ok: true; kind: "response"; status: number; reason: string; version: string }
  | StartLineError;

const VERSION = /^SIP\/\d+\.\d+$/i;

function fail(message: string, isResponse: boolean, extra: Salvaged = {}): StartLineError {
  return { ok: false, code: "SIP_ERR_PARSE", message, isResponse, ...extra };
}

/**
 * RFC 3261 §8.2.1 / §16.3: a version other than 2.0 gets 505, so it has its own error code.
 * "The SIP-Version string is case-insensitive, but implementations MUST send upper-case" (§7.1).
 */
function versionError(version: string, isResponse: boolean, extra: Salvaged): StartLineError | undefined {
  if (version.toUpperCase() === SIP_VERSION) return undefined;
  return {
    ok: false,
    code: "SIP_ERR_VERSION",
    message: `unsupported SIP version "${version}"`,
    isResponse,
    version,
    ...extra,
  };
}

function parseStatusLine(line: string): StartLine {
  const sp = line.indexOf(" ");
  if (sp === -1) return fail("status line has no status code", true);
  const version = line.slice(0, sp);
  if (!VERSION.test(version)) return fail(`malformed SIP-Version "${version}"`, true);
  const rest = line.slice(sp + 1);
  const sp2 = rest.indexOf(" ");
  const code = sp2 === -1 ? rest : rest.slice(0, sp2);
  // Status-Code = 3DIGIT; RFC 3261 §21 defines the classes 1xx-6xx only.
  if (!/^[1-6]\d\d$/.test(code))
    return fail(`malformed status code "${code.slice(0, 20)}"`, true, { version });
  const status = Number(code);
  const versionErr = versionError(version, true, { status });
  if (versionErr) return versionErr;
  return {
    ok: true,
    kind: "response",
    status,
    reason: sp2 === -1 ? "" : rest.slice(sp2 + 1),
    version: SIP_VERSION,
  };
}

function parseRequestLine(line: string): StartLine {
  // Request-Line = Method SP Request-URI SP SIP-Version: exactly one SP between elements,
  // so extra or trailing SP (RFC 4475 §3.1.2.9, §3.1.2.10) and embedded LWS (§3.1.2.8) fail here.
  const parts = line.split(" ");
  const [method, uri, version] = parts;
  if (parts.length !== 3 || method === "" || uri === "" || version === "") {
    return fail(`malformed request line "${line.slice(0, 80)}"`, false, isToken(method) ? { method } : {});
  }
  if (!isToken(method)) return fail(`method "${method.slice(0, 40)}" is not a token`, false);
  if (!VERSION.test(version))
    return fail(`malformed SIP-Version "${version.slice(0, 20)}"`, false, { method, uri });
  // RFC 4475 §3.1.2.7: "<sip:...>" is not a Request-URI.
  if (/[<>]/.test(uri)) return fail("Request-URI must not be enclosed in <>", false, { method, uri });
  const parsed = parseUri(uri);
  if (!parsed) return fail(`malformed Request-URI "${uri.slice(0, 80)}"`, false, { method, uri });
  const versionErr = versionError(version, false, { method, uri });
  if (versionErr) return versionErr;
  return { ok: true, kind: "request", method, uri, version: SIP_VERSION };
}

/** Parses a start line (without its CRLF). */
export function parseStartLine(line: string): StartLine {
  return /^SIP\//i.test(line) ? parseStatusLine(line) : parseRequestLine(line);
}
