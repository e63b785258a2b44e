import { setWorldConstructor, World, type IWorldOptions } from "@cucumber/cucumber";
import { createAgent, type Agent, type AnswerSpec } from "../../uas-sim";
import { parseContactValue, type SipRequest, type SipResponse } from "../../sip-core";
import type { Target } from "../../targets/target";
import type { ScenarioRecorder } from "./wire-capture";

/** "bob" is bob's default phone; "bob:desk" another phone registering the same AoR. */
export function phoneKey(role: string, phone = "default"): string {
  return `${role}:${phone}`;
}

/**
 * A thin facade between one-line steps and the simulator + target: it owns the scenario's
 * agents and remembers the last response, nothing more. Expectations live in the steps.
 */
export class SiplabWorld extends World {
  target!: Target;
  readonly agents = new Map<string, Agent>();
  /** Overrides of a role's user part (e.g. upper-cased), for the case-sensitivity scenarios. */
  readonly userOverrides = new Map<string, string>();
  readonly allow = new Map<string, string[]>();
  /** Answer rules a role's phones follow, applied to phones created later too. */
  readonly answers = new Map<string, Map<string, AnswerSpec>>();
  lastResponse: SipResponse | undefined;
  /** The request a phone received last, for the Then steps that look into it. */
  lastRequest: SipRequest | undefined;
  /** A request sent without waiting for its answer (time must pass before it comes). */
  pendingResponse: Promise<SipResponse> | undefined;
  /** Statistics read at the start of a scenario: external servers keep counting across scenarios. */
  notedStatistics: Map<string, number> | undefined;
  /** msilo sc_* parameter -> column name the scenario declared (steps/msilo-store-functions.steps.ts). */
  readonly siloColumns = new Map<string, string>();
  /** Epoch seconds of the reminder time the scenario asked for last (msilo snd_time_avp). */
  reminderDue: number | undefined;
  /** Wall time the killed server came back (steps/server-crash.steps.ts): later copies are new sends. */
  restartedAt: number | undefined;
  /** Records the scenario's SIP messages and DB reads for the report (when a capture dir is set). */
  recorder: ScenarioRecorder | undefined;

  constructor(options: IWorldOptions) {
    super(options);
  }

  user(role: string): string {
    return this.userOverrides.get(role) ?? this.target.userName(role);
  }

  aor(role: string): string {
    return `sip:${this.user(role)}@${this.target.profile.domain}`;
  }

  async phone(role: string, phone = "default", transport: "udp" | "tcp" = "udp"): Promise<Agent> {
    const key = phoneKey(role, phone);
    let agent = this.agents.get(key);
    if (!agent) {
      const server = await this.target.ready();
      const password = this.target.password(role);
      agent = await createAgent({
        aor: this.aor(role),
        server,
        transport,
        credentials:
          this.target.profile.auth || password ? { username: this.user(role), password } : undefined,
        allow: this.allow.get(role),
        userAgent: "siplab-uas-sim",
      });
      for (const [method, rule] of this.answers.get(role) ?? []) agent.answer(method, rule);
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** From now on every phone of `role` answers `method` by `rule`. */
  answerWith(role: string, method: string, rule: AnswerSpec): void {
    const rules = this.answers.get(role) ?? new Map<string, AnswerSpec>();
    rules.set(method, rule);
    this.answers.set(role, rules);
    for (const [key, agent] of this.agents) if (key.startsWith(`${role}:`)) agent.answer(method, rule);
  }

  /** A phone for `role`'s AoR that holds someone else's credentials (or none): an impostor. */
  async impostor(key: string, aorRole: string, credentialsRole?: string): Promise<Agent> {
    const server = await this.target.ready();
    const agent = await createAgent({
      aor: this.aor(aorRole),
      server,
      credentials: credentialsRole
        ? { username: this.user(credentialsRole), password: this.target.password(credentialsRole) }
        : undefined,
      userAgent: "siplab-uas-sim",
    });
    this.agents.set(phoneKey(key, `as-${aorRole}`), agent);
    return agent;
  }

  record(response: SipResponse): SipResponse {
    this.lastResponse = response;
    return response;
  }

  response(): SipResponse {
    if (!this.lastResponse) throw new Error("no response yet: a When step must send a request first");
    return this.lastResponse;
  }

  /** Contact URIs listed in the last response, with their expires parameters. */
  listedContacts(): Array<{ uri: string; expires: number | undefined }> {
    return this.response()
      .headers.getAll("Contact")
      .map((v) => parseContactValue(v))
      .filter((c) => c !== undefined && !c.star)
      .map((c) => ({ uri: c!.uri, expires: c!.params.expires ? Number(c!.params.expires) : undefined }));
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
    await this.target?.close();
  }
}

setWorldConstructor(SiplabWorld);
