import {
  CodeAction,
  type CodeActionContext,
  CodeActionKind,
  type CodeActionProvider,
  Diagnostic,
  DiagnosticSeverity,
  l10n,
  languages,
  type Position,
  Range,
  type TextDocument,
  Uri,
  window,
  workspace,
} from 'vscode';
import { DEFAULT_MAX_KILOBYTES } from '../../core/context/attachments';
import { byteLength } from '../../core/context/fence';
import { problemLabel, problemQuestion, PROBLEM_CONTEXT_LINES, PROBLEM_MAX_LINES, type ProblemInfo, type Severity } from '../../core/context/problem';
import { withVersionsLine, type LibraryVersionShown } from '../../core/context/versionsLine';
import { versionsQuestionLabel } from '../common/code/attachmentText';

export const ASK_ABOUT_PROBLEM = 'youAgents.askAboutProblem';

/** Sends a question and shows the chat; `label` is what the chat shows. */
export type Ask = (question: string, label: string) => Promise<void>;

/** "Ask You.com about this problem" in the Quick Fix menu of every diagnostic, in every language. */
export class ProblemActions implements CodeActionProvider {
  static readonly kinds = [CodeActionKind.QuickFix];

  provideCodeActions(document: TextDocument, _range: Range, context: CodeActionContext): CodeAction[] {
    const diagnostics = context.diagnostics.slice(0, 5);
    return diagnostics.map((diagnostic) => {
      const title =
        diagnostics.length === 1 ? l10n.t('Ask You.com about this problem') : l10n.t('Ask You.com about: {0}', shorten(diagnostic.message, 60));
      const action = new CodeAction(title, CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = { command: ASK_ABOUT_PROBLEM, title, arguments: [document.uri, diagnostic] };
      return action;
    });
  }
}

/** The versions of the libraries some code of a document uses (src/host/code/libraryVersions.ts). */
export type VersionsFor = (document: TextDocument, code: string) => Promise<LibraryVersionShown[]>;

/**
 * The command: with arguments from the Quick Fix, that problem; without, the problem under the
 * cursor. The question is capped by `youAgents.context.maxKilobytes`, and its label shows its size.
 * The Quick Fix sends at once, so the versions line shows in the question's label and "What was
 * sent" rather than in the composer; the setting turns it off.
 */
export async function askAboutProblem(
  ask: Ask,
  uri?: unknown,
  diagnostic?: unknown,
  maxKilobytes = DEFAULT_MAX_KILOBYTES,
  versionsFor?: VersionsFor,
): Promise<void> {
  let document: TextDocument | undefined;
  let problem: Diagnostic | undefined;
  if (uri instanceof Uri && isDiagnostic(diagnostic)) {
    document = await workspace.openTextDocument(uri);
    problem = diagnostic;
  } else {
    const editor = window.activeTextEditor;
    if (!editor) {
      void window.showInformationMessage(l10n.t('Open a file and place the cursor on a problem first.'));
      return;
    }
    document = editor.document;
    problem = problemAt(languages.getDiagnostics(document.uri), editor.selection.active);
    if (!problem) {
      void window.showInformationMessage(l10n.t('There is no problem at the cursor. Place it on a squiggly underline first.'));
      return;
    }
  }
  const info = problemInfo(document, problem);
  const doc = document;
  const lines = { count: doc.lineCount, at: (i: number) => doc.lineAt(i).text };
  const question = problemQuestion(info, lines, l10n.t('Explain this problem and how to fix it.'), maxKilobytes * 1024);
  // The imports the versions are looked up for: the lines around the problem, as many as are sent.
  const first = Math.max(0, info.range.startLine - PROBLEM_CONTEXT_LINES);
  const last = Math.min(doc.lineCount - 1, info.range.endLine + PROBLEM_CONTEXT_LINES, first + PROBLEM_MAX_LINES - 1);
  const around: string[] = [];
  for (let i = first; i <= last; i++) around.push(doc.lineAt(i).text);
  const versions = (await versionsFor?.(doc, around.join('\n'))) ?? [];
  const sent = withVersionsLine(question, versions);
  await ask(sent, versionsQuestionLabel(problemLabel(info, byteLength(sent)), versions, l10n.t));
}

/** The problem under the cursor: one whose range holds it, else one on its line; the most severe first. */
function problemAt(diagnostics: readonly Diagnostic[], position: Position): Diagnostic | undefined {
  const bySeverity = [...diagnostics].sort((a, b) => a.severity - b.severity);
  return bySeverity.find((d) => d.range.contains(position)) ?? bySeverity.find((d) => d.range.start.line <= position.line && position.line <= d.range.end.line);
}

function problemInfo(document: TextDocument, d: Diagnostic): ProblemInfo {
  const severities: Record<DiagnosticSeverity, Severity> = {
    [DiagnosticSeverity.Error]: 'error',
    [DiagnosticSeverity.Warning]: 'warning',
    [DiagnosticSeverity.Information]: 'information',
    [DiagnosticSeverity.Hint]: 'hint',
  };
  const code = typeof d.code === 'object' ? { value: d.code.value, target: d.code.target.toString(true) } : d.code;
  return {
    message: d.message,
    ...(code !== undefined ? { code } : {}),
    ...(d.source ? { source: d.source } : {}),
    severity: severities[d.severity] ?? 'error',
    range: { startLine: d.range.start.line, startCharacter: d.range.start.character, endLine: d.range.end.line, endCharacter: d.range.end.character },
    languageId: document.languageId,
    file: workspace.asRelativePath(document.uri, false),
  };
}

function isDiagnostic(value: unknown): value is Diagnostic {
  return (
    value instanceof Diagnostic ||
    (typeof value === 'object' && value !== null && 'message' in value && (value as { range?: unknown }).range instanceof Range)
  );
}

function shorten(text: string, max: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
