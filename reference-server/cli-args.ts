import { parseArgs } from "node:util";
import {
  applyModuleObject,
  baseConfig,
  ConfigError,
  loadConfigFile,
  parseSetOption,
  setParam,
  type ServerConfig,
} from "./config/config";
import { suggestion } from "./config/did-you-mean";

export const USAGE = `usage: npm start -- --listen HOST:PORT --db FILE [options]

  --listen HOST:PORT   UDP and TCP address to serve (default 127.0.0.1:5060)
  --db FILE            SQLite file, created with Kamailio 5.6 tables if missing (default ./siplab.sqlite)
  --config FILE        JSON or YAML: { module: { param: value } }, e.g. {"registrar": {"default_expires": 3600}}
  --set M.P=V          one module parameter, repeatable (applied after --config)
  --domain NAME        a domain served as local, repeatable (default: every domain is local)
  --rpc HOST:PORT      JSON-RPC endpoint (default: 127.0.0.1 and the SIP port + 1); --no-rpc disables it
  --test-clock         virtual time, moved by the siplab.clock.advance RPC
  --test-clock-start MS
                       where virtual time starts (ms since the epoch), to resume it after a restart
  --exit-with-stdin    stop when stdin closes, so a server spawned by a harness dies with it
  --help               this text`;

const OPTIONS = {
  listen: { type: "string" },
  db: { type: "string" },
  config: { type: "string" },
  set: { type: "string", multiple: true },
  domain: { type: "string", multiple: true },
  rpc: { type: "string" },
  "no-rpc": { type: "boolean" },
  "test-clock": { type: "boolean" },
  "test-clock-start": { type: "string" },
  "exit-with-stdin": { type: "boolean" },
  help: { type: "boolean" },
} as const;

function hostPort(text: string, what: string): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new ConfigError(`${what} expects HOST:PORT, got "${text}"`);
  return { host: m[1].replace(/^\[|\]$/g, ""), port };
}

/** What the command line asks of the process besides the server config. */
export interface CliOptions {
  config: ServerConfig;
  exitWithStdin: boolean;
}

/** Turns argv into a ServerConfig, or throws a ConfigError that says what to fix. */
export function configFromArgs(argv: string[]): ServerConfig | "help" {
  const options = cliFromArgs(argv);
  return options === "help" ? "help" : options.config;
}

/** Turns argv into the server config and process options, or throws a ConfigError. */
export function cliFromArgs(argv: string[]): CliOptions | "help" {
  let values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const bad = /'(--[\w-]+)'/.exec((err as Error).message)?.[1];
    const hint = bad ? suggestion(bad.slice(2), Object.keys(OPTIONS)).replace(/"(\w[\w-]*)"/, '"--$1"') : "";
    throw new ConfigError(`${(err as Error).message}${hint}`);
  }
  if (values.help) return "help";
  const listen = hostPort(values.listen ?? "127.0.0.1:5060", "--listen");
  const config = baseConfig({
    host: listen.host,
    port: listen.port,
    dbPath: values.db ?? "./siplab.sqlite",
    domains: values.domain ?? [],
    testClock: values["test-clock"] ?? false,
  });
  if (values["test-clock-start"] !== undefined) {
    const start = Number(values["test-clock-start"]);
    if (!values["test-clock"] || !/^\d+$/.test(values["test-clock-start"]) || !Number.isSafeInteger(start)) {
      throw new ConfigError(
        `--test-clock-start expects milliseconds since the epoch together with --test-clock, got "${values["test-clock-start"]}"`,
      );
    }
    config.testClockStart = start;
  }
  config.rpc = values["no-rpc"]
    ? null
    : values.rpc
      ? hostPort(values.rpc, "--rpc")
      : { host: listen.host, port: listen.port === 0 ? 0 : listen.port + 1 };
  if (values.config) applyModuleObject(config.modules, loadConfigFile(values.config), values.config);
  for (const s of values.set ?? []) {
    const { module, name, value } = parseSetOption(s);
    setParam(config.modules, module, name, value);
  }
  return { config, exitWithStdin: values["exit-with-stdin"] ?? false };
}
