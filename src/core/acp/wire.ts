/** ACP 0.2.0 wire shapes (docs/protocols.md §2), only as far as the client reads them. */
export interface AcpMessagePart {
  name?: string | null;
  content_type?: string | null;
  content?: string | null;
  content_encoding?: 'plain' | 'base64' | null;
  content_url?: string | null;
  metadata?: AcpCitationMetadata | AcpTrajectoryMetadata | null;
}

export interface AcpCitationMetadata {
  kind: 'citation';
  start_index?: number | null;
  end_index?: number | null;
  url?: string | null;
  title?: string | null;
  description?: string | null;
}

export interface AcpTrajectoryMetadata {
  kind: 'trajectory';
  message?: string | null;
  tool_name?: string | null;
  tool_input?: unknown;
  tool_output?: unknown;
}

export interface AcpMessage {
  role: string;
  parts: AcpMessagePart[];
  created_at?: string | null;
  completed_at?: string | null;
}

export type AcpRunStatus = 'created' | 'in-progress' | 'awaiting' | 'cancelling' | 'cancelled' | 'completed' | 'failed';

export interface AcpRun {
  run_id: string;
  agent_name: string;
  session_id?: string | null;
  status: AcpRunStatus;
  await_request?: { type: 'message'; message: AcpMessage } | null;
  output: AcpMessage[];
  error?: { code: string; message: string; data?: unknown } | null;
  created_at?: string;
  finished_at?: string | null;
}

export interface AcpAgentManifest {
  name: string;
  description?: string | null;
  input_content_types?: string[];
  output_content_types?: string[];
  metadata?: Record<string, unknown>;
}

export type AcpMode = 'sync' | 'async' | 'stream';

/**
 * Run and session ids as the client accepts them from a server or a caller: they go into URL
 * paths and events, so anything else (slashes, dots-only, control characters, huge strings) is refused.
 */
const ACP_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isAcpId(value: unknown): value is string {
  return typeof value === 'string' && ACP_ID.test(value);
}
