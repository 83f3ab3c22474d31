// The chat webview's entry point (browser bundle).
export {};
