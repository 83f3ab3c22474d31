import { DEFAULT_NET_POLICY, type NetPolicy } from './net/http';
import type { Settings } from './settings';

/** The timeouts and retries of every request to an agent, from the settings; built here only. */
export interface RunPolicy {
  net: NetPolicy;
  /** A batch (non-streamed) answer's whole wait (youAgents.batchTimeoutMinutes). */
  batchDeadlineMs: number;
}

type PolicySettings = Pick<Settings, 'requestTimeoutSeconds' | 'retries' | 'batchTimeoutMinutes'>;

/** `retries` overrides youAgents.retries for requests that must not repeat (discovery, cancel, the key check). */
export function runPolicy(settings: PolicySettings, retries = settings.retries): RunPolicy {
  const timeoutMs = settings.requestTimeoutSeconds * 1000;
  return {
    net: { connectTimeoutMs: timeoutMs, idleTimeoutMs: timeoutMs, retry: { ...DEFAULT_NET_POLICY.retry, maxRetries: retries } },
    batchDeadlineMs: settings.batchTimeoutMinutes * 60_000,
  };
}
