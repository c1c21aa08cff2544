import { randomBytes } from 'node:crypto';
import os from 'node:os';

/**
 * Names this app process among the instances sharing a database: host, process
 * id and a random part (a restarted container may get the same pid again).
 */
export function createInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
