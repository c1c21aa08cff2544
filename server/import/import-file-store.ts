import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Uploads wait here between preview and confirm; never in the session (they can be megabytes). */
const KEEP_MS = 24 * 60 * 60 * 1000;
const ID = /^[a-f0-9]{32}$/;

export interface StoredUpload {
  id: string;
  fileName: string;
  buffer: Buffer;
}

const folderOf = (dataDir: string) => path.join(dataDir, 'imports');

/** Keeps an uploaded file under a random id; files older than a day are removed on the way. */
export async function saveUpload(dataDir: string, fileName: string, buffer: Buffer, now: Date): Promise<string> {
  const folder = folderOf(dataDir);
  await mkdir(folder, { recursive: true });
  await pruneUploads(dataDir, now);
  const id = randomBytes(16).toString('hex');
  await writeFile(path.join(folder, `${id}.bin`), buffer);
  await writeFile(path.join(folder, `${id}.json`), JSON.stringify({ fileName: path.basename(fileName).slice(0, 200) }));
  return id;
}

/** The upload with this id, or undefined for an unknown, malformed or expired id. */
export async function loadUpload(dataDir: string, id: string, now: Date): Promise<StoredUpload | undefined> {
  if (!ID.test(id)) return undefined;
  const file = path.join(folderOf(dataDir), `${id}.bin`);
  try {
    if (now.getTime() - (await stat(file)).mtimeMs > KEEP_MS) return undefined;
    const meta = JSON.parse(await readFile(path.join(folderOf(dataDir), `${id}.json`), 'utf8')) as { fileName: string };
    return { id, fileName: meta.fileName, buffer: await readFile(file) };
  } catch {
    return undefined;
  }
}

export async function deleteUpload(dataDir: string, id: string): Promise<void> {
  if (!ID.test(id)) return;
  await rm(path.join(folderOf(dataDir), `${id}.bin`), { force: true });
  await rm(path.join(folderOf(dataDir), `${id}.json`), { force: true });
}

/** Removes uploads older than a day. */
export async function pruneUploads(dataDir: string, now: Date): Promise<number> {
  const folder = folderOf(dataDir);
  let removed = 0;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const file = path.join(folder, name);
    const info = await stat(file).catch(() => undefined);
    if (info && now.getTime() - info.mtimeMs > KEEP_MS) {
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
