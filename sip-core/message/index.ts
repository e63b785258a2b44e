// Public API of the message layer.
export {
  SipError,
  type SipErrorCode,
  type SipRequest,
  type SipResponse,
  type SipMessage,
  type ParseResult,
  type PartialMessage,
} from "./message";
export { Headers, canonicalHeaderName, isListValued, splitList } from "./headers";
export { parseParams, parseParamsStrict, formatParams, quote, unquote, isToken, type Params } from "./params";
export { parseUri, formatUri, uriEquals, aorOf, normalizeEscapes, type SipUri } from "./uri";
export {
  parseNameAddr,
  formatNameAddr,
  parseContactValue,
  type NameAddr,
  type ContactValue,
} from "./name-addr";
export { parseVia, formatVia, newBranch, MAGIC_COOKIE, type Via } from "./via";
export { parseCSeq, formatCSeq, MAX_CSEQ, type CSeq } from "./cseq";
export { parseMessage } from "./parse";
export { serializeMessage, formatStartLine } from "./serialize";
// newTag/tagOf stay internal to ./response: sip-core/transaction/to-tag.ts exports the same names,
// and sip-core/index.ts re-exports both barrels with `export *`.
export { createResponse, createRequest, type ResponseExtra, type RequestParts } from "./response";
export { reasonPhrase } from "./reason-phrases";
export { SIP_VERSION } from "./start-line";
