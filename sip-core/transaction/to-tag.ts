import { randomBytes } from "node:crypto";

// The `tag` parameter of a From/To value. In a name-addr the header parameters follow the closing
// `>`; in an addr-spec they follow the first `;` (RFC 3261 §20.10).

const TAG_PARAM = /;\s*tag\s*=\s*([^;\s,]*)/i;

/** Offset where the header parameters of a From/To value start. */
function paramsStart(value: string): number {
  const close = value.lastIndexOf(">");
  if (close >= 0) return close + 1;
  const semi = value.indexOf(";");
  return semi >= 0 ? semi : value.length;
}

/** The tag of a From/To value, or undefined. */
export function tagOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = TAG_PARAM.exec(value.slice(paramsStart(value)));
  return match && match[1] !== "" ? match[1] : undefined;
}

/** A fresh random tag (RFC 3261 §19.3: at least 32 bits of randomness). */
export function newTag(): string {
  return randomBytes(8).toString("hex");
}
