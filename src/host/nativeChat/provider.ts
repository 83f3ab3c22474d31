import {
  type CancellationToken,
  type Disposable,
  EventEmitter,
  l10n,
  type LanguageModelChatInformation,
  type LanguageModelChatProvider,
  type LanguageModelChatRequestMessage,
  LanguageModelTextPart,
  type Progress,
  type ProvideLanguageModelChatResponseOptions,
} from 'vscode';
import { isAgentError } from '../../core/errors';
import { modelInfo, offeredAgents } from '../common/nativeChat/choices';
import type { NativeChatDeps } from './deps';
import { questionFromMessages, type LmMessage } from '../common/nativeChat/question';
import { runToLmText } from '../common/nativeChat/render';
import { abortOn, errorText, startRun } from './runs';

/**
 * You.com agents as language models (vendor `you`): the Chat view can select them, which is what
 * lets `@you` run in a VS Code without Copilot, and other extensions can call them through `vscode.lm`.
 */
export class YouModelProvider implements LanguageModelChatProvider, Disposable {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(private readonly deps: NativeChatDeps) {}

  /** The agent list changed (settings, ACP discovery). */
  refresh(): void {
    this.changed.fire();
  }

  provideLanguageModelChatInformation(): LanguageModelChatInformation[] {
    return offeredAgents(this.deps.sources).map(modelInfo);
  }

  async provideLanguageModelChatResponse(
    model: LanguageModelChatInformation,
    messages: readonly LanguageModelChatRequestMessage[],
    _options: ProvideLanguageModelChatResponseOptions,
    progress: Progress<LanguageModelTextPart>,
    token: CancellationToken,
  ): Promise<void> {
    const question = questionFromMessages(messages.map(lmMessage), undefined, l10n.t);
    if (!question) throw new Error(l10n.t('You.com: the request has no user message to answer.'));
    const abort = abortOn(token);
    try {
      const run = startRun(this.deps, { agentId: model.id }, question, abort.signal);
      if (isAgentError(run)) throw run;
      for await (const text of runToLmText(run, l10n.t)) progress.report(new LanguageModelTextPart(text));
    } catch (err) {
      if (!isAgentError(err)) throw err;
      if (err.kind !== 'aborted') this.deps.log.warn(`language model ${model.id}: ${err.message}`);
      throw new Error(errorText(err), { cause: err });
    } finally {
      abort.dispose();
    }
  }

  /** A cheap estimate (4 characters a token): the agents do their own tokenizing server-side. */
  async provideTokenCount(_model: LanguageModelChatInformation, text: string | LanguageModelChatRequestMessage): Promise<number> {
    const chars = typeof text === 'string' ? text.length : lmMessage(text).text.length;
    return Math.ceil(chars / 4);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function lmMessage(message: LanguageModelChatRequestMessage): LmMessage {
  // LanguageModelChatMessageRole: User 1, Assistant 2, System 3 (proposed).
  const role = message.role === 2 ? 'assistant' : (message.role as number) === 3 ? 'system' : 'user';
  const content = message.content as unknown;
  const parts = typeof content === 'string' ? [content] : (content as readonly unknown[]);
  const text = parts.map((part) => (typeof part === 'string' ? part : part instanceof LanguageModelTextPart ? part.value : '')).join('');
  return { role, text };
}
