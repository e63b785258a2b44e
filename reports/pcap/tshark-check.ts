import { execFile, spawnSync } from "node:child_process";

/** One frame tshark flagged: malformed, or an expert item of warning severity or worse. */
export interface TsharkFrameIssue {
  /** 1-based frame number, as tshark and Wireshark show it. */
  frame: number;
  /** "error" for malformed frames and error-level expert items (bad checksums included). */
  severity: "error" | "warning";
  messages: string[];
}

/** What tshark made of a pcap file; see {@link tsharkMalformed}. */
export interface TsharkCheck {
  /** False when tshark is not installed; every count is then 0. */
  available: boolean;
  /** Frames (outside `expectBroken`) that are malformed or carry an error-level expert item. */
  malformed: number;
  /** Frames (outside `expectBroken`) whose worst expert item is a warning (e.g. TCP sequence). */
  warnings: number;
  /** SIP messages decoded: request and status lines, counted where TCP reassembly completes. */
  sipMessages: number;
  /** Every flagged frame, `expectBroken` ones included, in frame order. */
  issues: TsharkFrameIssue[];
  /** One line per counted issue, or why the check could not run. */
  details: string;
}

/** Options of {@link tsharkMalformed}. */
export interface TsharkCheckOptions {
  /**
   * Frames carrying deliberately unparseable input (e.g. a half SIP message a test sends on
   * purpose): tshark is right to flag them, so they are listed in `issues` but not counted.
   */
  expectBroken?: readonly number[];
  /** tshark executable; default "tshark" from PATH. */
  tshark?: string;
}

// Expert severities as tshark prints them (epan/proto.h PI_WARN and PI_ERROR).
const PI_WARN = 0x00600000;
const PI_ERROR = 0x00800000;
// Aggregates repeated fields in a frame; a control character never occurs in expert messages.
const AGG = "\u001f";

/**
 * tshark arguments. SIP runs on arbitrary ports (5070, ephemeral 40123…), so port-based "-d"
 * rules cannot cover it: the SIP heuristics for UDP and TCP are enabled and tried before
 * port-based dissectors (otherwise port 5353 would be decoded as mDNS, 80 as HTTP…). Reassembly
 * is forced on so a big message counts once, and checksum validation on so a bad one is an error.
 */
function tsharkArgs(pcapPath: string): string[] {
  const prefs = [
    "udp.try_heuristic_first:TRUE",
    "tcp.try_heuristic_first:TRUE",
    "tcp.desegment_tcp_streams:TRUE",
    "tcp.analyze_sequence_numbers:TRUE",
    "sip.desegment_headers:TRUE",
    "sip.desegment_body:TRUE",
    "ip.check_checksum:TRUE",
    "udp.check_checksum:TRUE",
    "tcp.check_checksum:TRUE",
  ];
  return [
    ...["-r", pcapPath, "-n"],
    ...["--enable-heuristic", "sip_udp", "--enable-heuristic", "sip_tcp"],
    ...prefs.flatMap((p) => ["-o", p]),
    ...["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", `aggregator=${AGG}`],
    ...["-e", "frame.number", "-e", "sip.Method", "-e", "sip.Status-Code", "-e", "_ws.malformed"],
    ...["-e", "_ws.expert.severity", "-e", "_ws.expert.message"],
  ];
}

const split = (field: string | undefined): string[] => (field ? field.split(AGG) : []);

/** Reads one `-T fields` line into a SIP message count and an issue, if the frame has one. */
function parseFrame(line: string): { frame: number; sip: number; issue?: TsharkFrameIssue } {
  const [frameText, methods, statuses, malformed, severities, messages] = line.split("\t");
  const frame = Number(frameText);
  const sip = split(methods).length + split(statuses).length;
  const worst = Math.max(0, ...split(severities).map(Number));
  // Keep the messages of warnings and errors only; chats (SYN seen…) are noise here.
  const notable = split(messages).filter((_m, i) => Number(split(severities)[i]) >= PI_WARN);
  if (malformed || worst >= PI_ERROR)
    return { frame, sip, issue: { frame, severity: "error", messages: notable } };
  if (worst >= PI_WARN) return { frame, sip, issue: { frame, severity: "warning", messages: notable } };
  return { frame, sip };
}

/** Reads tshark's `-T fields` output into counts; `expectBroken` frames are listed, not counted. */
function summarize(stdout: string, options: TsharkCheckOptions): TsharkCheck {
  const broken = new Set(options.expectBroken ?? []);
  const result: TsharkCheck = {
    available: true,
    malformed: 0,
    warnings: 0,
    sipMessages: 0,
    issues: [],
    details: "",
  };
  const lines: string[] = [];
  for (const line of stdout.split("\n")) {
    if (line === "") continue;
    const { frame, sip, issue } = parseFrame(line);
    result.sipMessages += sip;
    if (!issue) continue;
    result.issues.push(issue);
    if (broken.has(frame)) continue;
    if (issue.severity === "error") result.malformed++;
    else result.warnings++;
    lines.push(`frame ${frame}: ${issue.severity}: ${issue.messages.join("; ")}`);
  }
  result.details = lines.join("\n");
  return result;
}

const NOT_INSTALLED: TsharkCheck = {
  available: false,
  malformed: 0,
  warnings: 0,
  sipMessages: 0,
  issues: [],
  details: "tshark not installed",
};

/**
 * Decodes a pcap file with tshark (no shell) and reports malformed frames, expert warnings and
 * how many SIP messages it found on any UDP/TCP port.
 *
 * @returns `available: false` (counts 0) when tshark is not installed.
 * @throws Error when tshark fails, e.g. the file is damaged or cut short: a writer bug, too.
 */
export function tsharkMalformed(pcapPath: string, options: TsharkCheckOptions = {}): TsharkCheck {
  const run = spawnSync(options.tshark ?? "tshark", tsharkArgs(pcapPath), {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (run.error) {
    if ((run.error as NodeJS.ErrnoException).code === "ENOENT") return { ...NOT_INSTALLED };
    throw new Error(`tshark on ${pcapPath} failed: ${run.error.message}`);
  }
  if (run.status !== 0) {
    throw new Error(`tshark on ${pcapPath} exited with ${run.status ?? run.signal}: ${run.stderr.trim()}`);
  }
  return summarize(run.stdout, options);
}

/** {@link tsharkMalformed} without blocking, so several files can be checked at once. */
export function tsharkMalformedAsync(
  pcapPath: string,
  options: TsharkCheckOptions = {},
): Promise<TsharkCheck> {
  return new Promise((resolve, reject) => {
    execFile(
      options.tshark ?? "tshark",
      tsharkArgs(pcapPath),
      { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT") resolve({ ...NOT_INSTALLED });
        else if (error) reject(new Error(`tshark on ${pcapPath} failed: ${error.message} ${stderr.trim()}`));
        else resolve(summarize(stdout, options));
      },
    );
  });
}
