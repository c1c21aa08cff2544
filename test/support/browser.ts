import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, as CI installs it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export function isLoopback(url: string): boolean {
  const { hostname, protocol } = new URL(url);
  return protocol === 'data:' || hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** Starts the real Chromium; a missing browser is an error, never a skip. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
