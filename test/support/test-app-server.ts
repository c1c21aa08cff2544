import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createTestServices, type TestServices } from './test-services.ts';

export interface RunningApp {
  url: string;
  services: TestServices;
  close(): Promise<void>;
}

/** A loopback port that is free now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * The real app with the demo directory, listening on a free loopback port.
 * `clock` replaces the app's clock (a test moves it on instead of waiting).
 * With `ownPublicUrl`, PUBLIC_URL is the app's own address, for pages whose
 * links must lead back to it from elsewhere (the embedded list).
 */
export async function startTestApp(overrides: Record<string, string> = {}, options: { clock?: () => Date; ownPublicUrl?: boolean } = {}): Promise<RunningApp> {
  const chosenPort = options.ownPublicUrl ? await freePort() : 0;
  const services = await createTestServices({ DEMO_DATA: 'true', ...(options.ownPublicUrl ? { PUBLIC_URL: `http://127.0.0.1:${chosenPort}` } : {}), ...overrides });
  const app = createApp({ ...services, ...(options.clock ? { clock: options.clock } : {}), i18n: await createI18n() });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(chosenPort, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
