import type { ModuleParams } from "../config/schema";
import { methodAllowed } from "./methods";
import type { AorKey, Binding, Usrloc } from "./usrloc";

export type LookupResult = { code: 1; targets: Binding[] } | { code: -1 } | { code: -2 };

/**
 * REG-F-lookup with Kamailio's return codes: 1 found, -1 no live binding, -2 bindings exist but none
 * allows the method (only with method_filtering). append_branches=0 keeps only the best contact.
 */
export function lookup(
  usrloc: Usrloc,
  aor: AorKey,
  method: string,
  nowMs: number,
  p: ModuleParams["registrar"],
): LookupResult {
  let live = usrloc.allOf(aor).filter((b) => b.expires > nowMs);
  if (live.length === 0) return { code: -1 };
  if (p.method_filtering) {
    live = live.filter((b) => methodAllowed(b.methods, method));
    if (live.length === 0) return { code: -2 };
  }
  // allOf() is ordered by q, then most recent: the first is the best contact.
  return { code: 1, targets: p.append_branches ? live : live.slice(0, 1) };
}
