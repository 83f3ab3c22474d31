// Bundled by test/unit/host-actions.test.ts: HostActions, and the fake vscode's record of what it was asked.
export { HostActions } from '../../src/host/hostActions';
export { recorded } from './fakeVscode';
