import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_DB_ROWS, captureFileName, readCapture, summarizeDbRead, writeCapture } from "./capture-file";

test("a capture survives the round trip byte for byte, payloads with NUL and invalid UTF-8 included", () => {
  const dir = mkdtempSync(join(tmpdir(), "siplab-capture-"));
  try {
    const payload = Buffer.from([0x4d, 0x00, 0xff, 0xfe, 0x0d, 0x0a]);
    writeCapture(dir, "2c1f-aa", {
      version: 1,
      server: { address: "127.0.0.1", port: 5060 },
      labels: { "127.0.0.1:5060": "server" },
      packets: [
        {
          index: 0,
          timestamp: 1.5,
          transport: "udp",
          src: { address: "127.0.0.1", port: 1 },
          dst: { address: "127.0.0.1", port: 5060 },
          payload,
        },
      ],
      dbReads: [],
      steps: [{ pickleStepId: "p1", startMs: 1, endMs: 2 }],
    });
    const back = readCapture(dir, "2c1f-aa");
    assert.ok(back);
    assert.ok(back.packets[0].payload.equals(payload));
    assert.deepEqual(back.steps, [{ pickleStepId: "p1", startMs: 1, endMs: 2 }]);
    assert.equal(readCapture(dir, "missing"), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an attempt id that is not a plain id is refused, not used as a path", () => {
  assert.throws(() => captureFileName("/tmp", "../../etc/passwd"), /not a test case attempt id/);
});

test("DB reads keep at most MAX_DB_ROWS rows, cut long values and show Buffers as text", () => {
  const rows = Array.from({ length: MAX_DB_ROWS + 5 }, (_, i) => ({ id: i, body: "x".repeat(5000) }));
  const read = summarizeDbRead("SELECT * FROM silo WHERE username = ?", ["bob"], rows);
  assert.equal(read.rows.length, MAX_DB_ROWS);
  assert.equal(read.rowCount, MAX_DB_ROWS + 5);
  assert.match(String(read.rows[0].body), /… \(5000 characters\)$/);
  const blob = summarizeDbRead("SELECT body FROM silo", [], [{ body: Buffer.from("héllo") }]);
  assert.equal(blob.rows[0].body, "héllo");
});
