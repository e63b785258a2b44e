import { randomBytes } from "node:crypto";
import { Headers } from "../sip-core";
import type { SipRequest } from "../sip-core";

/** Who the agent is, as far as building requests is concerned. */
export interface Identity {
  aor: string;
  domain: string;
  displayName?: string;
  /** The agent's Contact URI, e.g. `sip:alice@127.0.0.1:40001;transport=tcp`. */
  contact: string;
  userAgent?: string;
  /** Local address, used in Call-IDs. */
  host: string;
}

/** A request of any method; everything but `method` and `uri` has a default. */
export interface RequestSpec {
  method: string;
  /** Request-URI. */
  uri: string;
  /** To header: a URI or a full name-addr; default the Request-URI. */
  to?: string;
  /** To tag, for requests inside a dialog (e.g. a SUBSCRIBE refresh). */
  toTag?: string;
  /** From tag; default a fresh one. */
  fromTag?: string;
  /** Default a fresh Call-ID. */
  callId?: string;
  /** Default 1. */
  cseq?: number;
  /** Add the agent's Contact; default true for methods in CONTACT_METHODS. */
  contact?: boolean;
  /** Extra header fields, in order, after the standard ones. */
  headers?: [string, string][];
  body?: string | Buffer;
  /** Content-Type of `body`; default `text/plain`. */
  contentType?: string;
}

/** What REGISTER takes besides the agent's identity (RFC 3261 §10.2). */
export interface RegisterSpec {
  callId: string;
  fromTag: string;
  cseq: number;
  /** Expires header value; none when undefined. */
  expires?: number;
  /** `;expires=` on the agent's own Contact; none when undefined. */
  contactExpires?: number;
  /** Raw Contact values replacing the agent's own (e.g. `*`, `<sip:x@h>;expires=0`); [] sends none. */
  contacts?: string[];
  allow?: string[];
  headers?: [string, string][];
}

/** Methods that establish or refresh something the server calls back, so they carry Contact. */
const CONTACT_METHODS = ["REGISTER", "SUBSCRIBE", "INVITE", "REFER", "NOTIFY"];

export function newTag(): string {
  return randomBytes(6).toString("hex");
}

export function newCallId(host: string): string {
  return `${randomBytes(10).toString("hex")}@${host}`;
}

function quoteDisplayName(name: string): string {
  return `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** `"Alice" <sip:alice@example.test>;tag=...`; a value already in `<>` form is kept as given. */
export function formatAddress(uriOrNameAddr: string, tag?: string, displayName?: string): string {
  const base = uriOrNameAddr.includes("<")
    ? uriOrNameAddr
    : `${displayName ? `${quoteDisplayName(displayName)} ` : ""}<${uriOrNameAddr}>`;
  return tag ? `${base};tag=${tag}` : base;
}

function newRequest(method: string, uri: string): SipRequest {
  return { type: "request", method, uri, version: "SIP/2.0", headers: new Headers(), body: Buffer.alloc(0) };
}

function setBody(
  request: SipRequest,
  body: string | Buffer | undefined,
  contentType: string | undefined,
): void {
  if (body === undefined) return;
  request.body = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  request.headers.append("Content-Type", contentType ?? "text/plain");
}

function appendAll(request: SipRequest, headers: [string, string][] | undefined): void {
  for (const [name, value] of headers ?? []) request.headers.append(name, value);
}

/**
 * Builds a request without Via (the transaction layer adds it). Header order follows the RFC 3261
 * examples; Content-Length is set by the serializer.
 */
export function buildRequest(identity: Identity, spec: RequestSpec): SipRequest {
  // Sent as given: methods are case-sensitive (RFC 3261 §7.1) and tests may want odd ones.
  const method = spec.method;
  const request = newRequest(method, spec.uri);
  const h = request.headers;
  // RFC 3261 §8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum, contain the
  // following header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via".
  h.append("Max-Forwards", "70");
  h.append("To", formatAddress(spec.to ?? spec.uri, spec.toTag));
  h.append("From", formatAddress(identity.aor, spec.fromTag ?? newTag(), identity.displayName));
  h.append("Call-ID", spec.callId ?? newCallId(identity.host));
  h.append("CSeq", `${spec.cseq ?? 1} ${method}`);
  if (spec.contact ?? CONTACT_METHODS.includes(method)) h.append("Contact", `<${identity.contact}>`);
  if (identity.userAgent) h.append("User-Agent", identity.userAgent);
  appendAll(request, spec.headers);
  setBody(request, spec.body, spec.contentType);
  return request;
}

/** REGISTER for the agent's AOR: Request-URI is the domain, To and From are the AOR (§10.2). */
export function buildRegister(identity: Identity, spec: RegisterSpec): SipRequest {
  const request = newRequest("REGISTER", `sip:${identity.domain}`);
  const h = request.headers;
  h.append("Max-Forwards", "70");
  h.append("To", formatAddress(identity.aor, undefined, identity.displayName));
  h.append("From", formatAddress(identity.aor, spec.fromTag, identity.displayName));
  h.append("Call-ID", spec.callId);
  h.append("CSeq", `${spec.cseq} REGISTER`);
  const own =
    `<${identity.contact}>` + (spec.contactExpires === undefined ? "" : `;expires=${spec.contactExpires}`);
  for (const contact of spec.contacts ?? [own]) h.append("Contact", contact);
  if (spec.expires !== undefined) h.append("Expires", String(spec.expires));
  if (spec.allow) h.append("Allow", spec.allow.join(", "));
  if (identity.userAgent) h.append("User-Agent", identity.userAgent);
  appendAll(request, spec.headers);
  return request;
}

/** A copy whose headers can be changed without touching the original. */
export function cloneRequest(request: SipRequest): SipRequest {
  return { ...request, headers: request.headers.clone() };
}

/** SUBSCRIBE options (RFC 6665 §4.1.2). Pass `callId`/`toTag`/`fromTag`/`cseq` to refresh a dialog. */
export interface SubscribeOptions extends Omit<RequestSpec, "method" | "uri"> {
  event: string;
  expires?: number;
  accept?: string[];
}

/** PUBLISH options (RFC 3903 §4). `etag` goes in SIP-If-Match for refresh, modify and remove. */
export interface PublishOptions extends Omit<RequestSpec, "method" | "uri"> {
  event: string;
  expires?: number;
  etag?: string;
}

export function subscribeSpec(uri: string, options: SubscribeOptions): RequestSpec {
  const { event, expires, accept, headers, ...rest } = options;
  const standard: [string, string][] = [["Event", event]];
  if (expires !== undefined) standard.push(["Expires", String(expires)]);
  if (accept) standard.push(["Accept", accept.join(", ")]);
  return { ...rest, method: "SUBSCRIBE", uri, headers: [...standard, ...(headers ?? [])] };
}

export function publishSpec(uri: string, options: PublishOptions): RequestSpec {
  const { event, expires, etag, headers, ...rest } = options;
  const standard: [string, string][] = [["Event", event]];
  if (expires !== undefined) standard.push(["Expires", String(expires)]);
  if (etag !== undefined) standard.push(["SIP-If-Match", etag]);
  return { ...rest, method: "PUBLISH", uri, headers: [...standard, ...(headers ?? [])] };
}
