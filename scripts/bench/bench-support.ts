import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { resolveMeiliBinary } from '../../server/search-engine/meili-binary.ts';
import { startEmbeddedMeili } from '../../server/search-engine/meili-process.ts';

/** Latency figures in milliseconds. */
export function summarise(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length) };
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** Folders of Meilisearch servers benchMeili started and has not stopped yet (for Ctrl-C). */
export const transportMeiliFolders = new Set<string>();

/** MEILI_URL if given, otherwise a Meilisearch of the benchmark's own in a temp folder. */
export async function benchMeili(): Promise<{ url: string; masterKey: string; stop: () => Promise<void> }> {
  if (process.env.MEILI_URL) return { url: process.env.MEILI_URL, masterKey: process.env.MEILI_MASTER_KEY ?? '', stop: async () => {} };
  const folder = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-bench-'));
  transportMeiliFolders.add(folder);
  const meili = await startEmbeddedMeili({
    binary: resolveMeiliBinary({ configured: process.env.MEILI_BINARY, fallbackDir: path.join(folder, 'bin'), searchPath: process.env.PATH }),
    dataDir: folder,
    maxIndexingMemory: '1GiB',
    startupTimeoutMs: 60_000,
    logger: createSilentLogger(),
  });
  return {
    url: meili.url,
    masterKey: meili.masterKey,
    stop: async () => {
      await meili.stop();
      rmSync(folder, { recursive: true, force: true });
      transportMeiliFolders.delete(folder);
    },
  };
}

/**
 * While it waits for a task, meilisearch-js 0.62 adds an abort listener to the
 * wait's shared AbortSignal on every poll and removes it only on abort, so a
 * long indexing task prints "MaxListenersExceededWarning … AbortSignal" once per
 * batch. That says nothing about the benchmark: count those, print every other warning.
 */
export function quietAbortSignalWarnings(): () => number {
  let suppressed = 0;
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'MaxListenersExceededWarning' && warning.message.includes('AbortSignal')) suppressed += 1;
    else console.warn(`(warning) ${warning.name}: ${warning.message}`);
  });
  return () => suppressed;
}

/**
 * For Ctrl-C while the app is still starting (no handle to stop it yet): ends
 * the embedded Meilisearch recorded in this data folder's pid file, if that
 * process is still a Meilisearch on this folder.
 */
export async function stopEmbeddedMeiliOf(dataDir: string, meiliDir = path.join(dataDir, 'meilisearch')): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(meiliDir, 'meilisearch.pid'), 'utf8').trim());
  } catch {
    return;
  }
  const ours = () => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes('meilisearch') && cmdline.includes(meiliDir);
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 0 || !ours()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && ours(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  if (ours()) process.kill(pid, 'SIGKILL');
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after the command name; clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return 0;
  }
}
