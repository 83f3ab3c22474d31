import { type Disposable, FileType, type TextDocument, Uri, workspace } from 'vscode';
import type * as VersionsModule from '../../core/context/versions';
import { ecosystemOf } from '../../core/context/imports';
import type { Log } from '../../core/redact';
import type { LibraryVersionShown } from '../../core/context/versionsLine';

/**
 * The library versions that go with a question about code: the host side of
 * src/core/context/versions.ts. The resolver and its parsers are their own bundle
 * (dist/versions.js), required on the first question about code, never on activation. Nothing is
 * read in an untrusted workspace, with `youAgents.context.libraryVersions` off, or outside the
 * workspace folders (the resolver walks up from the file to its folder and no further).
 */

/** The longest a question waits for versions; later ones fill the cache for the next question. */
const WAIT_MS = 3000;

type VersionsBundle = typeof VersionsModule;

export class LibraryVersions implements Disposable {
  private service: ReturnType<VersionsBundle['createVersionResolver']> | undefined;
  private readonly settingWatch: Disposable;

  constructor(
    private readonly extensionUri: Uri,
    private readonly log: Log,
    /** `youAgents.context.libraryVersions`. */
    private readonly enabled: () => boolean,
  ) {
    // One line when the setting changes, so the log says from when on questions go with or without
    // versions (and an end-to-end test can wait for VS Code to have read a changed settings file).
    // Read from the configuration here: the settings service, which refreshes `enabled`, may hear of the change after this listener.
    this.settingWatch = workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('youAgents.context.libraryVersions')) return;
      const on = workspace.getConfiguration('youAgents').get<unknown>('context.libraryVersions') !== false;
      this.log.info(`library versions: ${on ? 'on' : 'off'} (youAgents.context.libraryVersions changed)`);
    });
  }

  dispose(): void {
    this.settingWatch.dispose();
  }

  /**
   * The versions of the libraries `code` uses (it imports them, or names what `document` imports),
   * from the nearest lockfile; [] when off, untrusted, outside the workspace or not found in time.
   */
  async forCode(document: TextDocument, code: string): Promise<LibraryVersionShown[]> {
    if (!this.enabled() || !workspace.isTrusted) return [];
    const ecosystem = ecosystemOf(document.languageId, document.uri.path);
    const folders = (workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === document.uri.scheme && f.uri.authority === document.uri.authority);
    if (!ecosystem || !workspace.getWorkspaceFolder(document.uri) || folders.length === 0) return [];
    const work = (async () => {
      const service = this.load(folders[0]!.uri);
      const found = await service.versionsFor({ file: document.uri.path, roots: folders.map((f) => f.uri.path), ecosystem, code, context: document.getText() });
      return found.map(({ name, version, exact }) => ({ name, version, exact }));
    })().catch((error: unknown) => {
      this.log.warn(`library versions: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<LibraryVersionShown[]>((resolve) => (timer = setTimeout(() => resolve([]), WAIT_MS)));
    const result = await Promise.race([work, late]);
    clearTimeout(timer);
    return result;
  }

  private load(base: Uri): ReturnType<VersionsBundle['createVersionResolver']> {
    if (this.service) return this.service;
    const modulePath = Uri.joinPath(this.extensionUri, 'dist', 'versions.js').fsPath;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path into dist/, loaded on first use
    const bundle = require(modulePath) as VersionsBundle;
    this.service = bundle.createVersionResolver(workspaceFiles(base), (line) => this.log.info(line));
    return this.service;
  }
}

/** The resolver's file access through VS Code's file system (local, remote and virtual workspaces alike). */
function workspaceFiles(base: Uri): VersionsModule.WorkspaceFiles {
  const uri = (path: string) => base.with({ path });
  return {
    async stat(path) {
      try {
        const stat = await workspace.fs.stat(uri(path));
        return stat.type & FileType.File ? { mtime: stat.mtime, size: stat.size } : undefined;
      } catch {
        return undefined;
      }
    },
    async read(path) {
      return new TextDecoder().decode(await workspace.fs.readFile(uri(path)));
    },
    async list(dir) {
      try {
        return (await workspace.fs.readDirectory(uri(dir))).map(([name]) => name);
      } catch {
        return [];
      }
    },
  };
}
