import { attachmentName, mediaTypeLabel } from '../attachment';
import { bytesFromBase64 } from '../base64';
import { linkTarget } from '../exportMarkdown';
import { AgentError, isRecord, type ErrorReason } from '../errors';
import { parseRemoteJson } from '../json';
import { statusEvent, type Citation, type RunEvent } from '../events';
import { hostOf, isHttpUrl } from '../url';
import type { SseMessage } from '../sse';
import { isAcpId, type AcpMessage, type AcpRun } from './wire';

/**
 * Maps ACP stream events (`data:` JSON told apart by `type`) to RunEvents. Text parts become
 * deltas, citation metadata citations, trajectory metadata progress, `run.awaiting` an await.
 * Unknown events become progress, never a failure. Every field is type-checked before use:
 * the wire types in wire.ts describe a well-behaved server, not what arrives.
 */
export class AcpEventMapper {
  /** A terminal event arrived (completed, failed, cancelled, awaiting): the stream is over. */
  finished = false;
  runId: string | undefined;
  private citations = 0;
  private partsInMessage = 0;
  private textSeen = false;

  constructor(private readonly server: string) {}

  map(message: SseMessage, out: RunEvent[]): void {
    let event: unknown;
    try {
      event = parseRemoteJson(message.data);
    } catch {
      out.push({ type: 'progress', kind: 'debug', message: `unreadable event: ${message.data.slice(0, 100)}` });
      return;
    }
    if (!isRecord(event)) return;
    const run = isRecord(event.run) ? event.run : undefined;
    if (run && !this.acceptIds(run, out)) return;
    switch (event.type) {
      case 'run.created': {
        const sessionId = run ? optionalString(run.session_id) : undefined;
        out.push({ type: 'started', ...(this.runId ? { runId: this.runId } : {}), ...(sessionId ? { sessionId } : {}) });
        return;
      }
      case 'run.in-progress':
        out.push(statusEvent('working'));
        return;
      case 'message.created':
        this.partsInMessage = 0;
        for (const part of messageParts(event.message)) this.part(part, out);
        return;
      case 'message.part':
        if (isRecord(event.part)) this.part(event.part, out);
        return;
      case 'message.completed':
        // Servers that send whole messages only: take the parts we have not seen streamed.
        if (this.partsInMessage === 0) for (const part of messageParts(event.message)) this.part(part, out);
        this.partsInMessage = 0;
        return;
      case 'generic':
        out.push({ type: 'progress', kind: 'debug', message: `generic: ${String(JSON.stringify(event.generic)).slice(0, 200)}` });
        return;
      default: {
        const type = typeof event.type === 'string' ? event.type : 'event';
        if (run) this.runEnd(type, run, out);
        else if (type === 'error' || type === 'run.error') this.fail(isRecord(event.error) ? event.error : {}, out);
        else out.push({ type: 'progress', kind: 'debug', message: type.slice(0, 100) });
      }
    }
  }

  /**
   * Checks a Run's ids before they reach a URL or an event; an invalid one ends the run with a
   * protocol error. Returns whether the run may be used.
   */
  acceptIds(run: Record<string, unknown>, out: RunEvent[]): boolean {
    const { run_id: runId, session_id: sessionId } = run;
    const badRun = runId !== undefined && !isAcpId(runId);
    const badSession = sessionId != null && !isAcpId(sessionId);
    if (badRun || badSession) {
      this.finished = true;
      out.push(errorEvent('protocol', { code: 'protocol', service: this.server, problem: badRun ? 'run-id' : 'session-id' }));
      return false;
    }
    if (isAcpId(runId)) this.runId = runId;
    return true;
  }

