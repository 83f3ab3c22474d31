/**
 * The parts of VS Code's chat API newer than our floor (`engines.vscode` ^1.90, `@types/vscode`
 * 1.90): language model tools (1.95), the model a chat request was made with (1.95) and language
 * model chat providers (1.104). Declared here, by hand and only as far as we use them, so the
 * extension still builds against 1.90; every use is guarded at run time (see ./capabilities.ts).
 * Shapes follow microsoft/vscode src/vscode-dts/vscode.d.ts.
 */
import 'vscode';

declare module 'vscode' {
  /** A text part of a language model message or response (1.95). */
  export class LanguageModelTextPart {
    value: string;
    constructor(value: string);
  }

  // ---- Language model chat providers (1.104) ----

  export interface LanguageModelChatInformation {
    readonly id: string;
    readonly name: string;
    readonly family: string;
    readonly version: string;
    readonly tooltip?: string;
    readonly detail?: string;
    readonly maxInputTokens: number;
    readonly maxOutputTokens: number;
    readonly capabilities: { readonly imageInput?: boolean; readonly toolCalling?: boolean | number };
  }

  export interface PrepareLanguageModelChatModelOptions {
    /** true: the provider must not prompt the user (no key dialogs). */
    readonly silent: boolean;
  }

  export interface LanguageModelChatRequestMessage {
    readonly role: LanguageModelChatMessageRole;
    readonly content: ReadonlyArray<unknown>;
    readonly name: string | undefined;
  }

  export interface ProvideLanguageModelChatResponseOptions {
    readonly modelOptions?: { readonly [name: string]: unknown };
    readonly tools?: readonly unknown[];
    readonly toolMode?: number;
  }

  export interface LanguageModelChatProvider<T extends LanguageModelChatInformation = LanguageModelChatInformation> {
    readonly onDidChangeLanguageModelChatInformation?: Event<void>;
    provideLanguageModelChatInformation(options: PrepareLanguageModelChatModelOptions, token: CancellationToken): ProviderResult<T[]>;
    provideLanguageModelChatResponse(
      model: T,
      messages: readonly LanguageModelChatRequestMessage[],
      options: ProvideLanguageModelChatResponseOptions,
      progress: Progress<LanguageModelTextPart | unknown>,
      token: CancellationToken,
    ): Thenable<void>;
    provideTokenCount(model: T, text: string | LanguageModelChatRequestMessage, token: CancellationToken): Thenable<number>;
  }

  // ---- Language model tools (1.95) ----

  export interface LanguageModelToolInformation {
    readonly name: string;
    readonly description: string;
    readonly inputSchema: object | undefined;
    readonly tags: readonly string[];
  }

  export interface LanguageModelToolInvocationOptions<T> {
    readonly toolInvocationToken: unknown;
    readonly input: T;
  }

  export interface LanguageModelToolInvocationPrepareOptions<T> {
    readonly input: T;
  }

  export interface LanguageModelToolConfirmationMessages {
    title: string;
    message: string | MarkdownString;
  }

  export interface PreparedToolInvocation {
    invocationMessage?: string | MarkdownString;
    confirmationMessages?: LanguageModelToolConfirmationMessages;
  }

  export class LanguageModelToolResult {
    content: Array<LanguageModelTextPart | unknown>;
    constructor(content: Array<LanguageModelTextPart | unknown>);
  }

  export interface LanguageModelTool<T> {
    invoke(options: LanguageModelToolInvocationOptions<T>, token: CancellationToken): ProviderResult<LanguageModelToolResult>;
    prepareInvocation?(options: LanguageModelToolInvocationPrepareOptions<T>, token: CancellationToken): ProviderResult<PreparedToolInvocation>;
  }

  export namespace lm {
    export function registerLanguageModelChatProvider(vendor: string, provider: LanguageModelChatProvider): Disposable;
    export function registerTool<T>(name: string, tool: LanguageModelTool<T>): Disposable;
    export const tools: readonly LanguageModelToolInformation[];
    export function invokeTool(name: string, options: LanguageModelToolInvocationOptions<object>, token?: CancellationToken): Thenable<LanguageModelToolResult>;
  }

  // ---- Chat participants: the model the request was made with (1.95) ----

  export interface ChatRequest {
    /** Absent before 1.95. */
    readonly model?: LanguageModelChat;
  }
}
