import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A throwaway HTTP server on 127.0.0.1 that counts the requests it receives (trust tests). */
export interface LocalServer {
  url: string;
  /** Requests received so far, in order. */
  hits: { method: string; path: string; authorization?: string }[];
  /** TCP connections accepted: counts an attempt even when the client gave up before its request arrived. */
  connections(): number;
  close(): Promise<void>;
}

export async function localServer(handler: (req: IncomingMessage, res: ServerResponse, hit: number) => unknown): Promise<LocalServer> {
  const hits: LocalServer['hits'] = [];
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', path: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    req.resume(); // drain the body so the client is never blocked on it
    void handler(req, res, hits.length);
  });
  let connections = 0;
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes `totalBytes` of `fill` in 64 KiB chunks, waiting for the socket to drain, and stops as
 * soon as the client goes away. Resolves with the bytes actually written.
 */
export async function writeHuge(res: ServerResponse, totalBytes: number, fill = 'x'): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, fill);
  let written = 0;
  while (written < totalBytes && !res.destroyed) {
    const ok = res.write(chunk);
    written += chunk.length;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    }
  }
  if (!res.destroyed) res.end();
  return written;
}
