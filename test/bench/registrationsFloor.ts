import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'registrations-floor-extension');
const TITLE = 'Registrations Floor';

interface Contributes {
  commands: { command: string; title: string; category?: string; icon?: string }[];
  views: Record<string, { id: string; name: string; type?: string }[]>;
  chatParticipants: { id: string; name: string }[];
  languageModelChatProviders: { vendor: string }[];
  languageModelTools: { name: string; toolReferenceName?: string }[];
}

/**
 * Copies test/fixtures/registrations-floor-extension into `dir` with a manifest made from ours:
 * the same commands, views, panel, participant, model vendor and tools, under other ids so both
 * can run in one window. Titles are resolved from package.nls.json (the floor has no nls file).
 */
export function writeRegistrationsFloor(dir: string): void {
  cpSync(FIXTURE, dir, { recursive: true });
  const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    engines: unknown;
    activationEvents: string[];
    contributes: Contributes;
  };
  const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const text = (value: string) => value.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? key);
  // Every %key% string in a contribution, resolved.
  const resolved = <T>(value: T): T => JSON.parse(JSON.stringify(value), (_, v: unknown) => (typeof v === 'string' ? text(v) : v)) as T;
  const id = (value: string) => value.replace(/^youAgents\b/, 'regFloor');
  const c = resolved(ours.contributes);
  const container = Object.keys(c.views)[0]!;
  const manifest = {
    name: 'registrations-floor',
    displayName: 'Registrations Floor (bench)',
    description: 'Registers what You.com Agents registers at activation, each doing nothing.',
    version: '0.0.1',
    // Sorts after ours, so it activates after ours in each window and pays none of the first-call
    // costs (see README ²): a floor no extension with these registrations can go below.
    publisher: 'zz-bench',
    license: 'MIT',
    private: true,
    engines: ours.engines,
    activationEvents: ours.activationEvents.map((event) => event.replace('onWebviewPanel:youAgents', 'onWebviewPanel:regFloor')),
    main: './extension.js',
    files: ['extension.js', 'icon.svg'],
    contributes: {
      // Our context keys mean nothing here.
      commands: c.commands.map((command) => ({ ...command, command: id(command.command), category: TITLE, enablement: undefined })),
      viewsContainers: { activitybar: [{ id: id(container), title: TITLE, icon: 'icon.svg' }] },
      views: { [id(container)]: c.views[container]!.map((view) => ({ ...view, id: id(view.id), icon: undefined, contextualTitle: undefined })) },
      chatParticipants: c.chatParticipants.map((p) => ({ ...p, id: id(p.id), name: `regfloor${p.name}`, fullName: TITLE })),
      languageModelChatProviders: c.languageModelChatProviders.map((provider) => ({ ...provider, vendor: `regfloor${provider.vendor}`, displayName: TITLE })),
      languageModelTools: c.languageModelTools.map((tool) => ({
        ...tool,
        icon: undefined, // ours is in media/, which the floor does not ship
        name: `regfloor_${tool.name}`,
        toolReferenceName: tool.toolReferenceName && `regfloor_${tool.toolReferenceName}`,
      })),
    },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
}
