import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.ttf': 'font/ttf' };

/**
 * The chat's page as a webview shows it, on 127.0.0.1: each of `pages` at its path (written anew
 * on every request), and the extension's files under `/ext/dist/` (chatHtml's asset addresses when
 * the extension's folder is `/ext`, for the chunks a page loads later). Anything else is a 404.
 */
export function servePages(pages: Record<string, () => string>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!));
    } catch {
      return void res.writeHead(400).end(); // a malformed address
    }
    const page = pages[path];
    if (page) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(page());
    }
    if (path.startsWith('/ext/dist/') && !path.includes('..')) {
      try {
        const body = readFileSync(join(ROOT, path.slice('/ext/'.length)));
        res.writeHead(200, { 'Content-Type': TYPES[/\.\w+$/.exec(path)?.[0] ?? ''] ?? 'application/octet-stream' });
        return res.end(body);
      } catch {
        // not there: 404 below
      }
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
  });
}
