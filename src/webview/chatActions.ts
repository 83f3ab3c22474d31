import { ATTACH_KINDS, type AttachKind, type WebviewMessage } from '../shared/messages';

/**
 * Everything a user can do in the chat, by button or key: one typed action each. The chat handles
 * them in one table (`ActionHandlers`), so a new action is one entry there and the compiler checks
 * that every kind has a handler.
 */
export type ChatAction =
  | { kind: 'send' }
  | { kind: 'stop' }
  /** Up in an empty composer: the last question again. */
  | { kind: 'recall' }
  | { kind: 'newChat' }
  | { kind: 'accessibleView' }
  | { kind: 'jumpToLatest' }
  | { kind: 'toggleAttachMenu' }
  | { kind: 'closeAttachMenu' }
  | { kind: 'attach'; what: AttachKind }
  | { kind: 'detach'; id: string }
  | { kind: 'selectAgent'; agentId: string }
  | { kind: 'openLink'; link: HTMLAnchorElement; url: string }
  /** Set the key; from a turn's error, that turn is retried once a key is stored. */
  | { kind: 'setKey'; turnId?: string }
  | { kind: 'getKey' }
  | { kind: 'tryDemo' }
  | { kind: 'addCredits'; url?: string }
  | { kind: 'openSettings' }
  | { kind: 'showLogs' }
  | { kind: 'retry'; turnId: string }
  /** Opens the question of `turnId` for editing; `resend` sends the edited text. */
  | { kind: 'edit'; turnId: string }
  | { kind: 'resend'; turnId: string; text: string }
  | { kind: 'resume'; turnId: string; text: string }
  | { kind: 'regenerate'; turnId: string }
  | { kind: 'copyAnswer'; turnId: string }
  | { kind: 'showAnswer'; turnId: string; index: number }
  | { kind: 'copyCode'; code: string }
  | { kind: 'insertCode'; code: string }
  | { kind: 'applyCode'; code: string; turnId?: string }
  | { kind: 'openCode'; code: string; language: string }
  /** The Research effort of the next question (src/webview/researchControl.ts). */
  | { kind: 'setResearchEffort'; effort: string }
  | { kind: 'saveReport'; turnId: string }
  | { kind: 'stopResearch'; turnId: string };

export type ChatActionKind = ChatAction['kind'];
export type ChatActionOf<K extends ChatActionKind> = Extract<ChatAction, { kind: K }>;
/** One handler per action kind: a kind without one does not compile. */
export type ActionHandlers = { [K in ChatActionKind]: (action: ChatActionOf<K>) => void };
export type Act = (action: ChatAction) => void;

/** An action's message to the host when it is the action itself, `kind` read as `type`. */
type AsMessage<A extends ChatAction> = { type: A['kind'] } & Omit<A, 'kind'>;
/**
 * The actions that go to the host as they are. An action carrying more than its message (a link
 * element) or less (Edit, which only opens the editor) is not one, so it cannot be forwarded.
 */
export type ForwardedAction = {
  [K in ChatActionKind]: AsMessage<ChatActionOf<K>> extends WebviewMessage
    ? keyof AsMessage<ChatActionOf<K>> extends keyof MessageOfType<K>
      ? ChatActionOf<K>
      : never
    : never;
}[ChatActionKind];
/** The host message of type `K` (a field-less one is typed by the union of their names). */
type MessageOfType<K> = WebviewMessage extends infer M ? (M extends { type: infer T } ? (K extends T ? M : never) : never) : never;

/** The host message of an action that goes as it is. */
export function forwarded({ kind, ...fields }: ForwardedAction): WebviewMessage {
  // AsMessage<ForwardedAction> is a WebviewMessage by the type above; TypeScript cannot follow the rest spread.
  return { type: kind, ...fields } as WebviewMessage;
}

export function runAction(handlers: ActionHandlers, action: ChatAction): void {
  (handlers[action.kind] as (action: ChatAction) => void)(action);
}

