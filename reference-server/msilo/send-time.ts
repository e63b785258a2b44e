/**
 * The reminder time m_store reads from the AVP named by `snd_time_avp` (msilo 5.6 §3.26): "the
 * module expects in the AVP to be a time value in format YYYYMMDDHHMMSS (e.g., 20060101201500)",
 * the server's local time. Anything else leaves snd_time 0, i.e. an ordinary offline message
 * (catalog MSILO-P-snd_time_avp).
 */

export class SndTimeAvpError extends Error {
  readonly code = "SIPLAB_ERR_SND_TIME_AVP";
  constructor(message: string) {
    super(message);
    this.name = "SndTimeAvpError";
  }
}

/**
 * "If the value is set to a valid AVP name" (§3.26): `$avp(name)`, `$avp(i:123)`, `$avp(s:name)`.
 * Throws at start, as Kamailio refuses to start with an unparsable AVP spec.
 */
export function checkSndTimeAvpName(name: string): void {
  if (name !== "" && !/^\$avp\((?:[is]:)?[A-Za-z0-9_]+\)$/.test(name)) {
    throw new SndTimeAvpError(`msilo.snd_time_avp must name an AVP such as "$avp(snd_time)", got "${name}"`);
  }
}

/** Per-position limits Kamailio 5.6 checks; each digit is validated against its left neighbour. */
function digitOk(s: string, i: number): boolean {
  const c = s[i];
  const prev = s[i - 1];
  switch (i) {
    case 0:
      return c >= "2"; // the year must start with 2
    case 4:
      return c <= "1";
    case 5:
      return !(prev === "0" && c === "0") && !(prev === "1" && c > "2");
    case 6:
      return c <= "3";
    case 7:
      return !(prev === "0" && c === "0") && !(prev === "3" && c > "1");
    case 8:
      return c <= "2";
    case 9:
      return !(prev === "2" && c > "3");
    case 10:
    case 12:
      return c <= "5";
    default:
      return true;
  }
}

/**
 * Epoch seconds of a `YYYYMMDDHHMMSS` local time, or undefined when the text is refused (empty,
 * non-digits, longer than 14, a field out of range). Like Kamailio, a shorter prefix is accepted
 * with the missing fields zero before calendar normalisation (`2026` is 31 Dec 2025, 00:00).
 */
export function parseSendTime(text: string): number | undefined {
  if (text.length === 0 || text.length > 14 || !/^\d+$/.test(text)) return undefined;
  for (let i = 0; i < text.length; i++) if (!digitOk(text, i)) return undefined;
  const field = (from: number, to: number) =>
    text.length > from ? Number(text.slice(from, Math.min(to, text.length)).padEnd(to - from, "0")) : 0;
  const year = field(0, 4);
  // struct tm counts months from 0; the month's tens digit carries the -1 (so "2026" keeps January).
  const month = text.length > 4 ? field(4, 6) - 1 : 0;
  const date = new Date(year, month, field(6, 8), field(8, 10), field(10, 12), field(12, 14));
  // Date maps years 0-99 to 1900-1999; a year starting with 2 never gets there.
  return Math.floor(date.getTime() / 1000);
}
