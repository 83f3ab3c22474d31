// Bundled by the pseudo-locale test with `vscode` aliased to ./fakeVscode (the same module instance).
export { chatHtml } from '../../src/host/webviewHtml';
export { Uri, l10n } from './fakeVscode';
