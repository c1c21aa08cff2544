/**
 * The floor of the unique-search benchmark, in a process of its own so that
 * nothing else is counted with it: a bare node:http server (no framework, no
 * templates) that sends prepared multi-search n to Meilisearch for GET /<n> on
 * a keep-alive connection, parses the answer and sends the first result's
 * hits as JSON. What any Node.js front of Meilisearch costs on this machine.
 *
 *   tsx scripts/bench/floor-server.ts <meili url> <bodies.json>   (the key in MEILI_KEY)
 * Prints its port on the first line of stdout.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const [meiliUrl, bodiesFile] = process.argv.slice(2);
const meili = new URL(meiliUrl!);
const bodies = JSON.parse(readFileSync(bodiesFile!, 'utf8')) as string[];
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const authorization = `Bearer ${process.env.MEILI_KEY ?? ''}`;

const server = http.createServer((request, response) => {
  const body = bodies[Number(request.url!.slice(1)) % bodies.length]!;
  const headers = { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  const search = http.request({ host: meili.hostname, port: meili.port, path: '/multi-search', method: 'POST', agent, headers }, (answer) => {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      const [first] = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { results: Array<{ hits: unknown[]; totalHits?: number }> }).results;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: first?.totalHits ?? 0, hits: first?.hits ?? [] }));
    });
  });
  search.on('socket', (socket) => socket.setNoDelay(true));
  search.on('error', () => response.writeHead(502).end());
  search.end(body);
});
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
process.on('SIGTERM', () => {
  agent.destroy();
  server.close(() => process.exit(0));
});
