import type { ArgumentsHost } from '@nestjs/common';
import type { PinoLogger } from 'nestjs-pino';
import { QueryFailedError } from 'typeorm';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Database and unexpected errors reach the client as problem+json, never as driver text or a stack. */
describe('ProblemDetailsFilter: errors the handlers did not expect', () => {
  const logged: unknown[] = [];
  const logger = { error: (o: unknown) => logged.push(o) } as unknown as PinoLogger;
  const filter = new ProblemDetailsFilter(logger);
  const dbError = (code: string, message: string) =>
    new QueryFailedError('INSERT INTO clients …', [], Object.assign(new Error(message), { code }));

  function send(exception: unknown) {
    const out: { status?: number; type?: string; body?: string; headers: Record<string, string> } = { headers: {} };
    const res = {
      headersSent: false,
      getHeader: (k: string) => out.headers[k],
      setHeader: (k: string, v: string) => (out.headers[k] = v),
      status(s: number) {
        out.status = s;
        return this;
      },
      type(t: string) {
        out.type = t;
        return this;
      },
      send(b: string) {
        out.body = b;
        return this;
      },
    };
    const host = {
      switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ path: '/api/clients' }) }),
    } as unknown as ArgumentsHost;
    filter.catch(exception, host);
    return { ...out, json: JSON.parse(out.body as string) };
  }

  it.each([
    ['23505 unique violation', '23505', 409, 'DUPLICATE'],
    ['40001 serialization failure', '40001', 409, 'CONCURRENT_CHANGE'],
    ['40P01 deadlock', '40P01', 409, 'CONCURRENT_CHANGE'],
    ['55P03 lock timeout', '55P03', 409, 'CONCURRENT_CHANGE'],
    ['22P02 invalid text representation', '22P02', 400, 'VALIDATION_FAILED'],
    ['22001 string too long', '22001', 400, 'VALIDATION_FAILED'],
    ['22009 time zone displacement out of range (a local date of year 10 000)', '22009', 400, 'VALIDATION_FAILED'],
    ['22021 NUL in text', '22021', 400, 'VALIDATION_FAILED'],
    ['22P05 NUL in jsonb', '22P05', 400, 'VALIDATION_FAILED'],
    ['23503 foreign key', '23503', 422, 'UNPROCESSABLE'],
  ])('%s (SQLSTATE %s) → %d %s problem+json without the driver text', (_name, code, status, problemCode) => {
    const r = send(dbError(code, 'duplicate key value violates unique constraint "clients_code_key" DETAIL: Key (code)=(ACME)'));
    expect(r.status).toBe(status);
    expect(r.type).toBe('application/problem+json');
    expect(r.json).toMatchObject({ status, code: problemCode, type: expect.stringMatching(/^https:\/\//), title: expect.any(String) });
    expect(r.body).not.toMatch(/clients_code_key|Key \(code\)|INSERT INTO/);
  });

  it('an unexpected error → 500 with a generic text: no message, stack or SQL; the details go to the log only', () => {
    logged.length = 0;
    const r = send(new TypeError('Cannot read properties of undefined (reading "customerEmail") at /app/secret.ts:12'));
    expect(r.status).toBe(500);
    expect(r.json).toEqual({
      type: 'https://complaint-desk.dev/problems/internal-server-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred',
      errors: [],
    });
    expect(r.body).not.toMatch(/customerEmail|secret\.ts|TypeError/);
    expect(JSON.stringify(logged)).toMatch(/TypeError/);
  });

  it('an unknown database error (e.g. 53300 too many connections) is a 500 without driver text', () => {
    const r = send(dbError('53300', 'sorry, too many clients already'));
    expect(r.status).toBe(500);
    expect(r.body).not.toMatch(/too many clients/);
  });
});
