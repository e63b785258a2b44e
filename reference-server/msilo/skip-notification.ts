import type { SipRequest } from "../../sip-core";

/**
 * The flag the stand-in routing sets, the number of the msilo 5.6 §3.33 example
 * (`modparam("msilo", "skip_notification_flag", 18)` ... `setflag(18); m_store(...)`).
 */
export const ROUTING_SKIP_FLAG = 18;

/**
 * Message flags the stand-in routing sets before m_store: the reference server has no script, so
 * a MESSAGE carrying `header` (siplab_routing.skip_notification_header) gets ROUTING_SKIP_FLAG.
 */
export function routingFlags(req: SipRequest, header: string): number {
  return header && req.headers.has(header) ? flagBit(ROUTING_SKIP_FLAG) : 0;
}

/**
 * msilo 5.6 §3.33 skip_notification_flag: "Flag to mark the message for which no notification
 * should be sent back to sender when storing in msilo"; the default -1 disables the feature.
 */
export function notificationSkipped(flags: number, skipNotificationFlag: number): boolean {
  return skipNotificationFlag >= 0 && (flags & flagBit(skipNotificationFlag)) !== 0;
}

function flagBit(flag: number): number {
  // Flags are 0..31, one bit each of a 32-bit word (`1 << 31` is negative, and still one bit).
  return 1 << flag;
}
