/** What a module decides to answer; the router turns it into a response on the transaction. */
export interface Reply {
  status: number;
  reason?: string;
  headers?: Array<[string, string]>;
  body?: Buffer;
  contentType?: string;
}

export function reply(status: number, reason?: string, headers: Array<[string, string]> = []): Reply {
  return { status, reason, headers };
}

/** REG-B-error-header: registrar errors explain themselves in P-Registrar-Error. */
export function registrarError(status: number, reason: string, explanation: string): Reply {
  return reply(status, reason, [["P-Registrar-Error", explanation]]);
}
