import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Creates the structured logger. Cookies and authorisation headers are redacted;
 * a terminal gets readable lines, anything else JSON lines.
 */
export function createLogger(options: { level: string; pretty: boolean }): Logger {
  return pino({
    level: options.level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    ...(options.pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  });
}

/** A logger that writes nothing, for tests and scripts that print their own progress. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
