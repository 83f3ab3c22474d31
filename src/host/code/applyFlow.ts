import {
  commands,
  type Disposable,
  EndOfLine,
  l10n,
  Range,
  Selection,
  TabInputTextDiff,
  type TextDocument,
  Uri,
  window,
  workspace,
  WorkspaceEdit,
} from 'vscode';
import { applyBlock, conflictOf, fitBlock, locateAnchor, type OffsetRange, type Snapshot } from '../../core/context/applyBlock';
import type { Log } from '../../core/redact';
import type { SelectionAnchors } from './anchors';
import type { LastEditor } from './editors';
import { PROPOSED_SCHEME, type ProposedContent } from './proposedContent';

interface Proposal {
  target: Uri;
  proposed: Uri;
  snapshot: Snapshot;
  range: OffsetRange;
  code: string;
}

/** Where a block goes: a document and a range in it (empty: an insertion). */
interface Target {
  document: TextDocument;
  range: OffsetRange;
}

const PENDING_CONTEXT = 'youAgents.applyPending';

/**
 * "Apply to editor": shows the file with the block applied as a diff, and writes nothing until the
 * user accepts; Accept is one WorkspaceEdit (one undo step) and is refused when the file changed
 * after the diff was computed.
 */
export class ApplyFlow implements Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private next = 1;
  /** A diff closed by hand is a Discard: its proposal goes. */
  private readonly tabs = window.tabGroups.onDidChangeTabs((e) => {
    for (const tab of e.closed) {
      if (!(tab.input instanceof TabInputTextDiff)) continue;
      const proposal = this.proposals.get(tab.input.modified.toString());
      if (proposal) void this.close(proposal);
    }
  });

  constructor(
    private readonly content: ProposedContent,
    private readonly anchors: SelectionAnchors,
    private readonly editors: LastEditor,
    /** The question a turn sent, to find the selection it asked about. */
    private readonly questionOf: (turnId: string) => string | undefined,
    private readonly log: Log,
  ) {}

  async propose(code: string, turnId?: string): Promise<void> {
    const target = await this.target(turnId);
    if (!target) return;
    const { document, range } = target;
    const text = document.getText();
    const eol = document.eol === EndOfLine.CRLF ? '\r\n' : '\n';
    const fitted = fitBlock(code, text.slice(range.start, range.end), eol);
    const name = document.uri.path.split('/').pop() || 'untitled';
    const proposed = Uri.from({ scheme: PROPOSED_SCHEME, path: `/${this.next++}/${name}` });
    this.content.set(proposed, applyBlock(text, range, fitted));
    this.proposals.set(proposed.toString(), { target: document.uri, proposed, snapshot: { version: document.version, text }, range, code: fitted });
    void commands.executeCommand('setContext', PENDING_CONTEXT, true);
    const title = l10n.t('{0} ↔ with the code applied (review, then Accept or Discard)', name);
    await commands.executeCommand('vscode.diff', document.uri, proposed, title, { preview: false });
    const accept = l10n.t('Accept');
    const discard = l10n.t('Discard');
    const choice = await window.showInformationMessage(
      l10n.t('Apply the code to {0}? Nothing is changed until you accept.', name),
      accept,
      discard,
    );
    if (choice === accept) await this.accept(proposed);
    else if (choice === discard) await this.discard(proposed);
  }

  /** Accept from the diff's title bar (its resource) or the notification; without one, the newest proposal. */
  async accept(uri?: Uri): Promise<void> {
    const proposal = this.find(uri);
    if (!proposal) return;
    const name = proposal.target.path.split('/').pop() ?? '';
    const document = workspace.textDocuments.find((d) => d.uri.toString() === proposal.target.toString());
    const conflict = conflictOf(proposal.snapshot, document && { version: document.version, text: document.getText() });
    if (conflict || !document) {
      await this.close(proposal);
      void window.showWarningMessage(
        conflict === 'closed'
          ? l10n.t('{0} was closed after the diff was made; nothing was applied. Apply the code again.', name)
          : l10n.t('{0} changed after the diff was made; nothing was applied. Apply the code again to see a fresh diff.', name),
      );
      return;
    }
    const range = new Range(document.positionAt(proposal.range.start), document.positionAt(proposal.range.end));
    const edit = new WorkspaceEdit();
    edit.replace(proposal.target, range, proposal.code);
    const applied = await workspace.applyEdit(edit);
    await this.close(proposal);
    if (!applied) {
      this.log.warn(`applying a code block to ${name} was refused by VS Code`);
      void window.showWarningMessage(l10n.t('The code could not be applied to {0}.', name));
      return;
    }
    const end = document.positionAt(proposal.range.start + proposal.code.length);
    const editor = await window.showTextDocument(document, { preview: false });
    editor.selection = new Selection(range.start, end);
    editor.revealRange(new Range(range.start, end));
  }

  async discard(uri?: Uri): Promise<void> {
    const proposal = this.find(uri);
    if (proposal) await this.close(proposal);
  }

  private find(uri?: Uri): Proposal | undefined {
    const proposal = uri?.scheme === PROPOSED_SCHEME ? this.proposals.get(uri.toString()) : [...this.proposals.values()].at(-1);
    if (!proposal)
      void window.showInformationMessage(l10n.t('There is no proposed change to accept or discard (it was applied or discarded already).'));
    return proposal;
  }

  private async close(proposal: Proposal): Promise<void> {
    const key = proposal.proposed.toString();
    if (!this.proposals.delete(key)) return;
    const tabs = window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((tab) => tab.input instanceof TabInputTextDiff && tab.input.modified.toString() === key);
    if (tabs.length) await window.tabGroups.close(tabs);
    this.content.delete(proposal.proposed);
    if (this.proposals.size === 0) void commands.executeCommand('setContext', PENDING_CONTEXT, false);
  }

  /** The selection a turn asked about (tracked since), else the editor's selection, else its cursor. */
  private async target(turnId?: string): Promise<Target | undefined> {
    const question = turnId ? this.questionOf(turnId) : undefined;
    const anchor = question !== undefined ? this.anchors.get(question) : undefined;
    if (anchor) {
      let document: TextDocument;
      try {
        document = await workspace.openTextDocument(anchor.uri);
      } catch {
        void window.showWarningMessage(
          l10n.t('The file this answer is about cannot be opened any more: {0}', workspace.asRelativePath(anchor.uri, false)),
        );
        return undefined;
      }
      const range = locateAnchor(anchor, document.getText(), document.version);
      if (range) return { document, range };
      void window.showWarningMessage(
        l10n.t(
          'The code this answer is about is no longer in {0}. Select what the block should replace and apply it again.',
          workspace.asRelativePath(anchor.uri, false),
        ),
      );
      return undefined;
    }
    const editor = this.editors.get();
    if (!editor) {
      void window.showInformationMessage(
        l10n.t('Open the file to apply the code to, and select what it replaces (or place the cursor where it goes).'),
      );
      return undefined;
    }
    const { document, selection } = editor;
    return { document, range: { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) } };
  }

  dispose(): void {
    this.tabs.dispose();
    this.proposals.clear();
  }
}
