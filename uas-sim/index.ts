/** uas-sim: scriptable SIP user agents that drive a server under test and report what happened. */
export { Agent, createAgent } from "./agent";
export type { RegisterOptions, RequestOptions, WaitOptions } from "./agent";
export { isLoopback, resolveAgentOptions } from "./agent-options";
export type { AgentOptions, ResolvedAgentOptions, TransportName } from "./agent-options";
export { closeAll, createAgents, mapBounded } from "./agent-pool";
export type { PoolOptions } from "./agent-pool";
export { AnswerRules, DEFAULT_ACCEPTED_METHODS } from "./answer-rules";
export type { AnswerRule, AnswerSpec } from "./answer-rules";
export { chooseChallenge } from "./digest-client";
export type { Credentials } from "./digest-client";
export { SimError, WaitTimeoutError } from "./errors";
export type { SimErrorCode } from "./errors";
export { MessageLog, summarizeEntry } from "./message-log";
export type { LogEntry } from "./message-log";
export type { PublishOptions, SubscribeOptions } from "./requests";
export type { RequestPredicate, ResponsePredicate, WaitSpec } from "./waiters";
