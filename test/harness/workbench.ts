import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

/** Where a chat webview is shown: the side bar (or the secondary side bar) or the editor area. */
export type ChatPlace = 'sidebar' | 'editor';
const PARTS: Record<ChatPlace, string> = { sidebar: '.part.sidebar, .part.auxiliarybar', editor: '.part.editor' };
/** The palette title of the focus command VS Code generates for the view `youAgents.chat` ("Chat" in "You.com Agents"). */
export const FOCUS_CHAT_VIEW = 'You.com Agents: Focus on Chat View';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const contains = (b: Box, x: number, y: number) => b.width > 0 && b.height > 0 && x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;

/** A webview frame is shown when its iframe and every enclosing iframe are visible (hidden webviews keep their frames). */
async function shown(frame: Frame): Promise<boolean> {
  for (let f: Frame | null = frame; f?.parentFrame(); f = f.parentFrame()) {
    if (!(await (await f.frameElement()).isVisible())) return false;
  }
  return true;
}

/** Drives a code-server workbench in Debian's headless Chromium. Every wait is on a condition, bounded. */
export class Workbench {
  private constructor(
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(url: string): Promise<Workbench> {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    const page = await context.newPage();
    // A dirty editor makes the browser ask before a reload; a user would confirm.
    page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
    const workbench = new Workbench(browser, context, page);
    await workbench.load(url);
    return workbench;
  }

  /** Opens `url`, or reloads the window the way a user does (Developer: Reload Window), which lets VS Code save its state first. */
  async load(url?: string): Promise<void> {
    // A loaded machine can take long to serve the workbench; the wait stays bounded.
    if (url) await this.page.goto(url, { timeout: 120_000 });
    else {
      const reloaded = this.page.waitForEvent('load', { timeout: 120_000 });
      const input = await this.typeInPalette('>Developer: Reload Window');
      await this.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().waitFor({ timeout: 10_000 });
      await input.press('Enter');
      await reloaded.catch(async (err: unknown) => {
        await this.page.screenshot({ path: '/tmp/reload-fail.png' }).catch(() => undefined);
        throw err;
      });
    }
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The activity bar is the last piece to appear; after it, commands work.
    await this.page.waitForSelector('.activitybar', { timeout: 60_000 });
  }

  /**
   * Runs a command by its palette title. F1 opens the palette with `>` typed. Right after a
   * (re)load an extension's commands may not be listed yet, so the palette is reopened (bounded).
   */
  async runCommand(title: string): Promise<void> {
    await this.dismissNotifications();
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    for (let attempt = 1; ; attempt++) {
      const input = await this.typeInPalette(`>${title}`);
      if (
        await row.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        )
      ) {
        // Enter runs the highlighted row; when another command ranks first, ours is clicked instead.
        const focused = this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title });
        if ((await focused.count()) > 0) await input.press('Enter');
        else await row.click();
        await this.paletteClosed(`>${title}`);
        return;
      }
      if (attempt === 3) throw new Error(`the command "${title}" is not in the palette`);
    }
  }

  /**
   * Opens the palette and types `text` (`>` for commands, `:` for a line, else a file name). The
   * typing is retried when the palette closes under it (focus moving as an earlier command's UI goes away).
   */
  private async typeInPalette(text: string) {
    for (let attempt = 1; ; attempt++) {
      const input = await this.openPalette();
      if (
        await input.fill(text, { timeout: 5_000 }).then(
          () => true,
          () => false,
        )
      )
        return input;
      if (attempt === 3) throw new Error(`the palette did not take "${text}"`);
    }
  }

  /** Opens a workspace file through quick open (the palette without its `>`). */
  async openFile(name: string, line?: number): Promise<void> {
    const input = await this.typeInPalette(name);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
    await input.press('Enter');
    await this.paletteClosed(name);
    await this.page.locator('.editor-instance .monaco-editor').first().waitFor({ timeout: 10_000 });
    if (line !== undefined) {
      const go = await this.typeInPalette(`:${line}`);
      await go.press('Enter');
      await this.paletteClosed(`:${line}`);
    }
  }

  /** Opens the palette; a leftover quick input (a dialog still closing) is dismissed first, and the palette opened again if it does not take input. */
  private async openPalette() {
    const input = this.page.locator('.quick-input-widget input');
    for (let attempt = 0; ; attempt++) {
      if (await input.isVisible()) {
        await this.page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      }
      // A key press can be lost while focus moves (a closing editor, a webview taking focus): press again.
      await this.page.keyboard.press('F1');
      const shown = await input.waitFor({ state: 'visible', timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (shown && (await input.isEditable({ timeout: 2_000 }).catch(() => false))) return input;
      if (attempt === 3) throw new Error('the command palette does not open or take input');
    }
  }

  /** The palette has closed, or shows something other than what we typed (the next input is up). */
  private async paletteClosed(typed: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    for (let i = 0; i < 100; i++) {
      const value = await input.inputValue({ timeout: 500 }).catch(() => undefined);
      if (value === undefined || !(await input.isVisible()) || value !== typed) return;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`the palette did not take "${typed}"`);
  }

  /**
   * Waits for the quick input whose title contains `title`, types into it and accepts, then waits
   * until that input has gone: an input box with validation accepts only after a round trip to
   * the extension host, and an Escape meanwhile (the next palette) would cancel it.
   */
  async answerQuickInput(title: string | RegExp, text?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const titled = widget.locator('.quick-input-title, .quick-input-message, .quick-input-header', { hasText: title }).first();
    await titled.waitFor({ timeout: 10_000 });
    const input = widget.locator('input');
    if (text !== undefined) await input.fill(text);
    await input.press('Enter');
    for (let i = 0; i < 200; i++) {
      if (!(await widget.isVisible()) || !(await titled.isVisible())) return;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`the quick input "${String(title)}" did not accept`);
  }

  /**
   * The frame that holds the chat webview (webview content sits in nested iframes): any visible
   * one, or the one shown in the side bar or in the editor area.
   */
  async chatFrame(timeoutMs = 30_000, where?: ChatPlace): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [frame] = await this.chatFrames(where);
      if (frame) return frame;
      if (Date.now() > deadline) {
        await this.page.screenshot({ path: '/tmp/chat-frame-missing.png' }).catch(() => undefined);
        throw new Error(`the chat webview did not appear${where ? ` in the ${where}` : ''} (screenshot: /tmp/chat-frame-missing.png)`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** Every chat webview frame that is shown now, optionally only those in the side bar or the editor area. */
  async chatFrames(where?: ChatPlace): Promise<Frame[]> {
    const parts = where ? await this.page.locator(PARTS[where]).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Box)) : [];
    const found: Frame[] = [];
    for (const frame of this.page.frames()) {
      try {
        if (!(await frame.$('#app .chat')) || !(await shown(frame))) continue;
        if (where) {
          const box = await (await frame.frameElement()).boundingBox();
          if (!box || !parts.some((part) => contains(part, box.x + box.width / 2, box.y + box.height / 2))) continue;
        }
        found.push(frame);
      } catch {
        // frame navigated or detached meanwhile
      }
    }
    return found;
  }

  /**
   * Shows the chat view in the side bar with its focus command, which (unlike the activity bar
   * icon, a toggle) never hides a view that is already up or is still being restored.
   */
  async openChatView(): Promise<Frame> {
    await this.runCommand(FOCUS_CHAT_VIEW);
    return this.chatFrame(120_000, 'sidebar');
  }

  /** Opens (or reveals) the chat as an editor panel. */
  async openChatEditor(): Promise<Frame> {
    await this.runCommand('You.com: Open Chat in Editor');
    return this.chatFrame(60_000, 'editor');
  }

  /** Closes every editor, discarding unsaved changes, and waits until no tab is left. */
  async closeAllEditors(): Promise<void> {
    const tabs = this.page.locator('.tabs-container .tab');
    if ((await tabs.count()) === 0) return;
    await this.runCommand('View: Close All Editors');
    // The dialog's buttons are links with role=button in this VS Code, not <button>s.
    const dontSave = this.page.locator('.monaco-dialog-box').getByRole('button', { name: /Don.t Save/ });
    for (let i = 0; i < 100; i++) {
      if ((await tabs.count()) === 0) return;
      if (await dontSave.isVisible())
        await dontSave
          .first()
          .click()
          .catch(() => undefined);
      await this.page.waitForTimeout(100);
    }
    throw new Error('the editors did not close');
  }

  /** Drags the sash between the side bar and the editor so the chat gets `width` pixels. */
  async widenSideBar(width: number): Promise<void> {
    const sideBar = await this.page.locator('.part.sidebar').boundingBox();
    if (!sideBar) return;
    const edge = sideBar.x + sideBar.width;
    const y = sideBar.y + sideBar.height / 2;
    await this.page.mouse.move(edge + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(sideBar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
    await this.page.mouse.move(sideBar.x + width + 300, y);
  }

  async dismissNotifications(): Promise<void> {
    const clear = this.page.locator('.notifications-toasts .codicon-notifications-clear-all, .notification-toast .codicon-close');
    for (let i = 0; i < 5 && (await clear.count()) > 0; i++)
      await clear
        .first()
        .click({ timeout: 1_000 })
        .catch(() => undefined);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