/** `data-action` of the chat's own buttons (composer, welcome, jump). */
const PLAIN_ACTIONS = {
  send: { kind: 'send' },
  stop: { kind: 'stop' },
  jumpToLatest: { kind: 'jumpToLatest' },
  toggleAttachMenu: { kind: 'toggleAttachMenu' },
  setKey: { kind: 'setKey' },
  getKey: { kind: 'getKey' },
  tryDemo: { kind: 'tryDemo' },
} satisfies Record<string, ChatAction>;

/** `data-turn-action` of a turn's buttons (src/webview/turnView.ts), for that turn. */
const TURN_ACTIONS = {
  retry: forTurn('retry'),
  edit: forTurn('edit'),
  regenerate: forTurn('regenerate'),
  copyAnswer: forTurn('copyAnswer'),
  setKey: forTurn('setKey'),
  prevAnswer: answerAt,
  nextAnswer: answerAt,
  addCredits: (_turnId, button) => ({ kind: 'addCredits', ...(button.dataset.url ? { url: button.dataset.url } : {}) }),
  openSettings: () => ({ kind: 'openSettings' }),
  showLogs: () => ({ kind: 'showLogs' }),
  saveReport: forTurn('saveReport'),
  stopResearch: forTurn('stopResearch'),
} satisfies Record<string, (turnId: string, button: HTMLElement) => ChatAction | undefined>;

/** `data-code-action` of a code block's toolbar (src/webview/streamingAnswer.ts). */
const CODE_ACTIONS = {
  copy: (code) => ({ kind: 'copyCode', code }),
  insert: (code) => ({ kind: 'insertCode', code }),
  apply: (code, _block, turnId) => ({ kind: 'applyCode', code, ...(turnId ? { turnId } : {}) }),
  open: (code, block) => ({ kind: 'openCode', code, language: block?.dataset.language || 'plaintext' }),
} satisfies Record<string, (code: string, block: HTMLElement | undefined, turnId: string | undefined) => ChatAction>;

/**
 * The action of a click on `target`: the link or button it is in, read from that control's
 * `data-*` attributes. A value no table knows (a forged or stale one) is no action.
 */
export function clickAction(target: Element): ChatAction | undefined {
  const link = target.closest('a');
  if (link) {
    const url = link.getAttribute('href');
    return url ? { kind: 'openLink', link, url } : undefined;
  }
  const button = target.closest<HTMLElement>('button');
  if (!button) return undefined;
  const { action, attach, detach, turnAction, codeAction } = button.dataset;
  const what = ATTACH_KINDS.find((kind) => kind === attach);
  if (what) return { kind: 'attach', what };
  if (detach) return { kind: 'detach', id: detach };
  const plain = entry(PLAIN_ACTIONS, action);
  if (plain) return plain;
  const turnId = button.closest<HTMLElement>('.turn')?.dataset.turnId;
  const forTurn = entry(TURN_ACTIONS, turnAction);
  if (turnId && forTurn) return forTurn(turnId, button);
  const forCode = entry(CODE_ACTIONS, codeAction);
  if (!forCode) return undefined;
  const block = button.closest<HTMLElement>('.code-block') ?? undefined;
  return forCode(block?.querySelector('code')?.textContent ?? '', block, turnId);
}

/** The action of that kind for the turn. */
function forTurn(kind: 'retry' | 'edit' | 'regenerate' | 'copyAnswer' | 'setKey' | 'saveReport' | 'stopResearch'): (turnId: string) => ChatAction {
  return (turnId) => ({ kind, turnId });
}

function answerAt(turnId: string, button: HTMLElement): ChatAction | undefined {
  const index = Number(button.dataset.index);
  return Number.isInteger(index) && index >= 0 ? { kind: 'showAnswer', turnId, index } : undefined;
}

/** The table's own entry for `name`; never one inherited from Object (`constructor`, `__proto__`). */
function entry<T extends object>(table: T, name: string | undefined): T[keyof T] | undefined {
  return name !== undefined && Object.hasOwn(table, name) ? table[name as keyof T] : undefined;
}
