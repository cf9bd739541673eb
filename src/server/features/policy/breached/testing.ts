/**
 * A real k-anonymity range server on 127.0.0.1 for tests (issue 17: nothing leaves the machine).
 * It answers `GET /range/<PREFIX>` in the Pwned Passwords format (CRLF, padding lines with count 0)
 * and records every byte it receives, so tests can prove that only the prefix was sent.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sha1Hex } from './check.js';

export type RangeServerMode = 'ok' | 'error' | 'hang' | 'huge' | 'malformed';

export interface RangeServer {
  url: string;
  /** Request paths, in order. */
  paths: string[];
  headers: IncomingHttpHeaders[];
  /** Every byte received, as latin1 text. */
  received(): string;
  mode: RangeServerMode;
  /** Adds a password (as its SHA-1) seen `count` times; count 0 = a padding line for it. */
  add(password: string, count: number): void;
  close(): Promise<void>;
}

export async function startRangeServer(options: { padding?: number } = {}): Promise<RangeServer> {
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const chunks: Buffer[] = [];
  const state: RangeServer = {
    url: '',
    paths: [],
    headers: [],
    received: () => Buffer.concat(chunks).toString('latin1'),
    mode: 'ok',
    add(password, count) {
      counts.set(sha1Hex(password), count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    state.paths.push(req.url ?? '');
    state.headers.push(req.headers);
    const match = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '');
    if (state.mode === 'hang') return; // never answers
    if (state.mode === 'error' || !match) {
      res.writeHead(state.mode === 'error' ? 503 : 404).end();
      return;
    }
    if (state.mode === 'huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const line = `${'A'.repeat(35)}:1\r\n`.repeat(1000);
      for (let i = 0; i < 100; i++) res.write(line); // 3.9 MB, no content-length
      res.end();
      return;
    }
    if (state.mode === 'malformed') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('<html>maintenance</html>');
      return;
    }
    const prefix = match[1]!;
    const lines = [...counts].filter(([hash]) => hash.startsWith(prefix)).map(([hash, count]) => `${hash.slice(5)}:${count}`);
    for (let i = 0; i < (options.padding ?? 20); i++) lines.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:0`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.sort().join('\r\n'));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('data', (data: Buffer) => chunks.push(data));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
