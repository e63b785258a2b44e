import { ConfigError } from "./config/config";
import { cliFromArgs, USAGE } from "./cli-args";
import { createServer } from "./server";

async function main(): Promise<void> {
  let options;
  try {
    options = cliFromArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`siplab: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  const { config } = options;
  const server = await createServer(config, {
    onError: (err) => console.error(`siplab: survived error: ${(err as Error)?.stack ?? String(err)}`),
  });
  const { host, port } = server.address;
  // Harnesses (targets/embedded/server-process.ts) read this line: keep its shape.
  console.log(
    `siplab reference server listening on udp+tcp ${host}:${port}; db ${config.dbPath}; rpc ${server.rpcUrl ?? "off"}; clock ${server.clock.kind}`,
  );
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`siplab: error while stopping on ${signal}: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  if (options.exitWithStdin) {
    // The parent holds the other end: when it goes away, however it died, so does this server.
    process.stdin.on("end", () => stop("end of stdin"));
    process.stdin.on("close", () => stop("end of stdin"));
    process.stdin.resume();
  }
}

main().catch((err: unknown) => {
  console.error(`siplab: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
