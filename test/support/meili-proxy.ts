import net from 'node:net';

/** forward: a working Meilisearch; hung: connections accepted, never answered; down: the port is closed. */
export type MeiliProxyMode = 'forward' | 'hung' | 'down';

export interface MeiliProxy {
  url: string;
  setMode(mode: MeiliProxyMode): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of a real Meilisearch, so a test can make it hang or go
 * away and come back on the same address. Every switch drops the open
 * connections, so kept-alive sockets do not carry the old behaviour over.
 */
export async function startMeiliProxy(target: string): Promise<MeiliProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<net.Socket>();
  let mode: MeiliProxyMode = 'forward';
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === 'hung') return;
    const upstream = net.connect(Number(targetPort), hostname);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    async setMode(next) {
      dropConnections();
      if (next === 'down' && mode !== 'down') await new Promise<void>((resolve) => server.close(() => resolve()));
      if (next !== 'down' && mode === 'down') await listen(port);
      mode = next;
    },
    async close() {
      dropConnections();
      if (mode !== 'down') await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
