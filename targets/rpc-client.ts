/** A JSON-RPC 2.0 call over HTTP POST, as Kamailio's jsonrpcs and our reference server accept it. */
export async function rpcCall(url: string, method: string, params: unknown = []): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", method, params, id: 1 }),
  });
  const text = await res.text();
  let body: { result?: unknown; error?: { code: number; message: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${method}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (body.error) throw new Error(`${method}: error ${body.error.code}: ${body.error.message}`);
  return body.result;
}
