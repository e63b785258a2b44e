import { ConfigError } from "./config/config";
import { configFromArgs, USAGE } from "./cli-args";
import { createServer } from "./server";

async function main(): Promise<void> {
  let config;
  try {
    config = configFromArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`siplab: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (config === "help") {
    console.log(USAGE);
    return;
  }
  const server = await createServer(config, {
    onError: (err) => console.error(`siplab: survived error: ${(err as Error)?.stack ?? String(err)}`),
  });
  const { host, port } = server.address;
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
}

main().catch((err: unknown) => {
  console.error(`siplab: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
