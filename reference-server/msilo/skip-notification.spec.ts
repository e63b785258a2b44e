import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequest } from "../../sip-core";
import { notificationSkipped, ROUTING_SKIP_FLAG, routingFlags } from "./skip-notification";

const message = (headers: Array<[string, string]>) =>
  createRequest({ method: "MESSAGE", uri: "sip:bob@example.test", headers, body: "hi" });

test("the routing sets flag 18 only when the named header is present", () => {
  const marked = message([["X-Siplab-Skip-Notification", "yes"]]);
  assert.equal(routingFlags(marked, "X-Siplab-Skip-Notification"), 1 << 18);
  // Header names are case-insensitive (RFC 3261 §7.3.1).
  assert.equal(routingFlags(marked, "x-siplab-skip-notification"), 1 << ROUTING_SKIP_FLAG);
  assert.equal(routingFlags(message([]), "X-Siplab-Skip-Notification"), 0);
  assert.equal(routingFlags(marked, ""), 0, "no header configured: no flag");
});

test("skip_notification_flag suppresses only when its own flag is set; -1 never", () => {
  assert.equal(notificationSkipped(1 << 18, 18), true);
  assert.equal(notificationSkipped(1 << 18, 5), false);
  assert.equal(notificationSkipped(0, 18), false);
  assert.equal(notificationSkipped(1 << 18, -1), false);
  assert.equal(notificationSkipped(~0, -1), false);
  assert.equal(notificationSkipped(1 << 31, 31), true, "flag 31 is the sign bit and still one flag");
  assert.equal(notificationSkipped(1 << 0, 0), true);
});
