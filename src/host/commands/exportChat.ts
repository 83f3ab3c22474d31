import { commands, type Disposable, l10n, Uri, window, workspace } from 'vscode';
import { conversationToMarkdown } from '../../core/exportMarkdown';
import { redact } from '../../core/redact';
import type { CommandDeps } from './deps';

/** "Export Chat": the chat shown, as Markdown, saved where the user picks and opened. */
export function registerExportChat({ controller, keys, context }: CommandDeps): Disposable {
  return commands.registerCommand('youAgents.exportChat', async () => {
    const conversation = controller.current;
    if (conversation.turns.length === 0) {
      void window.showInformationMessage(l10n.t('There is nothing to export yet.'));
      return;
    }
    const name = `${conversation.title.replace(/[^\w -]+/g, '').trim().slice(0, 50) || 'chat'}.md`;
    const folder = workspace.workspaceFolders?.[0]?.uri ?? context.globalStorageUri;
    const target = await window.showSaveDialog({
      defaultUri: Uri.joinPath(folder, name),
      filters: { Markdown: ['md'] },
      title: l10n.t('Export chat as Markdown'),
    });
    if (!target) return;
    // An answer may quote a key back (a careless agent or server): the export passes the one redaction too.
    await workspace.fs.writeFile(target, new TextEncoder().encode(redact(conversationToMarkdown(conversation), keys.all())));
    await window.showTextDocument(target, { preview: true });
  });
}
