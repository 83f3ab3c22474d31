import type * as vscode from 'vscode';
import { redact, type Log } from '../core/redact';

/** The "You.com" log channel; every line passes through redaction of the keys we know. */
export function createLog(channel: vscode.LogOutputChannel, secrets: () => readonly (string | undefined)[]): Log {
  return {
    debug: (m) => channel.debug(redact(m, secrets())),
    info: (m) => channel.info(redact(m, secrets())),
    warn: (m) => channel.warn(redact(m, secrets())),
    error: (m) => channel.error(redact(m, secrets())),
  };
}
