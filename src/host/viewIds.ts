/** The chat's sidebar view and editor panel types (package.json names them too). */
export const CHAT_VIEW = 'youAgents.chat';
export const CHAT_PANEL = 'youAgents.chatPanel';

/**
 * The chat keeps its page while hidden (side bar closed, another tab in front): reopening shows the
 * same page, an unsent draft included, without writing and parsing it again. It costs the page's
 * memory while hidden, measured by the bench (`view_hidden_mb`).
 */
export const KEEP_PAGE_WHEN_HIDDEN = { retainContextWhenHidden: true } as const;
