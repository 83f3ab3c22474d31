import { l10n, TabInputText, type Terminal, type TextDocument, type Uri, window, workspace } from 'vscode';
import {
  attachmentsLabel,
  fileAttachment,
  fitAttachments,
  formatBytes,
  questionWithAttachments,
  terminalAttachment,
  type Attachment,
} from '../../core/context/attachments';
import type { Log } from '../../core/redact';
import type { AttachKind, AttachmentChip } from '../../shared/messages';
import { attachedQuestionLabel, terminalChipLabel, versionsChipLabel } from '../common/code/attachmentText';
import { byteLength } from '../../core/context/fence';
import { versionsLine, withVersionsLine, type LibraryVersionShown } from '../../core/context/versionsLine';
import { MAX_KILOBYTES_SETTING } from '../../core/settings';
import type { LastEditor } from './editors';
import { PROPOSED_SCHEME } from './proposedContent';

/** The id of the versions chip (attachment ids are "a1", "a2"…). */
export const VERSIONS_CHIP = 'versions';

/**
 * Context attached to the next question of the chat shown. The views show every attachment as a
 * chip; the next ask takes them all and clears them. Leaving the chat drops them, so nothing is
 * sent that the user does not see attached. Attached files add one more chip, "Versions: …", with
 * the locked versions of the libraries they import; removing it leaves the versions out.
 */
export class ContextAttachments {
  private items: Attachment[] = [];
  private conversationId: string | undefined;
  private next = 1;
  /** The attached files' documents, by attachment id: their imports decide the versions chip. */
  private readonly documents = new Map<string, TextDocument>();
  /** The versions the chip shows; only these are sent, and none once the user removed the chip. */
  private versions: LibraryVersionShown[] = [];
  private versionsRemoved = false;
  /** Counts lookups, so a slower, older one does not overwrite a newer result. */
  private versionsLookup = 0;

  constructor(
    private readonly editors: LastEditor,
    /** Sends the chips to every chat view. */
    private readonly post: (items: AttachmentChip[]) => void,
    private readonly log: Log,
    /** `youAgents.context.maxKilobytes`, validated with the other settings. */
    private readonly maxKilobytes: () => number,
    /** The library versions an attached file's imports resolve to (src/host/code/libraryVersions.ts). */
    private readonly versionsOf: (document: TextDocument) => Promise<LibraryVersionShown[]> = async () => [],
  ) {}

  chips(): AttachmentChip[] {
    const chips = this.items.map(({ id, label, bytes }) => ({ id, label, bytes }));
    const line = this.versionsRemoved ? undefined : versionsLine(this.versions);
    if (line) chips.push({ id: VERSIONS_CHIP, label: versionsChipLabel(this.versions, l10n.t), bytes: byteLength(line) });
    return chips;
  }

  /** The chat shown changed (new chat, history): its attachments go. */
  conversationShown(id: string): void {
    if (id === this.conversationId) return;
    this.conversationId = id;
    if (this.items.length === 0) return;
    this.clear();
  }

  private clear(): void {
    this.items = [];
    this.documents.clear();
    this.versions = [];
    this.versionsRemoved = false;
    this.versionsLookup++;
    this.post([]);
  }

  /** Looks up the versions the attached files' imports resolve to, and shows them as a chip. */
  private async refreshVersions(): Promise<void> {
    const lookup = ++this.versionsLookup;
    const found = (await Promise.all([...this.documents.values()].map((d) => this.versionsOf(d)))).flat();
    if (lookup !== this.versionsLookup) return;
    const seen = new Set<string>();
    this.versions = found.filter((v) => !seen.has(v.name) && seen.add(v.name));
    this.post(this.chips());
  }

  async attach(what: AttachKind): Promise<boolean> {
    const candidates = what === 'file' ? this.currentFile() : what === 'editors' ? await this.otherEditors() : this.terminalSelection();
    if (!candidates || candidates.length === 0) return false;
    const maxKb = this.maxKilobytes();
    const { added, skipped } = fitAttachments(this.items, candidates, maxKb * 1024);
    this.items = [...this.items, ...added];
    if (added.length) this.post(this.chips());
    if (added.some((a) => this.documents.has(a.id))) void this.refreshVersions();
    for (const candidate of candidates) if (!added.includes(candidate)) this.documents.delete(candidate.id);
    const tooLarge = skipped.filter((s) => s.reason === 'too-large').map((s) => s.label);
    if (tooLarge.length) {
      void window.showWarningMessage(
        l10n.t(
          'Not attached, over the limit of {0} KB for one question: {1}. Remove attachments, or raise youAgents.{2}.',
          maxKb,
          tooLarge.join(', '),
          MAX_KILOBYTES_SETTING,
        ),
      );
    }
    const duplicates = skipped.filter((s) => s.reason === 'duplicate').map((s) => s.label);
    if (duplicates.length && !added.length && !tooLarge.length)
      void window.showInformationMessage(l10n.t('Attached already: {0}', duplicates.join(', ')));
    return added.length > 0;
  }

