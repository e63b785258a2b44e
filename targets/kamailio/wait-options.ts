/**
 * Waits until a SIP server answers OPTIONS over UDP with a 200.
 *
 * Usage: node -r ts-node/register targets/kamailio/wait-options.ts HOST PORT [TIMEOUT_S]
 * Exit status 0 when a 200 arrived, 1 on timeout or bad arguments.
 * Self-contained on purpose: start.sh must not depend on the rest of the repo.
 */
import { createSocket } from "node:dgram";
import { randomBytes } from "node:crypto";

const RETRY_MS = 250;

function optionsRequest(host: string, port: number, localPort: number, attempt: number): string {
  const token = randomBytes(6).toString("hex");
  return [
    `OPTIONS sip:${host}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${token}${attempt};rport`,
    "Max-Forwards: 70",
    `From: <sip:probe@siplab.invalid>;tag=${token}`,
    `To: <sip:${host}:${port}>`,
    `Call-ID: wait-options-${token}`,
    `CSeq: ${attempt} OPTIONS`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

function main(argv: string[]): void {
  const [host, portText, timeoutText = "20"] = argv;
  const port = Number(portText);
  const timeoutMs = Number(timeoutText) * 1000;
  if (!host || !Number.isInteger(port) || !(timeoutMs > 0)) {
    console.error("usage: wait-options.ts HOST PORT [TIMEOUT_S]");
    process.exitCode = 1;
    return;
  }
  const socket = createSocket("udp4");
  let attempt = 0;
  const finish = (ok: boolean, text: string): void => {
    clearInterval(sender);
    clearTimeout(deadline);
    socket.close();
    if (ok) console.log(text);
    else console.error(text);
    process.exitCode = ok ? 0 : 1;
  };
  const send = (): void => {
    attempt += 1;
    const request = optionsRequest(host, port, socket.address().port, attempt);
    socket.send(request, port, host);
  };
  socket.on("message", (data) => {
    const statusLine = data.toString("utf8").split("\r\n", 1)[0] ?? "";
    if (/^SIP\/2\.0 200 /.test(statusLine)) finish(true, `OPTIONS answered: ${statusLine}`);
  });
  // An unconnected UDP socket gets no ICMP errors, so any error here is real.
  socket.on("error", (err) => finish(false, `wait-options: ${err.message}`));
  const sender = setInterval(send, RETRY_MS);
  const deadline = setTimeout(
    () => finish(false, `wait-options: no 200 to OPTIONS from ${host}:${port} within ${timeoutText} s`),
    timeoutMs,
  );
  socket.bind(0, "127.0.0.1", send);
}

main(process.argv.slice(2));
