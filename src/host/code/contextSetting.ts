import * as vscode from 'vscode';
import { DEFAULT_MAX_KILOBYTES } from '../../core/context/attachments';
import type { Log } from '../../core/redact';

export const MAX_KILOBYTES_SETTING = 'context.maxKilobytes';
const LIMIT = 10_000;

/**
 * The cap on context attached to one question, in kilobytes. Read here until it moves into
 * src/core/settings.ts with the other settings; a bad value is reported and the default used.
 */
export function maxContextKilobytes(log: Log): number {
  const value = vscode.workspace.getConfiguration('youAgents').get<unknown>(MAX_KILOBYTES_SETTING, DEFAULT_MAX_KILOBYTES);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= LIMIT) return value;
  log.warn(`youAgents.${MAX_KILOBYTES_SETTING} must be a whole number from 1 to ${LIMIT}; using ${DEFAULT_MAX_KILOBYTES}`);
  return DEFAULT_MAX_KILOBYTES;
}
