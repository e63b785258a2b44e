// The public face of the SIP wire stack: code outside sip-core imports only from here.
export * from "./message";
export * from "./auth";
export * from "./transport";
export * from "./transaction";
