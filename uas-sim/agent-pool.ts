import { createAgent } from "./agent";
import type { Agent } from "./agent";
import type { AgentOptions } from "./agent-options";

export interface PoolOptions {
  /** Agents being created at the same time. Default 50. */
  concurrency?: number;
  /** Called with each agent as soon as it exists (e.g. to register it for cleanup). */
  onCreated?(agent: Agent): void;
}

/**
 * Runs `task` over 0..n-1 with at most `concurrency` in flight; results keep index order. After a
 * failure no new task starts, and the promise rejects only once the tasks in flight have settled,
 * so a caller cleaning up sees everything that was created.
 */
export async function mapBounded<T>(
  n: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(n);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < n && !failed) {
      const index = next++;
      try {
        results[index] = await task(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(Math.max(1, concurrency), n) }, worker);
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
  return results;
}

/**
 * Creates `n` agents, `optionsFor(i)` giving the options of agent i. If any creation fails the
 * agents already created are closed and the first error is thrown.
 */
export async function createAgents(
  n: number,
  optionsFor: (index: number) => AgentOptions,
  pool: PoolOptions = {},
): Promise<Agent[]> {
  const created: Agent[] = [];
  try {
    return await mapBounded(n, pool.concurrency ?? 50, async (i) => {
      const agent = await createAgent(optionsFor(i));
      created.push(agent);
      pool.onCreated?.(agent);
      return agent;
    });
  } catch (error) {
    await closeAll(created);
    throw error;
  }
}

/** Closes every agent; one failing close does not keep the others open. */
export async function closeAll(agents: Iterable<Agent>): Promise<void> {
  const results = await Promise.allSettled([...agents].map((a) => a.close()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