  /** The events a whole Run stands for (sync mode, or a stream's last word). Call acceptIds first. */
  runEnd(type: string, run: Record<string, unknown> | AcpRun, out: RunEvent[]): void {
    const record = run as Record<string, unknown>;
    const status = typeof record.status === 'string' ? record.status : '';
    const output = Array.isArray(record.output) ? record.output : [];
    switch (type === 'run' ? `run.${status}` : type) {
      case 'run.completed':
        if (!this.textSeen) for (const message of output) for (const part of messageParts(message)) this.part(part, out);
        this.finished = true;
        out.push({ type: 'done' });
        return;
      case 'run.awaiting': {
        if (!this.textSeen) for (const message of output) for (const part of messageParts(message)) this.part(part, out);
        this.finished = true;
        const runId = isAcpId(record.run_id) ? record.run_id : this.runId;
        if (!runId) {
          out.push(errorEvent('protocol', { code: 'protocol', service: this.server, problem: 'await-without-run' }));
          return;
        }
        const request = isRecord(record.await_request) ? record.await_request : {};
        const prompt = messageParts(request.message).map((p) => optionalString(p.content) ?? '').join('').trim();
        out.push({ type: 'await', runId, prompt });
        return;
      }
      case 'run.failed':
        this.fail(isRecord(record.error) ? record.error : {}, out);
        return;
      case 'run.cancelled':
        this.finished = true;
        out.push({ type: 'error', error: new AgentError('aborted', { code: 'cancelled', service: this.server }), partialText: '' });
        return;
      case 'run.created':
        out.push(statusEvent('starting'));
        return;
      case 'run.in-progress':
        out.push(statusEvent('working'));
        return;
      case 'run.cancelling':
        out.push(statusEvent('cancelling'));
        return;
      default:
        out.push({ type: 'progress', kind: 'debug', message: type.slice(0, 100) });
    }
  }

  private fail(error: Record<string, unknown>, out: RunEvent[]): void {
    this.finished = true;
    const message = typeof error.message === 'string' && error.message ? { message: error.message } : {};
    const agentCode = typeof error.code === 'string' && error.code ? { agentCode: error.code } : {};
    out.push(errorEvent('failed', { code: 'agent-failed', service: this.server, ...message, ...agentCode }));
  }

  private part(part: Record<string, unknown>, out: RunEvent[]): void {
    this.partsInMessage++;
    const metadata = isRecord(part.metadata) ? part.metadata : {};
    const url = optionalString(metadata.url);
    if (metadata.kind === 'citation' && url && isHttpUrl(url)) {
      const host = hostOf(url);
      const citation: Citation = {
        index: ++this.citations,
        url,
        host,
        title: optionalString(metadata.title)?.trim() || host || url,
        snippet: optionalString(metadata.description) ?? '',
      };
      out.push({ type: 'citations', citations: [citation] });
    } else if (metadata.kind === 'trajectory') {
      const tool = optionalString(metadata.tool_name);
      const step = optionalString(metadata.message) || (tool ? `Using ${tool}` : '');
      if (step) out.push({ type: 'progress', kind: 'step', message: step });
    }
    const text = partText(part);
    if (text) {
      this.textSeen = true;
      out.push({ type: 'text', delta: text });
    }
  }
}

function errorEvent(kind: 'protocol' | 'failed', reason: ErrorReason): RunEvent {
  return { type: 'error', error: new AgentError(kind, reason, { action: { kind: 'retry' } }), partialText: '' };
}

const TEXT_TYPES = /^text\/(plain|markdown|x-markdown)\b/i;

/** A part as answer text: text types as they are (base64 decoded), anything else as an attachment line. */
export function partText(part: Record<string, unknown>): string {
  const type = optionalString(part.content_type) || 'text/plain';
  const content = optionalString(part.content);
  const contentUrl = optionalString(part.content_url);
  const base64 = part.content_encoding === 'base64';
  if (TEXT_TYPES.test(type)) {
    if (content === undefined) return contentUrl ? attachmentLine(part, type, content, contentUrl, base64) : '';
    return base64 ? decodeBase64(content) : content;
  }
  if (content === undefined && !contentUrl) return '';
  return attachmentLine(part, type, content, contentUrl, base64);
}

function attachmentLine(part: Record<string, unknown>, type: string, content: string | undefined, contentUrl: string | undefined, base64: boolean): string {
  const name = attachmentName(part.name, 'attachment');
  const safeType = mediaTypeLabel(type);
  const href = contentUrl ? linkTarget(contentUrl) : undefined;
  if (href) return `\n\n📎 [${name}](${href}) (${safeType})\n\n`;
  const size = content ? ` ${base64 ? Math.floor((content.length * 3) / 4) : content.length} bytes` : '';
  return `\n\n📎 ${name} (${safeType}${size})\n\n`;
}

function decodeBase64(text: string): string {
  try {
    return new TextDecoder().decode(bytesFromBase64(text));
  } catch {
    return '';
  }
}

function messageParts(message: unknown): Record<string, unknown>[] {
  if (!isRecord(message) || !Array.isArray(message.parts)) return [];
  return message.parts.filter(isRecord);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function textMessage(text: string, role = 'user'): AcpMessage {
  return { role, parts: [{ content_type: 'text/plain', content: text }] };
}
