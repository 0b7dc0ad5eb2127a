import { QueryFailedError } from 'typeorm';
import type { PinoLogger } from 'nestjs-pino';
import { ProblemDetailsFilter, ValidationFailed } from './problem-details.filter';
import { createValidationPipe, findNulStrings } from './validation';
import { RegisterComplaintDto } from '../complaints/dto/register-complaint.dto';

describe('U+0000 in request text (R4.1-b: never a 500 for a value PostgreSQL cannot store)', () => {
  it('findNulStrings names every string and nested field holding NUL, and nothing else', () => {
    expect(findNulStrings({ a: 'ok', b: 'x\u0000', c: { d: ['fine', '\u0000'] }, e: 1, f: null })).toEqual([
      { field: 'b', message: 'b must not contain the NUL character (U+0000)' },
      { field: 'c.d[1]', message: 'c.d[1] must not contain the NUL character (U+0000)' },
    ]);
    expect(findNulStrings({ summary: 'Dubbeldebiterad — 請求 😡', n: 3 })).toEqual([]);
    expect(findNulStrings('a\u0000', 'q')).toEqual([{ field: 'q', message: 'q must not contain the NUL character (U+0000)' }]);
  });

  it('the global pipe refuses a body with NUL as ValidationFailed naming the field, with the other field errors too', async () => {
    const pipe = createValidationPipe();
    const body = { clientId: 'not-a-uuid', channel: 'phone', subject: 'client', summary: 'a\u0000b', customer: { name: 'Eva', email: 'e@x.se' } };
    const err = await pipe.transform(body, { type: 'body', metatype: RegisterComplaintDto, data: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailed);
    const fields = (err as ValidationFailed).fieldErrors.map((f) => f.field);
    expect(fields).toContain('summary');
    expect(fields).toContain('clientId');
    expect(fields.filter((f) => f === 'summary')).toHaveLength(1);
  });

  it('the global pipe refuses a query value or route parameter with NUL under its name', async () => {
    const pipe = createValidationPipe();
    const q = await pipe.transform('abc\u0000', { type: 'param', metatype: String, data: 'code' }).catch((e: unknown) => e);
    expect((q as ValidationFailed).fieldErrors).toEqual([{ field: 'code', message: 'code must not contain the NUL character (U+0000)' }]);
    await expect(pipe.transform('abc', { type: 'param', metatype: String, data: 'code' })).resolves.toBe('abc');
  });

  it.each(['22021', '22P05'])('backstop: PostgreSQL SQLSTATE %s (NUL in text / jsonb) → 400 problem, not 500', (code) => {
    const filter = new ProblemDetailsFilter({} as PinoLogger);
    const err = new QueryFailedError('INSERT ...', [], Object.assign(new Error('invalid byte sequence'), { code }));
    expect(filter.toProblem(err)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', title: 'Bad Request' });
  });
});
