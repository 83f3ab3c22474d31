import { installChatPage } from './chatPage';

// Imported first by tests of webview parts whose modules read the page when loaded (highlight.ts).
installChatPage();
