import http from 'node:http';

export interface ProxyStats {
  /** Requests answered 502 because no instance could take them. */
  unavailable: number;
  /** Requests sent to another instance after one refused the connection. */
  retried: number;
}

export interface RoundRobinProxy {
  url: string;
  stats: ProxyStats;
  close(): Promise<void>;
}

/** How long an instance that refused a connection is passed over (like nginx's fail_timeout). */
const PASS_OVER_MS = 2_000;

/**
 * A tiny reverse proxy for trying several instances on one machine: each
 * request goes to the next instance in turn, with X-Forwarded-For set. An
 * instance that refuses the connection (it is down) is passed over for two
 * seconds and the request goes to the next one; it never reached the refusing
 * instance, so even a form post is safe to send again. A read whose connection
 * broke is sent to the next instance too; a post whose connection broke is a
 * 502, since whether it took effect is unknown (nginx's defaults alike).
 */
export async function startRoundRobinProxy(upstreams: string[], port: number): Promise<RoundRobinProxy> {
  const targets = upstreams.map((url) => ({ url: new URL(url), downUntil: 0 }));
  const stats: ProxyStats = { unavailable: 0, retried: 0 };
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  const pick = (tried: Set<number>): number | undefined => {
    const now = Date.now();
    for (let step = 0; step < targets.length; step += 1) {
      const index = (next + step) % targets.length;
      if (!tried.has(index) && targets[index]!.downUntil <= now) {
        next = index + 1;
        return index;
      }
    }
    return [...targets.keys()].find((index) => !tried.has(index));
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => forward(request, response, Buffer.concat(chunks), new Set()));
  });

  function forward(request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, tried: Set<number>): void {
    const index = pick(tried);
    if (index === undefined) {
      stats.unavailable += 1;
      response.writeHead(502, { 'content-type': 'text/plain' }).end('no instance available\n');
      return;
    }
    tried.add(index);
    const target = targets[index]!;
    const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(
      { host: target.url.hostname, port: target.url.port, method: request.method, path: request.url, agent, headers: { ...request.headers, 'x-forwarded-for': forwardedFor } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.on('error', () => response.destroy());
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (response.headersSent) return void response.destroy();
      // Refused: the request never reached the instance. A read may also be sent again after a broken connection.
      if (error.code === 'ECONNREFUSED' || request.method === 'GET') {
        if (error.code === 'ECONNREFUSED') target.downUntil = Date.now() + PASS_OVER_MS;
        stats.retried += 1;
        forward(request, response, body, tried);
        return;
      }
      stats.unavailable += 1;
      response.writeHead(502, { 'content-type': 'text/plain' }).end('instance failed\n');
    });
    upstream.end(body);
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
