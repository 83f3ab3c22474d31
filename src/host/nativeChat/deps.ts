import type * as vscode from 'vscode';
import type { Log } from '../../core/redact';
import type { Settings } from '../../core/settings';
import type { AgentSource } from '../common/agents';
import type { YouApis } from '../youApis';

/** What the native chat needs from the extension; the same sources and settings the webview chat uses. */
export interface NativeChatDeps {
  sources: readonly AgentSource[];
  log: Log;
  /** true when You.com runs can go out now: a key is stored (or a demo endpoint is set). */
  hasKey(): boolean;
  settings(): Settings;
  /** Where You.com runs go now (YouSource.endpoint()); the #youcom tool names its host. */
  youEndpoint(): { baseUrl: string; apiKey?: string } | undefined;
  /** The agent a plain `@you` question goes to (from `youAgents.defaultAgent`). */
  defaultAgentId(): string;
  /** The agent picked in the You.com chat (its picker, the status bar): what Ask in VS Code Chat asks. */
  pickedAgentId(): string;
  /** For the participant's icon. */
  extensionUri?: vscode.Uri;
  /** You.com Search and Contents, for the search tools (absent: the tools say they are unavailable). */
  apis?: Pick<YouApis, 'search' | 'contents' | 'searchHost'>;
  /** Fired when the agent list changes (ACP discovery). */
  onDidChangeAgents?: vscode.Event<void>;
  /** Fired after `settings()` changed (SettingsService), which may change the agent list too. */
  onDidChangeSettings?: vscode.Event<unknown>;
}
