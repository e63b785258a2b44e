/**
 * What the steps know about a server under test. Steps talk only to this interface, so the same
 * feature runs against the embedded reference server and against any external server.
 */
export interface TargetProfile {
  name: string;
  description?: string;
  /** "embedded" starts a reference server per scenario; "external" talks to a running server. */
  kind: "embedded" | "external";
  sip: { host: string; port: number; transports: Array<"udp" | "tcp"> };
  domain: string;
  users: Array<{ user: string; password: string }>;
  /** Whether the server challenges REGISTER. */
  auth: boolean;
  /** Module parameters the external server is configured with; embedded servers take any value. */
  params: Record<string, Record<string, number | string>>;
  db?: { kind: "sqlite"; path: string };
  rpc?: { url: string };
  clock: "virtual" | "real";
  /** Feature areas the target implements (registrar, msilo, presence, pua). */
  features: string[];
  start?: string;
  stop?: string;
  /**
   * Shell command (run from the repository root) that kills the running server with SIGKILL and
   * starts it again on the same database and ports; scenarios tagged @crash need it.
   */
  crash?: string;
  /**
   * Family of servers the profile is one instance of ("kamailio" for every kamailio-* profile):
   * `@<family>-divergence` tags apply to it as well as `@<name>-divergence`.
   */
  family?: string;
  /** Cucumber tag expression of the scenarios this target is meant for (e.g. a shared-user auth instance). */
  tags?: string;
  /** Directory the profile was loaded from (set by the loader). */
  dir: string;
}

/** A scenario that cannot run on this target: it ends as not applicable, never as passed. */
export class NotApplicable extends Error {
  readonly code = "SIPLAB_NOT_APPLICABLE";
  constructor(reason: string) {
    super(reason);
    this.name = "NotApplicable";
  }
}

export interface DbRow {
  [column: string]: unknown;
}

/** One server under test for one scenario. */
export interface Target {
  readonly profile: TargetProfile;
  /** Declares the value a scenario needs; embedded servers adopt it, external ones must already have it. */
  requireParam(module: string, name: string, value: number | string): void;
  requireAuth(enabled: boolean): void;
  requireFeature(feature: string): void;
  /** Starts the server if needed (embedded: first use in a scenario). */
  ready(): Promise<{ host: string; port: number }>;
  /** Lets `seconds` pass on the server: virtual clock when it has one, else real waiting. */
  passTime(seconds: number): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<DbRow[]>;
  rpc(method: string, params?: unknown): Promise<unknown>;
  /** The real user name for a role name of the scenario ("bob"), unique per scenario on shared servers. */
  userName(role: string): string;
  password(role: string): string;
  /**
   * Declares that the scenario will kill the server process; call it before `ready()`. Embedded
   * targets then run the server as a child process. Throws NotApplicable where it cannot be done.
   */
  requireCrash?(): void;
  /**
   * Kills the server process with SIGKILL, without warning, and starts it again on the same
   * database, ports and (virtual) time; resolves once the restarted server answers.
   */
  crash?(): Promise<void>;
  close(): Promise<void>;
}
