import { l10n, type Memento, window } from 'vscode';
import type { AgentServerSetting } from '../core/agentServerSettings';
import { displayUrl, originOf } from '../core/url';

/** globalState: the user's yes per (server origin, interface origin), `{ withToken }`; never a token. */
const CONSENTS = 'youAgents.a2aInterfaceConsents';

/** What the user agreed to for one interface origin: questions there, and the token too or not. */
export interface InterfaceGrant {
  origin: string;
  withToken: boolean;
}

/** Asks the user; undefined when they did not agree. */
export type AskInterfaceConsent = (
  server: AgentServerSetting,
  origin: string,
  hasToken: boolean,
) => Promise<{ withToken: boolean } | undefined>;

/**
 * An Agent Card may name an interface on another origin than the server the user configured.
 * Nothing goes there (no question, no token) until the user agrees, in a modal asked once per
 * such origin and remembered (user level, across windows); a "no" is not remembered, so the next
 * run asks again. The token goes along only when the user chose that too.
 */
export class InterfaceConsent {
  constructor(
    private readonly state: Memento,
    private readonly ask: AskInterfaceConsent = askInterfaceConsent,
  ) {}

  /** The grant for `origin`: remembered, else asked for when `ask` (a run), else none (Stop, discovery). */
  async forInterface(server: AgentServerSetting, origin: string, hasToken: boolean, ask: boolean): Promise<InterfaceGrant | undefined> {
    const key = `${originOf(server.url)} ${origin}`;
    const remembered = this.state.get<Record<string, { withToken: boolean }>>(CONSENTS)?.[key];
    if (remembered) return { origin, withToken: remembered.withToken && hasToken };
    if (!ask) return undefined;
    const answer = await this.ask(server, origin, hasToken);
    if (!answer) return undefined;
    const all = this.state.get<Record<string, { withToken: boolean }>>(CONSENTS) ?? {};
    await this.state.update(CONSENTS, { ...all, [key]: { withToken: answer.withToken } });
    return { origin, withToken: answer.withToken && hasToken };
  }
}

async function askInterfaceConsent(server: AgentServerSetting, origin: string, hasToken: boolean): Promise<{ withToken: boolean } | undefined> {
  const send = l10n.t('Send Questions There');
  const sendWithToken = l10n.t('Send Questions and Token');
  const message = l10n.t(
    'The agent server "{0}" ({1}) says its agent answers at {2}, another origin. Send your questions there?',
    server.name,
    displayUrl(server.url),
    origin,
  );
  const detail = hasToken
    ? l10n.t(
        'Your token for "{0}" goes to {1} only if you choose "Send Questions and Token". The answer is remembered for this origin.',
        server.name,
        origin,
      )
    : l10n.t('The answer is remembered for this origin.');
  const buttons = hasToken ? [send, sendWithToken] : [send];
  const answer = await window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  return answer === undefined ? undefined : { withToken: answer === sendWithToken };
}
