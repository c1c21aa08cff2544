import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logging/logger.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The one link the mail is about, logged when mail goes to files so the flow works on a fresh machine. */
  link?: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Sends through SMTP when SMTP_URL is set; otherwise writes each mail as an
 * .eml file under DATA_DIR/mail and logs its link.
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
  return {
    async send(mail) {
      const { message } = await fileTransport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      mkdirSync(options.outboxDir, { recursive: true });
      const stamp = options.clock().toISOString().replace(/[:.]/g, '-');
      const file = path.join(options.outboxDir, `${stamp}-${mail.to.replace(/[^a-z0-9@.-]/gi, '_')}.eml`);
      writeFileSync(file, message as Buffer);
      options.logger.info({ to: mail.to, subject: mail.subject, link: mail.link, file }, 'mail written to the outbox folder (no SMTP_URL)');
    },
  };
}
