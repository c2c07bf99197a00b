import nodemailer from 'nodemailer';
import type { AppConfig } from '../../platform/config.js';
import { maskPhone } from '../../platform/crypto/personal-data.js';

/**
 * Where a message goes outside the system. Drivers throw on failure (the worker retries) and say
 * what they did: `sent` when a gateway took it, `logged` when it was only written to the log.
 */
export type Delivery = 'sent' | 'logged';
export interface EmailSender {
  send(to: string, subject: string, text: string): Promise<Delivery>;
  close(): void;
}
export interface SmsSender {
  send(phone: string, text: string): Promise<Delivery>;
}

/** SMTP via nodemailer: SMTP_URL (smtp[s]://user:pass@host:port) or SMTP_HOST/PORT/SECURE/USER/PASS. */
export function smtpSender(mail: NonNullable<AppConfig['mail']>): EmailSender {
  const transport = mail.url
    ? nodemailer.createTransport(mail.url)
    : nodemailer.createTransport({
        host: mail.host,
        port: mail.port ?? (mail.secure ? 465 : 587),
        secure: mail.secure ?? false,
        ...(mail.user ? { auth: { user: mail.user, pass: mail.pass ?? '' } } : {}),
      });
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from: mail.from, to, subject, text });
      return 'sent';
    },
    close: () => transport.close(),
  };
}

/**
 * The SMS interface with a logging driver: a real gateway (an operator's SMS platform) plugs in
 * behind `SmsSender`; until then each message is written to the log, the number masked (SEC-13),
 * and its outbox row says `logged` — nobody's phone received it.
 */
export class LoggingSmsSender implements SmsSender {
  constructor(private readonly log: (line: string) => void) {}
  async send(phone: string, text: string): Promise<Delivery> {
    this.log(`[SMS] ${maskPhone(phone)}：${text}`);
    return 'logged';
  }
}