  detach(id: string): void {
    if (id === VERSIONS_CHIP) {
      this.versionsRemoved = true;
      this.post(this.chips());
      return;
    }
    const before = this.items.length;
    this.items = this.items.filter((a) => a.id !== id);
    if (this.items.length === before) return;
    this.post(this.chips());
    if (this.documents.delete(id)) void this.refreshVersions();
  }

  /** The question with the attachments, for the next ask; they are cleared. */
  take(text: string): { question: string; label?: string } {
    if (this.items.length === 0) return { question: text };
    const items = this.items;
    const versions = this.versionsRemoved ? [] : this.versions;
    const versionsChip = this.chips().find((c) => c.id === VERSIONS_CHIP);
    this.clear();
    this.log.info(`asking with ${items.length} attachment(s), ${formatBytes(items.reduce((n, a) => n + a.bytes, 0))}`);
    const shown = versionsChip ? [...items, { label: versionsChip.label }] : items;
    const label = attachmentsLabel(text, shown, (question, labels) => attachedQuestionLabel(question, labels, l10n.t));
    return { question: withVersionsLine(questionWithAttachments(text, items), versions), ...(label ? { label } : {}) };
  }

  private id(): string {
    return `a${this.next++}`;
  }

  private currentFile(): Attachment[] | undefined {
    const editor = this.editors.get();
    if (!editor) {
      void window.showInformationMessage(l10n.t('Open a file to attach it.'));
      return undefined;
    }
    return [this.fromDocument(editor.document)];
  }

  /** Every file open in a tab except the current one. */
  private async otherEditors(): Promise<Attachment[] | undefined> {
    const current = this.editors.get()?.document.uri.toString();
    const seen = new Set<string>();
    const uris: Uri[] = [];
    for (const tab of window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (!(tab.input instanceof TabInputText)) continue;
      const uri = tab.input.uri;
      const key = uri.toString();
      if (key === current || seen.has(key) || uri.scheme === PROPOSED_SCHEME) continue;
      seen.add(key);
      uris.push(uri);
    }
    if (uris.length === 0) {
      void window.showInformationMessage(l10n.t('No other editors are open.'));
      return undefined;
    }
    const documents = await Promise.all(uris.map((uri) => Promise.resolve(workspace.openTextDocument(uri)).catch(() => undefined)));
    return documents.filter((d): d is TextDocument => d !== undefined).map((d) => this.fromDocument(d));
  }

  /** `Terminal.selection` exists only in newer VS Code; older ones cannot tell an extension what is selected. */
  private terminalSelection(): Attachment[] | undefined {
    const terminal = window.activeTerminal;
    if (!terminal) {
      void window.showInformationMessage(l10n.t('Open a terminal and select its output first.'));
      return undefined;
    }
    const selection = readTerminalSelection(terminal);
    if (selection === UNSUPPORTED) {
      void window.showInformationMessage(
        l10n.t('This version of VS Code does not let extensions read the terminal selection. Copy it and paste it into the question instead.'),
      );
      return undefined;
    }
    if (typeof selection !== 'string' || !selection.trim()) {
      void window.showInformationMessage(l10n.t('Select some text in the terminal first.'));
      return undefined;
    }
    return [terminalAttachment(this.id(), terminal.name, selection, terminalChipLabel(terminal.name, l10n.t))];
  }

  private fromDocument(document: TextDocument): Attachment {
    const file = document.isUntitled ? document.uri.path : workspace.asRelativePath(document.uri, false);
    const attachment = fileAttachment(this.id(), file, document.languageId, document.getText());
    this.documents.set(attachment.id, document);
    return attachment;
  }
}

const UNSUPPORTED = Symbol('unsupported');

/** The getter is missing in older VS Code, and throws where the API is still proposed. */
function readTerminalSelection(terminal: Terminal): unknown {
  if (!('selection' in terminal)) return UNSUPPORTED;
  try {
    return (terminal as { selection?: unknown }).selection;
  } catch {
    return UNSUPPORTED;
  }
}
