import { commands, type Disposable, l10n, type QuickInputButton, type QuickPickItem, ThemeIcon, window } from 'vscode';
import type { HistoryEntry } from '../../../core/history';
import type { HistorySearch, SearchHit } from '../../../core/historySearch';
import { confirmDelete, formatSize, listOrWarn, renameAsked, type HistoryCommandDeps } from './dialogs';

/** Typing pauses this long before a full-text search starts (each key press would be wasted work). */
const SEARCH_DELAY_MS = 150;

type Item = QuickPickItem & { id: string };

/** "Show History": the conversations newest first, searched as the user types; open, rename or delete one. */
export function registerShowHistory(deps: HistoryCommandDeps, search: HistorySearch): Disposable {
  return commands.registerCommand('youAgents.showHistory', async () => {
    const conversations = await listOrWarn(deps);
    if (!conversations) return;
    new HistoryPicker(deps, search, conversations).show();
    // Read the conversations while the user types, so the first search is quick.
    void search.warm().catch((err: unknown) => deps.log.warn(`history search could not read history: ${String(err)}`));
  });
}

/** One open history picker: its entries, the search running for what is typed, its buttons. */
class HistoryPicker {
  private readonly pick = window.createQuickPick<Item>();
  private readonly renameButton: QuickInputButton = { iconPath: new ThemeIcon('edit'), tooltip: l10n.t('Rename') };
  private readonly deleteButton: QuickInputButton = { iconPath: new ThemeIcon('trash'), tooltip: l10n.t('Delete') };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: AbortController | undefined;

  constructor(
    private readonly deps: HistoryCommandDeps,
    private readonly search: HistorySearch,
    private entries: HistoryEntry[],
  ) {
    const { pick } = this;
    pick.title = l10n.t('Chat history');
    pick.placeholder = entries.length ? l10n.t('Search all conversations, or pick one to open') : l10n.t('No saved conversations yet');
    pick.matchOnDescription = true;
    pick.items = entries.map((entry) => this.entryItem(entry));
    pick.onDidChangeValue((value) => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.runSearch(value), SEARCH_DELAY_MS);
    });
    pick.onDidTriggerItemButton(({ item, button }) => this.pressed(item, button));
    pick.onDidAccept(() => this.accept());
    pick.onDidHide(() => {
      clearTimeout(this.timer);
      this.running?.abort();
      pick.dispose();
    });
  }

  show(): void {
    this.pick.show();
  }

  private entryItem(entry: HistoryEntry): Item {
    const detail = [l10n.t('{0} question(s)', entry.turns), entry.agentLabel, formatSize(entry.bytes)].filter(Boolean).join(' · ');
    const description = new Date(entry.updatedAt).toLocaleString();
    return { id: entry.id, label: entry.title, description, detail, buttons: [this.renameButton, this.deleteButton] };
  }

  /** A search hit shows where the words were found; the picker must not filter it out again by label. */
  private hitItem(hit: SearchHit): Item {
    return { ...this.entryItem(hit.entry), detail: `${hit.field === 'title' ? '' : '$(search) '}${hit.snippet}`, alwaysShow: true };
  }

  private async runSearch(query: string): Promise<void> {
    const { pick } = this;
    this.running?.abort();
    if (!query.trim()) {
      pick.busy = false;
      pick.items = this.entries.map((entry) => this.entryItem(entry));
      return;
    }
    const thisSearch = new AbortController();
    this.running = thisSearch;
    pick.busy = true;
    try {
      const hits = await this.search.search(query, { signal: thisSearch.signal });
      if (this.running !== thisSearch) return;
      pick.items = hits.map((hit) => this.hitItem(hit));
    } catch (err) {
      if (!thisSearch.signal.aborted) this.deps.log.warn(`history search failed: ${String(err)}`);
    } finally {
      if (this.running === thisSearch) pick.busy = false;
    }
  }

  private async pressed(item: Item, button: QuickInputButton): Promise<void> {
    const entry = this.entries.find((c) => c.id === item.id);
    if (!entry) return;
    if (button !== this.deleteButton) {
      this.pick.hide();
      await renameAsked(this.deps, entry.id, entry.title);
      return;
    }
    // Asks first, as Delete Chat does; the picker stays open behind the modal dialog.
    this.pick.ignoreFocusOut = true;
    const confirmed = await confirmDelete(entry.title);
    this.pick.ignoreFocusOut = false;
    if (!confirmed) return;
    await this.deps.controller.deleteConversation(item.id);
    this.entries = this.entries.filter((c) => c.id !== item.id);
    await this.runSearch(this.pick.value);
  }

  private async accept(): Promise<void> {
    const item = this.pick.selectedItems[0];
    this.pick.hide();
    if (item && (await this.deps.controller.open(item.id))) await this.deps.reveal();
  }
}
