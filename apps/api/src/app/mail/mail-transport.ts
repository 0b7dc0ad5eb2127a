import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { AppConfig } from '../config/config';

export interface OutgoingMail {
  /** The outbox row id: also the Message-ID's local part, so a retry carries the same id. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  language: string;
}

export interface MailTransport {
  /** 'smtp', 'file' or 'none' (nothing configured: messages stay queued). */
  readonly kind: 'smtp' | 'file' | 'none';
  /** Where messages go, for the start-up log (no credentials). */
  readonly description: string;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

function message(mail: OutgoingMail, domain: string): nodemailer.SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.id}@${domain}>`,
    headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
  };
}

function senderDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+)/.exec(from);
  return m ? m[1] : 'complaint-desk.local';
}

/** SMTP over nodemailer (SMTP_URL), with short timeouts so a dead server fails the attempt instead of hanging it. */
export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp' as const;
  readonly description: string;
  private readonly transporter: nodemailer.Transporter;
  constructor(url: string) {
    const u = new URL(url);
    this.description = `SMTP ${u.protocol}//${u.hostname}:${u.port || (u.protocol === 'smtps:' ? 465 : 587)}`;
    this.transporter = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
      debug: false,
    } as nodemailer.TransportOptions);
  }
  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const info = await this.transporter.sendMail(message(mail, senderDomain(mail.from)));
    return { messageId: String(info.messageId ?? '') };
  }
  close(): void {
    this.transporter.close();
  }
}

/**
 * Demo mode without SMTP_URL: every message is written as an RFC 5322 `.eml` file to MAIL_DIR
 * (default DATA_DIR/mail), named `<outbox id>.eml`; open it with any mail client.
 */
export class FileMailTransport implements MailTransport {
  readonly kind = 'file' as const;
  readonly description: string;
  private readonly transporter: nodemailer.Transporter;
  constructor(private readonly dir: string) {
    this.description = `files in ${dir}`;
    this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }
  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const info = (await this.transporter.sendMail(message(mail, senderDomain(mail.from)))) as { message: Buffer; messageId: string };
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${mail.id}.eml`), info.message);
    return { messageId: String(info.messageId ?? '') };
  }
  close(): void {
    this.transporter.close();
  }
}

/** No SMTP_URL outside demo mode: nothing can be delivered; messages stay pending until SMTP_URL is set. */
export class NoMailTransport implements MailTransport {
  readonly kind = 'none' as const;
  readonly description = 'none (set SMTP_URL)';
  async send(): Promise<{ messageId: string }> {
    throw new Error('No mail transport configured');
  }
  close(): void {
    return;
  }
}

export function createMailTransport(config: AppConfig): MailTransport {
  if (config.smtpUrl) return new SmtpMailTransport(config.smtpUrl);
  if (config.demo) return new FileMailTransport(config.mailDir);
  return new NoMailTransport();
}
