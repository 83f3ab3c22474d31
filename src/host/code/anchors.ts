import { type Disposable, type Range, type TextDocument, type TextDocumentChangeEvent, Uri, workspace } from 'vscode';
import { trackRangeThrough, type Anchor } from '../../core/context/applyBlock';

const MAX_ANCHORS = 50;

interface Remembered extends Anchor {
  uri: string;
}

/**
 * The selections questions were asked about, by the exact question text sent (a turn's `question`),
 * kept current while their documents are edited so "Apply" replaces the code asked about.
 */
export class SelectionAnchors implements Disposable {
  private readonly anchors = new Map<string, Remembered>();
  private readonly subscription = workspace.onDidChangeTextDocument((e) => this.track(e));

  remember(question: string, document: TextDocument, selection: Range): void {
    const range = { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) };
    this.anchors.delete(question);
    this.anchors.set(question, { uri: document.uri.toString(), range, original: document.getText(selection), version: document.version });
    // Bounded: the oldest questions are forgotten first (Map keeps insertion order).
    while (this.anchors.size > MAX_ANCHORS) this.anchors.delete(this.anchors.keys().next().value!);
  }

  get(question: string): (Anchor & { uri: Uri }) | undefined {
    const anchor = this.anchors.get(question);
    return anchor && { ...anchor, uri: Uri.parse(anchor.uri, true) };
  }

  private track(e: TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    for (const anchor of this.anchors.values()) {
      if (anchor.uri !== uri) continue;
      // Only a version we saw the previous change of continues the chain; otherwise locateAnchor searches.
      if (e.contentChanges.length === 0 || e.document.version !== anchor.version + 1) continue;
      anchor.range = trackRangeThrough(anchor.range, e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })));
      anchor.version = e.document.version;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.anchors.clear();
  }
}
