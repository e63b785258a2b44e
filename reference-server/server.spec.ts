import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSocket } from "node:dgram";
import { createAgent } from "../uas-sim";
import { baseConfig } from "./config/config";
import { createServer } from "./server";

function config(dir: string) {
  return baseConfig({ port: 0, dbPath: join(dir, "s.sqlite"), domains: ["example.test"], rpc: null });
}

test("a binding that got a 200 survives a restart and is used by lookup afterwards", async () => {
  const dir = mkdtempSync(join(tmpdir(), "siplab-restart-"));
  try {
    const first = await createServer(config(dir));
    const bob = await createAgent({ aor: "sip:bob@example.test", server: first.address });
    assert.equal((await bob.register({ expires: 600 })).status, 200);
    await first.close();

    const second = await createServer({ ...config(dir), port: first.address.port });
    const alice = await createAgent({ aor: "sip:alice@example.test", server: second.address });
    const res = await alice.options("sip:bob@example.test");
    assert.equal(res.status, 200);
    await bob.waitForRequest("OPTIONS", { timeoutMs: 2000 });
    await Promise.all([alice.close(), bob.close()]);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("garbage datagrams get no answer and do not stop the server", async () => {
  const dir = mkdtempSync(join(tmpdir(), "siplab-garbage-"));
  const server = await createServer(config(dir));
  const sock = createSocket("udp4");
  try {
    for (const junk of ["garbage\u0000\u00ff", "\r\n\r\n", "SIP/2.0 200 OK\r\n\r\n", "INVITE x\r\n\r\n"]) {
      await new Promise<void>((resolve, reject) =>
        sock.send(Buffer.from(junk, "latin1"), server.address.port, "127.0.0.1", (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    }
    const probe = await createAgent({ aor: "sip:probe@example.test", server: server.address });
    assert.equal((await probe.options()).status, 200);
    await probe.close();
  } finally {
    sock.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
