import { describe, expect, it } from 'vitest';
import { SearchUnavailableError } from '../../server/errors/app-errors.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import type { DatabaseSearch } from '../../server/search/database-search.ts';
import { SearchFallback } from '../../server/search/search-fallback.ts';

/**
 * The circuit breaker on its own. The engine and the database are plain
 * functions here (the real ones are in database-search.test.ts); the breaker
 * is what is tested.
 */
function breaker(options: { retryMs?: number; probe?: () => Promise<unknown> } = {}) {
  let now = 1_000_000;
  const state = { trips: 0, probes: 0, advance: (ms: number) => (now += ms) };
  const fallback = new SearchFallback({
    timeoutMs: 50,
    retryMs: options.retryMs ?? 10_000,
    database: {} as DatabaseSearch,
    probe: () => {
      state.probes += 1;
      return options.probe ? options.probe() : Promise.resolve();
    },
    onTrip: () => (state.trips += 1),
    logger: createSilentLogger(),
    now: () => now,
  });
  return { fallback, state };
}

const never = () => new Promise<string>(() => undefined);

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('switching search to the database', () => {
  it('a hung engine costs one timeout: later searches go straight to the database', async () => {
    const { fallback, state } = breaker();
    let engineCalls = 0;
    const hung = () => ((engineCalls += 1), never());
    expect(await fallback.answer(hung, async () => 'from database 1')).toBe('from database 1');
    expect(await fallback.answer(hung, async () => 'from database 2')).toBe('from database 2');
    expect({ engineCalls, trips: state.trips, active: fallback.active, answered: fallback.status().answeredFromDatabase }).toEqual({ engineCalls: 1, trips: 1, active: true, answered: 2 });
    expect(fallback.status().lastError).toBe('Meilisearch did not answer within 50 ms');
  });

  it('searches waiting on the engine when one fails switch at once', async () => {
    const { fallback, state } = breaker();
    const waiting = fallback.answer(never, async () => 'waiting one');
    const failing = fallback.answer(() => Promise.reject(new SearchUnavailableError()), async () => 'failing one');
    expect(await Promise.all([waiting, failing])).toEqual(['waiting one', 'failing one']);
    expect(state.trips).toBe(1);
  });

  it('asks the engine again only after the retry time, in the background, and uses it once it answers', async () => {
    let answerProbe: () => void = () => undefined;
    const { fallback, state } = breaker({ probe: () => new Promise<void>((resolve) => (answerProbe = resolve)) });
    await fallback.answer(() => Promise.reject(new SearchUnavailableError()), async () => 'database');
    await fallback.answer(async () => 'engine', async () => 'database');
    expect(state.probes).toBe(0);
    state.advance(10_000);
    expect(await fallback.answer(async () => 'engine', async () => 'database while probing')).toBe('database while probing');
    expect(state.probes).toBe(1);
    answerProbe();
    await until(() => !fallback.active);
    expect(await fallback.answer(async () => 'engine', async () => 'database')).toBe('engine');
  });

  it('a failed probe keeps the database answering and waits another retry time', async () => {
    const { fallback, state } = breaker({ probe: () => Promise.reject(new Error('connect ECONNREFUSED')) });
    await fallback.answer(() => Promise.reject(new SearchUnavailableError()), async () => 'database');
    state.advance(10_000);
    await fallback.answer(async () => 'engine', async () => 'database');
    await until(() => fallback.status().lastError === 'connect ECONNREFUSED');
    await fallback.answer(async () => 'engine', async () => 'database');
    expect({ probes: state.probes, active: fallback.active }).toEqual({ probes: 1, active: true });
  });

  it('an error that is not the engine failing is not hidden behind the database', async () => {
    const { fallback } = breaker();
    await expect(fallback.answer(() => Promise.reject(new TypeError('a bug')), async () => 'database')).rejects.toThrow('a bug');
    expect(fallback.active).toBe(false);
  });
});
