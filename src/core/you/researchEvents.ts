import { AgentError } from '../errors';
import type { RunEvent } from '../events';
import { parseRemoteJson } from '../json';
import type { HttpResponse } from '../net/http';
import { linkCitationMarkers, researchCitations } from './researchCitations';
import type { ResearchOutput } from './researchWire';

/** The report's events: warnings as steps, then the sources, the report with linked markers, done. */
export function* outputEvents(output: ResearchOutput): Generator<RunEvent> {
  for (const warning of output.warnings) yield { type: 'progress', kind: 'step', message: warning };
  const citations = researchCitations(output.sources);
  if (citations.length > 0) yield { type: 'citations', citations };
  const text = output.contentType === 'text' ? linkCitationMarkers(output.content, citations) : output.content;
  if (text) yield { type: 'text', delta: text };
  yield { type: 'done' };
}

export function protocolError(problem: 'no-output' | 'not-json' | 'run-id'): AgentError {
  return new AgentError('protocol', { code: 'protocol', service: 'You.com', problem }, { action: { kind: 'retry' } });
}

export async function readJson(response: HttpResponse, maxBytes: number): Promise<unknown> {
  const text = await response.text(maxBytes);
  try {
    return parseRemoteJson(text);
  } catch {
    throw protocolError('not-json');
  }
}
