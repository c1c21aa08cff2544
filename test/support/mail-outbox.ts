import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A quoted-printable body as mail programs read it: soft line breaks out, =XX bytes back, then UTF-8. */
function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** One mail file as a person reads it: the decoded subject, a blank line, the decoded body. */
function readMail(file: string): string {
  const raw = readFileSync(file, 'latin1');
  const [, headers = '', body = ''] = /^([\s\S]*?)\r?\n\r?\n([\s\S]*)$/.exec(raw) ?? [];
  const subjectLine = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(headers)?.[1] ?? '';
  const subject = subjectLine.includes('=?')
    ? [...subjectLine.matchAll(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi)]
        .map(([, kind, text]) => (kind!.toUpperCase() === 'B' ? Buffer.from(text!, 'base64').toString('utf8') : decodeQuotedPrintable(text!.replace(/_/g, ' '))))
        .join('')
    : subjectLine.trim();
  const text = /content-transfer-encoding: base64/i.test(headers) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : decodeQuotedPrintable(body);
  return `Subject: ${subject}\n\n${text}`;
}

/** The mails the app wrote to its outbox folder (no SMTP) for an address, oldest first, decoded. */
export function mailsTo(outboxDir: string, address: string): string[] {
  if (!existsSync(outboxDir)) return [];
  const name = address.replace(/[^a-z0-9@.-]/gi, '_');
  return readdirSync(outboxDir)
    .filter((file) => file.includes(name))
    .sort()
    .map((file) => readMail(path.join(outboxDir, file)));
}

/**
 * Waits until the mail outbox worker has written at least `count` mails to an
 * address (polling the folder), and answers them all, oldest first. Throws
 * with what did arrive when the time is up.
 */
export async function waitForMails(outboxDir: string, address: string, count = 1, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = mailsTo(outboxDir, address);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`expected ${count} mail(s) to ${address} within ${timeoutMs} ms, got ${mails.length}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until a mail to an address contains `text`, and answers that mail. */
export async function waitForMailContaining(outboxDir: string, address: string, text: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailsTo(outboxDir, address).find((mail) => mail.includes(text));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} containing ${JSON.stringify(text)} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
