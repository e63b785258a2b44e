import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { divergenceNames, loadProfile } from "./load-profile";

function tree(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "siplab-profile-"));
  for (const [path, json] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(json));
  }
  return dir;
}

const BASE = {
  name: "base",
  sip: { host: "127.0.0.1", port: 5070, transports: ["udp", "tcp"] },
  domain: "example.test",
  params: { msilo: { check_time: 1, from_address: "sip:registrar@example.test" }, tm: { fr_timer: 5000 } },
  features: ["registrar", "msilo", "presence"],
  tags: "@base-only",
  start: "start base",
  stop: "stop base",
};

test("an instance profile inherits its base and overrides key by key", () => {
  const dir = tree({
    "base/profile.json": BASE,
    "inst/profile.json": {
      name: "inst",
      family: "base",
      extends: "../base/profile.json",
      sip: { port: 5076 },
      params: { msilo: { check_time: 30 } },
      features: ["msilo"],
      start: "start inst",
    },
  });
  try {
    const p = loadProfile(join(dir, "inst/profile.json"));
    assert.equal(p.name, "inst");
    assert.deepEqual(p.sip, { host: "127.0.0.1", port: 5076, transports: ["udp", "tcp"] });
    assert.deepEqual(p.params.msilo, { check_time: 30, from_address: "sip:registrar@example.test" });
    assert.deepEqual(p.params.tm, { fr_timer: 5000 });
    assert.deepEqual(p.features, ["msilo"], "arrays replace, they do not merge");
    assert.equal(p.start, "start inst");
    assert.equal(p.stop, undefined, "a base's start/stop/tags describe the base instance only");
    assert.equal(p.tags, undefined);
    assert.deepEqual(divergenceNames(p), ["inst", "base"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a profile extending another must name itself, and cycles are refused", () => {
  const dir = tree({
    "base/profile.json": BASE,
    "anon/profile.json": { extends: "../base/profile.json", sip: { port: 1 } },
    "a/profile.json": { name: "a", extends: "../b/profile.json" },
    "b/profile.json": { name: "b", extends: "../a/profile.json" },
  });
  try {
    assert.throws(() => loadProfile(join(dir, "anon/profile.json")), /needs its own "name"/);
    assert.throws(() => loadProfile(join(dir, "a/profile.json")), /extends itself/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every kamailio instance profile of the repository loads and differs from the base in ports", () => {
  const base = loadProfile("kamailio");
  for (const name of ["kamailio-limits", "kamailio-auth", "kamailio-notify", "kamailio-store"]) {
    const p = loadProfile(name);
    assert.equal(p.family, "kamailio");
    assert.notEqual(p.sip.port, base.sip.port, name);
    assert.equal(p.domain, base.domain);
    assert.ok(p.start && p.stop && p.tags, `${name} has its own start, stop and tags`);
  }
});
