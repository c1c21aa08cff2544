/**
 * The load of the chaos benchmark: autocannon against the proxy, each request
 * either a unique search (the API or the page, alternately) or, every
 * `writeEvery`-th request, a staff edit of one of the benchmark's offers.
 * Every answer is booked per second of the run, so outages show as seconds.
 */
import autocannon from 'autocannon';

export interface ChaosWrite {
  offerId: number;
  version: number;
  title: string;
}

export interface ChaosLoadOptions {
  url: string;
  seconds: number;
  connections: number;
  writeEvery: number;
  /** Unique search paths; beyond the list, a tiny shift of a `near` point keeps each search new. */
  searches: string[];
  offers: Array<{ id: number; locationId: number; summary: string; description: string }>;
  staff: { cookie: string; csrfToken: string };
}

export interface ChaosLoadResult {
  requests: number;
  byStatus: Record<string, number>;
  /** Connection errors and timeouts: no answer at all. */
  errors: number;
  timeouts: number;
  /** Seconds of the run (from 0) with at least one search answered by the fallback or not answered with 200. */
  degradedSeconds: number[];
  /** Seconds in which a search was answered from the database (marked as the simpler search). */
  fallbackSeconds: number[];
  attemptedWrites: ChaosWrite[];
  acknowledgedWrites: ChaosWrite[];
  durationSeconds: number;
}

type Context = { write?: ChaosWrite };

/** The form a staff member sends to change an offer's title (the rest as the benchmark created it). */
function editBody(offer: ChaosLoadOptions['offers'][number], title: string, csrfToken: string): string {
  const body = new URLSearchParams({ _csrf: csrfToken, title, summary: offer.summary, description: offer.description, cost: 'free', format: 'in-person' });
  for (const [name, value] of [['categories', 'language-cafe'], ['languages', 'de'], ['targetGroups', 'parents'], ['locationIds', String(offer.locationId)]]) body.append(name!, value!);
  return body.toString();
}

function searchPath(searches: string[], n: number): string {
  const base = searches[n % searches.length]!;
  const round = Math.floor(n / searches.length);
  if (round === 0) return base;
  // Repeated list: a point a few metres off makes the search new for every cache.
  const separator = base.includes('?') ? '&' : '?';
  return `${base}${separator}near=${(51.4 + round * 1e-5).toFixed(5)},${(7.33 + (n % 997) * 1e-5).toFixed(5)}&radius=5`;
}

/** Builds each request in turn: every `writeEvery`-th a staff edit of the next benchmark offer, else the next unique search. */
function requestMaker(options: ChaosLoadOptions, attempted: ChaosWrite[]) {
  let counter = 0;
  let versions = 0;
  return (request: autocannon.Request, context: Context): autocannon.Request => {
    const n = counter++;
    if (n % options.writeEvery !== options.writeEvery - 1) {
      context.write = undefined;
      return { method: 'GET', path: searchPath(options.searches, n), headers: {} };
    }
    versions += 1;
    const offer = options.offers[versions % options.offers.length]!;
    const write = { offerId: offer.id, version: versions, title: `Chaosprobe ${offer.id} Fassung ${versions}` };
    context.write = write;
    attempted.push(write);
    return {
      ...request,
      method: 'POST',
      path: `/admin/offers/${offer.id}/edit`,
      headers: { ...request.headers, cookie: options.staff.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: editBody(offer, write.title, options.staff.csrfToken),
    };
  };
}

export function runChaosLoad(options: ChaosLoadOptions): Promise<ChaosLoadResult> {
  const started = performance.now();
  const second = () => Math.floor((performance.now() - started) / 1000);
  const result: ChaosLoadResult = {
    requests: 0, byStatus: {}, errors: 0, timeouts: 0, degradedSeconds: [], fallbackSeconds: [], attemptedWrites: [], acknowledgedWrites: [], durationSeconds: 0,
  };
  const degraded = new Set<number>();
  const fallback = new Set<number>();
  const onResponse = (status: number, body: string, context: Context) => {
    result.requests += 1;
    result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
    if (context.write) {
      if (status === 303) result.acknowledgedWrites.push(context.write);
      return;
    }
    const simpler = body.includes('"engine":"database"') || body.includes('notice-simpler-search');
    if (simpler) fallback.add(second());
    if (simpler || status !== 200) degraded.add(second());
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [{ setupRequest: requestMaker(options, result.attemptedWrites), onResponse }],
      },
      (error, summary) => {
        if (error) return reject(error);
        Object.assign(result, { errors: summary.errors, timeouts: summary.timeouts, durationSeconds: (performance.now() - started) / 1000 });
        result.degradedSeconds = [...degraded].sort((a, b) => a - b);
        result.fallbackSeconds = [...fallback].sort((a, b) => a - b);
        resolve(result);
      },
    );
    // A request that got no answer (connection refused or reset, timeout) counts against its second too.
    instance.on('reqError', () => degraded.add(second()));
  });
}
