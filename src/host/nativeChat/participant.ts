import {
  type CancellationToken,
  chat,
  type ChatContext,
  type ChatFollowupProvider,
  type ChatRequest,
  type ChatRequestHandler,
  ChatRequestTurn,
  ChatResponseMarkdownPart,
  type ChatResponseStream,
  ChatResponseTurn,
  type ChatResult,
  type Disposable,
  l10n,
  MarkdownString,
  Uri,
} from 'vscode';
import { isAgentError } from '../../core/errors';
import { errorText } from '../../core/errorText';
import { escapeInline } from '../../core/exportMarkdown';
import { chooseAgent, errorButtons, followupsFor, PARTICIPANT_ID, retryQuery, type AnswerMetadata } from '../common/nativeChat/choices';
import type { NativeChatDeps } from './deps';
import { questionWithContext, type ChatTurn } from '../common/nativeChat/question';
import { streamRunToChat, type ChatSink } from '../common/nativeChat/render';
import { abortOn, startRun } from './runs';

/**
 * `@you` in VS Code's Chat view: the question (with earlier turns as context) goes to a You.com
 * agent, and its run events become Markdown, progress, references, buttons and follow-ups.
 */
export function registerParticipant(deps: NativeChatDeps): Disposable {
  const participant = chat.createChatParticipant(PARTICIPANT_ID, participantHandler(deps));
  if (deps.extensionUri) participant.iconPath = Uri.joinPath(deps.extensionUri, 'media', 'you.svg');
  participant.followupProvider = participantFollowups;
  return participant;
}

/** What `@you` runs on a request (the bootstrap registers the participant and hands requests here). */
export function participantHandler(deps: NativeChatDeps): ChatRequestHandler {
  return (request, context, stream, token) => answer(deps, request, context, stream, token);
}

/** The follow-ups a finished answer suggests. */
export const participantFollowups: ChatFollowupProvider = {
  provideFollowups: (result) =>
    followupsFor(result.metadata as AnswerMetadata | undefined, l10n.t).map((f) => ({
      prompt: f.prompt,
      label: f.label,
      participant: PARTICIPANT_ID,
      ...(f.command ? { command: f.command } : {}),
    })),
};

async function answer(
  deps: NativeChatDeps,
  request: ChatRequest,
  context: ChatContext,
  stream: ChatResponseStream,
  token: CancellationToken,
): Promise<ChatResult> {
  const prompt = request.prompt.trim();
  if (!prompt) {
    stream.markdown(l10n.t('Ask a question after `@you`. `/express` answers fast, `/advanced` reasons in steps, `/research` researches in depth.'));
    return {};
  }
  const choice = chooseAgent(request.command, request.model, deps.defaultAgentId());
  const metadata: AnswerMetadata = { question: prompt, agentId: choice.agentId, ...(request.command ? { command: request.command } : {}), ok: false };
  const abort = abortOn(token);
  try {
    const run = startRun(deps, choice, questionWithContext(prompt, historyTurns(context.history), undefined, l10n.t), abort.signal);
    const outcome = isAgentError(run) ? { error: run } : await streamRunToChat(run, chatSink(stream), l10n.t);
    if (!outcome.error) return { metadata: { ...metadata, ok: true } };
    if (token.isCancellationRequested || outcome.error.kind === 'aborted') return { metadata };
    deps.log.warn(`native chat: ${outcome.error.message}`);
    // The error in the response, then its buttons (Set API Key, Retry...): VS Code draws a result's
    // errorDetails below every part, so buttons would stand above the text they act on.
    const text = errorText(outcome.error.reason, l10n.t);
    stream.markdown(new MarkdownString(`\n\n$(error) ${escapeInline(text)}\n`, true));
    const retry = { query: retryQuery(request.command, prompt), agentId: choice.agentId };
    for (const button of errorButtons(outcome.error.action, retry, l10n.t)) stream.button(button);
    return { metadata };
  } finally {
    abort.dispose();
  }
}

/**
 * A reference takes no title in VS Code's stable API (only the proposed `reference2` takes a
 * label, and a proposed API is off for published extensions), so the references list shows each
 * source's URL; the numbered sources list at the end gives the titles as Markdown links.
 */
function chatSink(stream: ChatResponseStream): ChatSink {
  return {
    markdown: (text) => stream.markdown(text),
    progress: (message) => stream.progress(message),
    reference: (url) => stream.reference(Uri.parse(url, true)),
  };
}

/** The Chat view's earlier turns with `@you`, as text (the Markdown parts of answers). */
function historyTurns(history: ChatContext['history']): ChatTurn[] {
  return history.flatMap((turn): ChatTurn[] => {
    if (turn instanceof ChatRequestTurn) return [{ role: 'user', text: turn.prompt }];
    if (turn instanceof ChatResponseTurn) {
      const text = turn.response.map((part) => (part instanceof ChatResponseMarkdownPart ? part.value.value : '')).join('');
      return [{ role: 'assistant', text }];
    }
    return [];
  });
}
