export type {
  LocalEndpoint,
  MessageHandler,
  Remote,
  Transport,
  TransportErrorHandler,
  TransportOptions,
  TransportProtocol,
} from "./transport";
export { createTransport, TRANSPORT_DEFAULTS } from "./create-transport";
export { StreamFramer, type FramerOutput, type OversizedMessage } from "./framing";
export { SIP_WIRE_CHANNEL, createWireTap, type WireEvent, type WireTap } from "./wire-tap";
export { createMemoryTransport, type MemoryTransport, type SentRecord } from "./memory-transport";
