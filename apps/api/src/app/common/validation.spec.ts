import { QueryFailedError } from 'typeorm';
import type { PinoLogger } from 'nestjs-pino';
import { ProblemDetailsFilter, ValidationFailed } from './problem-details.filter';
import { createValidationPipe, findInvalidText, findNulStrings, validateBody } from './validation';
import { UpdateUserDto } from '../users/dto/user.dto';
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
    const body = {
      clientId: 'not-a-uuid',
      channel: 'phone',
      subject: 'client',
      summary: 'a\u0000b',
      customer: { name: 'Eva', email: 'e@x.se' },
    };
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

describe('lone UTF-16 surrogates in request text (contract Part 2: 400 naming the field, never stored as U+FFFD)', () => {
  it('findInvalidText names strings and keys with a lone surrogate or NUL; well-formed pairs are fine', () => {
    expect(findInvalidText({ a: '\ud800', b: 'x\udfffy', c: ['😡 𝄞', 'ok'], d: { ['k\udc00']: 1 }, e: 'a\u0000' })).toEqual([
      { field: 'a', message: 'a must be valid Unicode text (it contains a lone UTF-16 surrogate)' },
      { field: 'b', message: 'b must be valid Unicode text (it contains a lone UTF-16 surrogate)' },
      { field: 'd', message: 'a field name must be valid Unicode text (it contains a lone UTF-16 surrogate)' },
      { field: 'e', message: 'e must not contain the NUL character (U+0000)' },
    ]);
    expect(findInvalidText('\ud83d\ude21 ok \u{1F600}', 'q')).toEqual([]);
    expect(findInvalidText('\ude21\ud83d', 'q').map((f) => f.field)).toEqual(['q']);
  });

  it('the pipe refuses a lone surrogate before class-validator (isEmail would throw URIError), with the other field errors', async () => {
    const pipe = createValidationPipe();
    const body = {
      clientId: 'not-a-uuid',
      channel: 'phone',
      subject: 'client',
      summary: 'ok',
      description: 'ok',
      customer: { name: 'Eva', email: 'a\udfffb@example.org' },
    };
    const err = await pipe.transform(body, { type: 'body', metatype: RegisterComplaintDto, data: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailed);
    const fields = (err as ValidationFailed).fieldErrors.map((f) => f.field);
    expect(fields.filter((f) => f === 'customer.email')).toHaveLength(1);
    expect(fields).toContain('clientId');
  });
});

describe('validateBody and null for optional fields (contract Part 2: null for a field that is not nullable → 400)', () => {
  it('validateBody validates like the global pipe: prototype keys, whitelist, types, null; returns the DTO', async () => {
    const ok = await validateBody(UpdateUserDto, { active: false });
    expect(ok).toBeInstanceOf(UpdateUserDto);
    expect(ok.active).toBe(false);
    const fieldsOf = async (body: unknown) =>
      ((await validateBody(UpdateUserDto, body).catch((e: unknown) => e)) as ValidationFailed).fieldErrors;
    expect(await fieldsOf({ role: null })).toEqual([{ field: 'role', message: 'role must not be null' }]);
    expect(await fieldsOf({ colour: 'red' })).toEqual([{ field: 'colour', message: 'colour is not a known field' }]);
    expect(await fieldsOf(JSON.parse('{"__proto__":{"active":false}}'))).toEqual([
      { field: '__proto__', message: '__proto__ is not a known field' },
    ]);
    expect(await validateBody(UpdateUserDto, undefined)).toBeInstanceOf(UpdateUserDto);
  });
});
