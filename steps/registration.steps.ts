import { when } from "./support/not-applicable";
import type { SiplabWorld } from "./support/world";

when("{word} registers", async function (this: SiplabWorld, role: string) {
  this.record(await (await this.phone(role)).register());
});

when("{word} registers over TCP", async function (this: SiplabWorld, role: string) {
  this.record(await (await this.phone(role, "tcp", "tcp")).register());
});

when(
  "{word} registers with Expires {int}",
  async function (this: SiplabWorld, role: string, expires: number) {
    this.record(await (await this.phone(role)).register({ expires }));
  },
);

when(
  "{word} registers with a contact expires parameter of {int}",
  async function (this: SiplabWorld, role: string, contactExpires: number) {
    this.record(await (await this.phone(role)).register({ contactExpires }));
  },
);

when("{word}'s {word} phone registers", async function (this: SiplabWorld, role: string, phone: string) {
  this.record(await (await this.phone(role, phone)).register());
});

when("{word} registers under the upper-case user name", async function (this: SiplabWorld, role: string) {
  this.userOverrides.set(role, this.target.userName(role).toUpperCase());
  this.record(await (await this.phone(role)).register());
  this.userOverrides.delete(role);
});

/** `line` names a contact of bob's phone: sip:<bob>@<host>:<port>;line=<name>, so one phone can hold several. */
export function lineContact(contact: string, line: string): string {
  return `${contact};line=${line}`;
}

when(
  "{word} registers with Expires {int} and the contacts:",
  async function (
    this: SiplabWorld,
    role: string,
    expires: number,
    table: { hashes(): Array<Record<string, string>> },
  ) {
    const agent = await this.phone(role);
    const contacts = table.hashes().map((row) => {
      const param = row.expires ? `;expires=${row.expires}` : "";
      return `<${lineContact(agent.contact, row.line)}>${param}`;
    });
    this.record(await agent.register({ expires, contacts }));
  },
);

when("{word} unregisters", async function (this: SiplabWorld, role: string) {
  this.record(await (await this.phone(role)).unregister());
});

when("{word} unregisters all bindings", async function (this: SiplabWorld, role: string) {
  this.record(await (await this.phone(role)).unregister({ all: true }));
});

when(
  "{word} sends a REGISTER with Contact {string} and Expires {int}",
  async function (this: SiplabWorld, role: string, contact: string, expires: number) {
    this.record(await (await this.phone(role)).register({ contacts: [contact], expires }));
  },
);

when("{word} queries the bindings", async function (this: SiplabWorld, role: string) {
  this.record(await (await this.phone(role)).register({ contacts: [] }));
});

when(
  "{word} repeats the REGISTER with CSeq {int}",
  async function (this: SiplabWorld, role: string, cseq: number) {
    this.record(await (await this.phone(role)).register({ cseq }));
  },
);

when("{word} registers from a new Call-ID", async function (this: SiplabWorld, role: string) {
  const callId = `fresh-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  this.record(await (await this.phone(role)).register({ callId, cseq: 1 }));
});

when(
  "{word} registers with the To URI {string}",
  async function (this: SiplabWorld, role: string, to: string) {
    const uri = to.replace("<domain>", this.target.profile.domain);
    this.record(await (await this.phone(role)).register({ headers: [["To", `<${uri}>`]] }));
  },
);

when("the administrator removes every binding of {word}", async function (this: SiplabWorld, role: string) {
  await this.target.rpc("ul.rm", ["location", `${this.user(role)}@${this.target.profile.domain}`]);
});

when(
  "{word} sends a REGISTER whose To URI has no user part",
  async function (this: SiplabWorld, role: string) {
    const agent = await this.phone(role);
    const domain = this.target.profile.domain;
    const callId = `raw-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const raw = [
      `REGISTER sip:${domain} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${agent.port};rport;branch=z9hG4bK-${callId}`,
      "Max-Forwards: 70",
      `To: <sip:${domain}>`,
      `From: <sip:${domain}>;tag=${callId}`,
      `Call-ID: ${callId}`,
      "CSeq: 1 REGISTER",
      `Contact: <${agent.contact}>`,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    await agent.sendRaw(Buffer.from(raw));
    this.record(await agent.waitForResponse((r) => r.headers.get("Call-ID") === callId && r.status >= 200));
  },
);

when(
  "{word}'s {word} phone registers with expires {int}",
  async function (this: SiplabWorld, role: string, phone: string, contactExpires: number) {
    this.record(await (await this.phone(role, phone)).register({ contactExpires }));
  },
);

when(
  "{word} sends a REGISTER for {word} without credentials",
  async function (this: SiplabWorld, who: string, aorRole: string) {
    this.record(await (await this.impostor(who, aorRole)).register());
  },
);

when(
  "{word} registers a contact for {word} with his own credentials",
  async function (this: SiplabWorld, who: string, aorRole: string) {
    this.record(await (await this.impostor(who, aorRole, who)).register());
  },
);
