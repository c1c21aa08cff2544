import { PollingWorker } from '../cluster/polling-worker.ts';
import type { WorkerLease } from '../cluster/worker-lease.ts';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import type { Mailer } from './mailer.ts';
import { countMailBacklog, listDueMail, markMailSent, pruneSentMail, recordMailFailure, type QueuedMail } from './mail-outbox-repository.ts';

const POLL_INTERVAL_MS = 500;
const BATCH_SIZE = 20;
/** After this many failed attempts a mail is parked for staff instead of retried. */
export const MAIL_MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 15_000;
const MAX_RETRY_MS = 60 * 60 * 1000;
const KEEP_SENT_MS = 14 * 24 * 60 * 60 * 1000;

export interface MailWorkerDeps {
  db: Database;
  mailer: Mailer;
  logger: Logger;
  /** Real time for retries; the worker never follows a test's shifted clock. */
  clock?: () => Date;
  /** Among several app instances only the holder sends; without one this worker assumes it is alone. */
  lease?: WorkerLease;
}

/** When a mail that failed `attempts` times is tried again: 15 s, 30 s, 1 min … at most an hour; null parks it. */
export function nextMailAttempt(attempts: number, now: Date): Date | null {
  if (attempts >= MAIL_MAX_ATTEMPTS) return null;
  return new Date(now.getTime() + Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS));
}

/**
 * Sends the mail outbox. Each mail is sent on its own: one bad address or a
 * mail server that is away delays that mail (with growing back-off) and never
 * the request that queued it.
 */
export class MailOutboxWorker extends PollingWorker {
  private lastPrune = 0;
  private readonly clock: () => Date;

  constructor(private readonly deps: MailWorkerDeps) {
    super({ intervalMs: POLL_INTERVAL_MS, lease: deps.lease });
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Sends what is due now; answers how many mails went out. Each mail is sent
   * only while the lease is still held, so a holder that lost it stops before
   * the next mail (the new holder sends it) rather than sending it twice.
   */
  async processDue(): Promise<number> {
    let sent = 0;
    for (const mail of await listDueMail(this.deps.db, this.clock(), BATCH_SIZE)) {
      if (!(this.deps.lease?.isHeld() ?? true)) break;
      if (await this.sendOne(mail)) sent += 1;
    }
    return sent;
  }

  /** Waits until no mail is waiting to be sent (parked ones aside); for tests and scripts. */
  drain(timeoutMs = 30_000): Promise<void> {
    const pending = async () => (await countMailBacklog(this.deps.db)).pending;
    return this.notifyUntilDone(pending, timeoutMs, () => `mail outbox not drained within ${timeoutMs} ms`);
  }

  private async sendOne(mail: QueuedMail): Promise<boolean> {
    try {
      await this.deps.mailer.send({ to: mail.to, subject: mail.subject, text: mail.text });
      await markMailSent(this.deps.db, mail.id, this.clock());
      return true;
    } catch (error) {
      const now = this.clock();
      const retryAt = nextMailAttempt(mail.attempts + 1, now);
      const message = error instanceof Error ? error.message : String(error);
      await recordMailFailure(this.deps.db, mail.id, message, retryAt, now);
      // Never the address or the body: both are personal data, the body may hold a token.
      this.deps.logger.warn({ mailId: mail.id, attempts: mail.attempts + 1, parked: retryAt === null, err: message }, 'mail not sent');
      return false;
    }
  }

  /** A failed prune is logged like a failed round, but mail sent before it still counts (the next round follows at once). */
  protected async runRound(): Promise<number> {
    const sent = await this.processDue();
    await this.pruneOccasionally().catch((error: unknown) => this.roundFailed(error));
    return sent;
  }

  protected roundFailed(error: unknown): void {
    this.deps.logger.warn({ err: error }, 'mail outbox round failed; will retry');
  }

  private async pruneOccasionally(): Promise<void> {
    const now = this.clock().getTime();
    if (now - this.lastPrune < 60 * 60 * 1000) return;
    this.lastPrune = now;
    await pruneSentMail(this.deps.db, new Date(now - KEEP_SENT_MS));
  }
}
