/**
 * The load generator of the search benchmark, run as a child process so that
 * autocannon does not share the app's event loop. It waits for "run" messages
 * over IPC, runs autocannon (programmatic API) and answers with the figures.
 *
 * Every request takes the next target from the list (one counter shared by all
 * connections), so consecutive requests use different parameter mixes.
 */
import autocannon from 'autocannon';
import { summarise } from './bench-support.ts';

export interface LoadTarget {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadRun {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  targets: LoadTarget[];
}

export interface LoadResult {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** Completed responses (any status). */
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Completed responses per second of the run. */
  rps: number;
  seconds: number;
  /** CPU seconds this load generator used. */
  cpuSeconds: number;
}

type Message = { type: 'run'; id: number; run: LoadRun } | { type: 'exit' };

function runLoad(run: LoadRun): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    let next = 0;
    const latencies: number[] = [];
    let non2xx = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const instance = autocannon(
      {
        url: run.url,
        connections: run.connections,
        duration: run.durationSeconds,
        headers: run.headers ?? {},
        requests: [
          {
            setupRequest: (request) => {
              const target = run.targets[next % run.targets.length]!;
              next += 1;
              return { ...request, method: target.method, path: target.path, ...(target.body !== undefined ? { body: target.body } : {}) };
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        resolve({
          ...summarise(latencies),
          responses: latencies.length,
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          rps: latencies.length / seconds,
          seconds,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) non2xx += 1;
    });
  });
}

process.on('message', (message: Message) => {
  if (message.type === 'exit') {
    process.disconnect?.();
    return;
  }
  runLoad(message.run).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The parent went away: nothing left to do.
process.on('disconnect', () => process.exit(0));
