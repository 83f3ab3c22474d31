import { type Disposable, EventEmitter, workspace } from 'vscode';
import type { Log } from '../core/redact';
import type { Settings } from '../core/settings';
import { loadSettings } from './config';

/** A change of `youAgents.*`: the settings before and after, and which sections it touched. */
export interface SettingsChange {
  readonly previous: Settings;
  readonly current: Settings;
  /** True when the change touched `youAgents.<section>` (VS Code's `affectsConfiguration`). */
  affects(section: string): boolean;
}

/**
 * The validated `youAgents.*` settings of this window. They are read once at creation and once per
 * configuration change (so each bad value is reported once per change), and `onDidChange` fires
 * only after the new settings are current: a listener never sees the old ones, whatever its order.
 */
export class SettingsService implements Disposable {
  private settings: Settings;
  private readonly changed = new EventEmitter<SettingsChange>();
  readonly onDidChange = this.changed.event;
  private readonly watch: Disposable;

  constructor(log: Log) {
    this.settings = loadSettings(log);
    this.watch = workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('youAgents')) return;
      const previous = this.settings;
      this.settings = loadSettings(log);
      this.changed.fire({ previous, current: this.settings, affects: (section) => event.affectsConfiguration(`youAgents.${section}`) });
    });
  }

  /** The settings now; an arrow, so `settings.current` can be handed on as a getter. */
  readonly current = (): Settings => this.settings;

  dispose(): void {
    this.watch.dispose();
    this.changed.dispose();
  }
}
