/** The chat's sidebar view and editor panel types (package.json names them too). */
export const CHAT_VIEW = 'youAgents.chat';
export const CHAT_PANEL = 'youAgents.chatPanel';
