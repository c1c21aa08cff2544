import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logging/logger.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Sends through SMTP when SMTP_URL is set; otherwise writes each mail as an
 * .eml file under DATA_DIR/mail and logs where (never its links: they carry
 * one-time tokens, and logs are read by more people than mailboxes).
 * Only the mail outbox worker calls it.
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string; outboxDir: string; logger: Logger; clock: () => Date }): Mailer {
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      },
    };
  }
  const fileTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  // Two mails to one address in the same millisecond must not overwrite each other; names still sort by time.
  let sequence = 0;
  return {
    async send(mail) {
      const { message } = await fileTransport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      mkdirSync(options.outboxDir, { recursive: true });
      const stamp = options.clock().toISOString().replace(/[:.]/g, '-');
      sequence = (sequence + 1) % 1_000_000;
      const file = path.join(options.outboxDir, `${stamp}-${String(sequence).padStart(6, '0')}-${mail.to.replace(/[^a-z0-9@.-]/gi, '_')}.eml`);
      writeFileSync(file, message as Buffer);
      options.logger.info({ file }, 'mail written to the mail folder (no SMTP_URL); open the file to read it');
    },
  };
}
