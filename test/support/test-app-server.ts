import type { Server } from 'node:http';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createTestServices, type TestServices } from './test-services.ts';

export interface RunningApp {
  url: string;
  services: TestServices;
  close(): Promise<void>;
}

/**
 * The real app with the demo directory, listening on a free loopback port.
 * `clock` replaces the app's clock (a test moves it on instead of waiting).
 */
export async function startTestApp(overrides: Record<string, string> = {}, options: { clock?: () => Date } = {}): Promise<RunningApp> {
  const services = await createTestServices({ DEMO_DATA: 'true', ...overrides });
  const app = createApp({ ...services, ...(options.clock ? { clock: options.clock } : {}), i18n: await createI18n() });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
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
