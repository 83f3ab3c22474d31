import { AgentError, isRecord } from '../errors';
import type { Citation, RunEvent } from '../events';
import { hostOf, isHttpUrl } from '../url';
import type { SseMessage } from '../sse';
import type { AcpMessage, AcpMessagePart, AcpRun } from './wire';

/**
 * Maps ACP stream events (`data:` JSON told apart by `type`) to RunEvents. Text parts become
 * deltas, citation metadata citations, trajectory metadata progress, `run.awaiting` an await.
 * Unknown events become progress, never a failure.
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
      event = JSON.parse(message.data);
    } catch {
      out.push({ type: 'progress', kind: 'debug', message: `unreadable event: ${message.data.slice(0, 100)}` });
      return;
    }
    if (!isRecord(event)) return;
    const run = isRecord(event.run) ? (event.run as unknown as AcpRun) : undefined;
    if (run?.run_id) this.runId = run.run_id;
    switch (event.type) {
      case 'run.created':
        out.push({ type: 'started', ...(run?.run_id ? { runId: run.run_id } : {}), ...(run?.session_id ? { sessionId: run.session_id } : {}) });
        return;
      case 'run.in-progress':
        out.push({ type: 'progress', kind: 'status', message: 'Working' });
        return;
      case 'message.created':
        this.partsInMessage = 0;
        for (const part of messageParts(event.message)) this.part(part, out);
        return;
      case 'message.part':
        if (isRecord(event.part)) this.part(event.part as AcpMessagePart, out);
        return;
      case 'message.completed':
        // Servers that send whole messages only: take the parts we have not seen streamed.
        if (this.partsInMessage === 0) for (const part of messageParts(event.message)) this.part(part, out);
        this.partsInMessage = 0;
        return;
      case 'generic':
        out.push({ type: 'progress', kind: 'debug', message: `generic: ${JSON.stringify(event.generic).slice(0, 200)}` });
        return;
      default:
        if (run) this.runEnd(String(event.type), run, out);
        else if (event.type === 'error' || event.type === 'run.error') this.fail(isRecord(event.error) ? event.error : {}, out);
        else out.push({ type: 'progress', kind: 'debug', message: String(event.type ?? 'event') });
    }
  }

  /** The events a whole Run stands for (sync mode, or a stream's last word). */
  runEnd(type: string, run: AcpRun, out: RunEvent[]): void {
    switch (type === 'run' ? `run.${run.status}` : type) {
      case 'run.completed':
        if (!this.textSeen) for (const message of run.output ?? []) for (const part of messageParts(message)) this.part(part, out);
        this.finished = true;
        out.push({ type: 'done' });
        return;
      case 'run.awaiting': {
        if (!this.textSeen) for (const message of run.output ?? []) for (const part of messageParts(message)) this.part(part, out);
        this.finished = true;
        const prompt = messageParts(run.await_request?.message).map((p) => p.content ?? '').join('').trim();
        out.push({ type: 'await', runId: run.run_id, prompt: prompt || 'The agent needs your input.' });
        return;
      }
      case 'run.failed':
        this.fail(run.error ?? {}, out);
        return;
      case 'run.cancelled':
        this.finished = true;
        out.push({ type: 'error', error: new AgentError('aborted', `${this.server}: the run was cancelled`), partialText: '' });
        return;
      case 'run.created':
      case 'run.in-progress':
      case 'run.cancelling':
        out.push({ type: 'progress', kind: 'status', message: run.status });
        return;
      default:
        out.push({ type: 'progress', kind: 'debug', message: type });
    }
  }

  private fail(error: Record<string, unknown>, out: RunEvent[]): void {
    this.finished = true;
    const message = typeof error.message === 'string' ? error.message : 'unknown error';
    const code = typeof error.code === 'string' ? ` (${error.code})` : '';
    out.push({ type: 'error', error: new AgentError('failed', `${this.server}: the agent failed: ${message}${code}`, { action: { kind: 'retry' } }), partialText: '' });
  }

  private part(part: AcpMessagePart, out: RunEvent[]): void {
    this.partsInMessage++;
    const metadata = part.metadata;
    if (metadata?.kind === 'citation' && typeof metadata.url === 'string' && isHttpUrl(metadata.url)) {
      const citation: Citation = {
        index: ++this.citations,
        url: metadata.url,
        host: hostOf(metadata.url),
        title: metadata.title || hostOf(metadata.url) || metadata.url,
        snippet: metadata.description ?? '',
      };
      out.push({ type: 'citations', citations: [citation] });
    } else if (metadata?.kind === 'trajectory') {
      const step = metadata.message || (metadata.tool_name ? `Using ${metadata.tool_name}` : '');
      if (step) out.push({ type: 'progress', kind: 'step', message: step });
    }
    const text = partText(part);
    if (text) {
      this.textSeen = true;
      out.push({ type: 'text', delta: text });
    }
  }
}

const TEXT_TYPES = /^text\/(plain|markdown|x-markdown)\b/i;

/** A part as answer text: text types as they are (base64 decoded), anything else as an attachment line. */
export function partText(part: AcpMessagePart): string {
  const type = part.content_type || 'text/plain';
  if (TEXT_TYPES.test(type)) {
    if (part.content == null) return part.content_url ? attachmentLine(part, type) : '';
    return part.content_encoding === 'base64' ? decodeBase64(part.content) : part.content;
  }
  if (part.content == null && !part.content_url) return '';
  return attachmentLine(part, type);
}

function attachmentLine(part: AcpMessagePart, type: string): string {
  const name = (part.name || 'attachment').replace(/[[\]\n]/g, ' ');
  if (part.content_url && isHttpUrl(part.content_url)) return `\n\n📎 [${name}](${part.content_url}) (${type})\n\n`;
  const size = part.content ? ` ${part.content_encoding === 'base64' ? Math.floor((part.content.length * 3) / 4) : part.content.length} bytes` : '';
  return `\n\n📎 ${name} (${type}${size})\n\n`;
}

function decodeBase64(text: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

function messageParts(message: unknown): AcpMessagePart[] {
  if (!isRecord(message) || !Array.isArray(message.parts)) return [];
  return message.parts.filter(isRecord) as AcpMessagePart[];
}

export function textMessage(text: string, role = 'user'): AcpMessage {
  return { role, parts: [{ content_type: 'text/plain', content: text }] };
}
