/**
 * The versions line that goes with a question about code, and what the user sees of it. Kept
 * apart from the resolver (a lazily loaded bundle with the parsers) because the extension needs
 * only this to show and send the line.
 */

export interface LibraryVersionShown {
  name: string;
  version: string;
  /** false: a constraint from a manifest, shown as written (">=2.31"). */
  exact: boolean;
}

/** What is shown and sent for each library: "react 18.3.1", "requests >=2.31". */
export function libraryText(libraries: readonly LibraryVersionShown[]): string {
  return libraries.map((l) => `${l.name} ${l.version}`).join(', ');
}

/** The line after the question, in English like the rest of what goes to the agent; undefined without libraries. */
export function versionsLine(libraries: readonly LibraryVersionShown[]): string | undefined {
  return libraries.length ? `Versions used by this project: ${libraryText(libraries)}` : undefined;
}

/** The question as sent: the question (with its code), then the versions line. */
export function withVersionsLine(question: string, libraries: readonly LibraryVersionShown[]): string {
  const line = versionsLine(libraries);
  return line ? `${question}\n\n${line}` : question;
}
