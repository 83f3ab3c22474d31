import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A forwarding proxy for tests, on 127.0.0.1: it tunnels CONNECT requests (what an https
 * request through a proxy is) and logs each. Names are resolved only through `hosts` (a test
 * name such as `you.test` → 127.0.0.1), so a request that reaches its server must have come
 * through this proxy, and nothing leaves the machine: any other name is refused with 403.
 * A few dozen lines of our own rather than a proxy package: the packages resolve names with
 * the system resolver, and the test needs exactly this mapping and a log.
 */
export interface ForwardProxy {
  url: string;
  /** One line per request: `CONNECT you.test:4443` (refused ones end with ` refused`). */
  log: string[];
  /** Stops listening and cuts every open tunnel (the proxy is then "down"). */
  close(): Promise<void>;
}

export async function startForwardProxy(hosts: Record<string, string>): Promise<ForwardProxy> {
  const log: string[] = [];
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((req, res) => {
    log.push(`${req.method ?? '?'} ${req.url ?? ''} refused`);
    res.writeHead(501, { 'Content-Type': 'text/plain' }).end('only CONNECT is supported');
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const [name = '', portText = ''] = (req.url ?? '').split(':');
    const address = hosts[name.toLowerCase()];
    const port = Number(portText);
    if (!address || !Number.isInteger(port) || port <= 0 || port > 65535) {
      log.push(`CONNECT ${req.url ?? ''} refused`);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    log.push(`CONNECT ${name}:${port}`);
    const upstream: Socket = connect(port, address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    const end = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.once('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      end();
    });
    client.once('error', end);
    client.once('close', end);
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
