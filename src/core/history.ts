import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Conversation } from './conversation';

export interface HistoryEntry {
  id: string;
  title: string;
  updatedAt: number;
  turns: number;
}

export interface HistoryLoad {
  conversations: HistoryEntry[];
  /** Files that could not be read; each was renamed to `*.corrupt` so it is kept but skipped. */
  setAside: string[];
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Conversations as one JSON file each in a folder. Writes are atomic (temp file, then rename),
 * so a crash mid-write leaves the old file intact. No vscode import: tested in plain Node.
 */
export class HistoryStore {
  private writes = Promise.resolve();

  constructor(private readonly dir: string) {}

  private path(id: string): string {
    if (!ID.test(id)) throw new Error(`bad conversation id ${JSON.stringify(id)}`);
    return join(this.dir, `${id}.json`);
  }

  save(conversation: Conversation): Promise<void> {
    // Serialise writes so two quick saves of one conversation cannot interleave their renames.
    const write = this.writes.then(async () => {
      await fs.mkdir(this.dir, { recursive: true });
      const target = this.path(conversation.id);
      const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(temp, JSON.stringify(conversation), 'utf8');
      await fs.rename(temp, target);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Undefined when missing; throws HistoryCorrupt (after setting the file aside) when unreadable. */
  async load(id: string): Promise<Conversation | undefined> {
    const path = this.path(id);
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    const conversation = parseConversation(text);
    if (!conversation) {
      await this.setAside(path);
      throw new HistoryCorrupt(`${id}.json`);
    }
    return conversation;
  }

  async list(): Promise<HistoryLoad> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return { conversations: [], setAside: [] };
    }
    const conversations: HistoryEntry[] = [];
    const setAside: string[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const path = join(this.dir, name);
      const conversation = parseConversation(await fs.readFile(path, 'utf8').catch(() => ''));
      if (!conversation) {
        await this.setAside(path);
        setAside.push(name);
        continue;
      }
      conversations.push({ id: conversation.id, title: conversation.title, updatedAt: conversation.updatedAt, turns: conversation.turns.length });
    }
    conversations.sort((a, b) => b.updatedAt - a.updatedAt);
    return { conversations, setAside };
  }

  async delete(id: string): Promise<void> {
    await this.writes;
    await fs.rm(this.path(id), { force: true });
  }

  private async setAside(path: string): Promise<void> {
    await fs.rename(path, `${path}.${Date.now()}.corrupt`).catch(() => undefined);
  }
}

export class HistoryCorrupt extends Error {
  constructor(readonly file: string) {
    super(`conversation file ${file} is damaged; it was set aside`);
  }
}

function parseConversation(text: string): Conversation | undefined {
  try {
    const value = JSON.parse(text) as Partial<Conversation>;
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof value.id !== 'string' ||
      !ID.test(value.id) ||
      typeof value.title !== 'string' ||
      typeof value.updatedAt !== 'number' ||
      !Array.isArray(value.turns) ||
      !value.turns.every((t) => typeof t === 'object' && t !== null && typeof t.id === 'string' && typeof t.answer === 'string')
    ) {
      return undefined;
    }
    return value as Conversation;
  } catch {
    return undefined;
  }
}
