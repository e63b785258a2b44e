import { parseUri, type SipRequest } from "../../sip-core";
import { headerUri } from "../registrar/aor";
import { bareUri } from "./store";

/**
 * The pseudo-variables the reference server's routing "script" (siplab_routing.*) may use in
 * function arguments, with Kamailio's names and meanings: `$ru` `$rU` `$rd` the current R-URI
 * (after a rewrite), `$ou` `$oU` `$od` the original one, `$tu` `$tU` `$td`, `$fu` `$fU` `$fd`,
 * `$ci` and `$hdr(Name)` (first value of that header). An absent value expands to "".
 */
export interface ScriptContext {
  request: SipRequest;
  /** The R-URI as the script left it (rewritten, or the contact lookup chose); default the original. */
  newUri?: string;
}

const PV = /\$(ru|rU|rd|ou|oU|od|tu|tU|td|fu|fU|fd|ci)\b|\$hdr\(([!%*+`'~\w.-]+)\)/g;

export class ScriptTemplateError extends Error {
  readonly code = "SIPLAB_ERR_SCRIPT_TEMPLATE";
  constructor(message: string) {
    super(message);
    this.name = "ScriptTemplateError";
  }
}

/** Throws when `template` uses a `$` that is none of the supported pseudo-variables. */
export function checkTemplate(name: string, template: string): void {
  const rest = template.replace(PV, "");
  if (rest.includes("$")) {
    throw new ScriptTemplateError(
      `${name}: "${template}" uses an unknown pseudo-variable (known: $ru $rU $rd $ou $oU $od $tu $tU $td $fu $fU $fd $ci $hdr(Name))`,
    );
  }
}

function uriPart(uri: string, part: "u" | "U" | "d"): string {
  if (part === "u") return uri;
  const parsed = parseUri(uri);
  return (part === "U" ? parsed?.user : parsed?.host) ?? "";
}

function value(ctx: ScriptContext, name: string): string {
  const req = ctx.request;
  const part = name[1] as "u" | "U" | "d";
  switch (name[0]) {
    case "r":
      return uriPart(ctx.newUri ?? req.uri, part);
    case "o":
      return uriPart(req.uri, part);
    case "t":
      return part === "u" ? bareUri(req.headers.get("To")) : field(req.headers.get("To"), part);
    case "f":
      return part === "u" ? bareUri(req.headers.get("From")) : field(req.headers.get("From"), part);
    default:
      return req.headers.get("Call-ID") ?? "";
  }
}

function field(header: string | undefined, part: "U" | "d"): string {
  const uri = headerUri(header);
  return (part === "U" ? uri?.user : uri?.host) ?? "";
}

/** `template` with every pseudo-variable replaced by its value for this request. */
export function expandTemplate(template: string, ctx: ScriptContext): string {
  return template.replace(PV, (_, name: string | undefined, hdr: string | undefined) =>
    hdr !== undefined ? (ctx.request.headers.get(hdr)?.trim() ?? "") : value(ctx, name!),
  );
}

const NAMES = ["ru", "rU", "rd", "ou", "oU", "od", "tu", "tU", "td", "fu", "fU", "fd", "ci"] as const;

/**
 * Every pseudo-variable of a request by name (`ru` → its R-URI …), for msilo's text parameters
 * (extra_hdrs, offline_message) that generated-message.ts `expand()`s.
 */
export function requestVariables(request: SipRequest): Record<string, string> {
  return Object.fromEntries(NAMES.map((name) => [name, value({ request }, name)]));
}
