/**
 * Kamailio's method bitmask (parser/msg_parser.h), stored in `location.methods` so a DB check
 * reads the same number on both targets.
 */
const METHOD_BITS: Record<string, number> = {
  INVITE: 1,
  CANCEL: 2,
  ACK: 4,
  BYE: 8,
  INFO: 16,
  REGISTER: 32,
  SUBSCRIBE: 64,
  NOTIFY: 128,
  MESSAGE: 256,
  OPTIONS: 512,
  PRACK: 1024,
  UPDATE: 2048,
  REFER: 4096,
  PUBLISH: 8192,
};
const METHOD_OTHER = 524288;

/** The bits for a list of method names; unknown names set the "other" bit as Kamailio does. */
export function methodsMask(names: Iterable<string>): number {
  let mask = 0;
  for (const raw of names) {
    const name = raw.trim().toUpperCase();
    if (name) mask |= METHOD_BITS[name] ?? METHOD_OTHER;
  }
  return mask;
}

export function methodAllowed(mask: number | null, method: string): boolean {
  if (mask === null) return true;
  const bit = METHOD_BITS[method.toUpperCase()] ?? METHOD_OTHER;
  return (mask & bit) !== 0;
}
