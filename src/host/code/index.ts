import { commands, type Disposable, EventEmitter, languages, type Range, type TextDocument, Uri, workspace } from 'vscode';
import type { Log } from '../../core/redact';
import type { Settings } from '../../core/settings';
import type { AttachKind, AttachmentChip, HostMessage } from '../../shared/messages';
import type { ChatController } from '../chatController';
import type { CodePort } from '../common/webviewHandlers';
import { SelectionAnchors } from './anchors';
import { ApplyFlow } from './applyFlow';
import { ContextAttachments } from './attachments';
import { LastEditor } from './editors';
import { LibraryVersions } from './libraryVersions';
import type { LibraryVersionShown } from '../../core/context/versionsLine';
import { askAboutProblem, ASK_ABOUT_PROBLEM, ProblemActions } from './problems';
import { PROPOSED_SCHEME, ProposedContent } from './proposedContent';

export interface CodeFeatureDeps {
  controller: ChatController;
  log: Log;
  /** The validated settings the extension holds. */
  settings: () => Settings;
  /** Where dist/ is: the library versions' bundle is loaded from there on first use. */
  extensionUri: Uri;
}

/** What the code features' commands need from the chat views (ChatSurfaces). */
export interface ChatViewsPort {
  /** Sends a message to every chat view. */
  postToViews(message: HostMessage): void;
  /** Shows the chat there, without taking focus from the editor. */
  reveal(where: 'sidebar' | 'editor'): Promise<void>;
  /** Shows the chat and focuses its composer. */
  focusComposer(): Promise<void>;
}

/**
 * Editor-grade code features: apply a block as a reviewed diff, ask about a problem, attach context.
 * Created before the chat views, which it does not know: their message handlers use it as their
 * CodePort, and `registerCodeFeatures` registers its commands and providers and connects it to the
 * views (the chips it announces, the chat it reveals).
 */
export class CodeFeatures implements CodePort, Disposable {
  readonly editors = new LastEditor();
  readonly anchors = new SelectionAnchors();
  readonly content = new ProposedContent();
  readonly applyFlow: ApplyFlow;
  readonly attachments: ContextAttachments;
  readonly versions: LibraryVersions;
  private readonly chipsChanged = new EventEmitter<AttachmentChip[]>();
  /** The chips of the chat shown changed: every view should show these. */
  readonly onDidChangeChips = this.chipsChanged.event;

  constructor(readonly deps: CodeFeatureDeps) {
    this.versions = new LibraryVersions(deps.extensionUri, deps.log, () => deps.settings().libraryVersions);
    const questionOf = (turnId: string) => deps.controller.current.turns.find((t) => t.id === turnId)?.question;
    this.applyFlow = new ApplyFlow(this.content, this.anchors, this.editors, questionOf, deps.log);
    this.attachments = new ContextAttachments(
      this.editors,
      (items) => this.chipsChanged.fire(items),
      deps.log,
      () => deps.settings().contextMaxKilobytes,
      (document) => this.versions.forCode(document, document.getText()),
    );
  }

  /** For "Ask about Selection…": the turn sending `question` is about this range, for Apply. */
  rememberSelection(question: string, document: TextDocument, selection: Range): void {
    this.anchors.remember(question, document, selection);
  }

  /** The versions of the libraries `code` (in `document`) uses, for "Ask about Selection…". */
  versionsFor(document: TextDocument, code: string): Promise<LibraryVersionShown[]> {
    return this.versions.forCode(document, code);
  }

  apply(code: string, turnId?: string): Promise<void> {
    return this.applyFlow.propose(code, turnId);
  }

  /** Resolves true when something was attached. */
  attach(what: AttachKind): Promise<boolean> {
    this.attachments.conversationShown(this.deps.controller.current.id);
    return this.attachments.attach(what);
  }

  detach(id: string): void {
    this.attachments.detach(id);
  }

  chips(): AttachmentChip[] {
    return this.attachments.chips();
  }

  takeForAsk(text: string): { question: string; label?: string } {
    this.attachments.conversationShown(this.deps.controller.current.id);
    return this.attachments.take(text);
  }

  dispose(): void {
    this.editors.dispose();
    this.anchors.dispose();
    this.applyFlow.dispose();
    this.chipsChanged.dispose();
    this.versions.dispose();
  }
}

/** The code features' commands and providers; `openIn` is where the user wants the chat shown. */
export function registerCodeFeatures(code: CodeFeatures, views: ChatViewsPort, openIn: () => 'sidebar' | 'editor'): Disposable[] {
  const { controller } = code.deps;
  const ask = async (question: string, label: string) => {
    await views.reveal(openIn());
    await controller.ask(question, label);
  };
  return [
    code,
    code.onDidChangeChips((items) => views.postToViews({ type: 'attachments', items })),
    workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, code.content),
    languages.registerCodeActionsProvider('*', new ProblemActions(), { providedCodeActionKinds: ProblemActions.kinds }),
    commands.registerCommand(ASK_ABOUT_PROBLEM, (uri?: unknown, diagnostic?: unknown) =>
      askAboutProblem(ask, uri, diagnostic, code.deps.settings().contextMaxKilobytes, (document, text) => code.versionsFor(document, text)),
    ),
    commands.registerCommand('youAgents.acceptApply', (uri?: unknown) => code.applyFlow.accept(uri instanceof Uri ? uri : undefined)),
    commands.registerCommand('youAgents.discardApply', (uri?: unknown) => code.applyFlow.discard(uri instanceof Uri ? uri : undefined)),
    commands.registerCommand('youAgents.attachTerminalSelection', async () => {
      if (await code.attach('terminal')) await views.focusComposer();
    }),
    commands.registerCommand('youAgents.attachCurrentFile', async () => {
      if (await code.attach('file')) await views.focusComposer();
    }),
    // Attachments belong to the chat shown: a state for another conversation drops them.
    controller.onDidShowConversation((conversationId) => code.attachments.conversationShown(conversationId)),
  ];
}
