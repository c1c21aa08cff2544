import { expect } from 'vitest';
import type { Agent } from '../support/web-session.ts';

/** Polls until `check` answers something truthy; no fixed sleeps, a clear message when it never does. */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Posts the "Maschinell übersetzen" form of an edit page and answers the progress page's address. */
export async function requestTranslation(agent: Agent, editPath: string, actionPath: string, locales: string[]): Promise<string> {
  const page = (await agent.get(editPath).expect(200)).text;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const body = new URLSearchParams({ _csrf: csrf });
  for (const locale of locales) body.append('locales', locale);
  const response = await agent.post(actionPath).type('form').send(body.toString());
  expect(response.status).toBe(303);
  return response.headers.location as string;
}

/** Reloads the progress page until it says it is done, as the page's own refresh would; answers its HTML. */
export async function finishedProgress(agent: Agent, progressPath: string): Promise<string> {
  return waitFor(async () => {
    const page = (await agent.get(progressPath).expect(200)).text;
    return page.includes('http-equiv="refresh"') ? null : page;
  }, `the progress page ${progressPath} to finish`);
}

/** The status of each language row on a progress page. */
export function statusesOf(page: string): Record<string, string> {
  return Object.fromEntries([...page.matchAll(/data-locale="(\w+)" data-status="(\w+)"/g)].map((match) => [match[1], match[2]]));
}
