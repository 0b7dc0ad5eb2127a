import { ERROR_CODES, isErrorCode } from '../index';

describe('error codes (the `code` of a problem document)', () => {
  it('are SCREAMING_SNAKE and each listed once', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('the codes clients already switch on keep their spelling', () => {
    expect(ERROR_CODES).toEqual(
      expect.arrayContaining([
        'VALIDATION_FAILED',
        'ACTION_NOT_ALLOWED',
        'CONCURRENT_CHANGE',
        'PRECONDITION_FAILED',
        'RATE_LIMITED',
        'PERSONAL_DATA_ERASED',
      ]),
    );
  });

  it('isErrorCode accepts exactly the listed codes', () => {
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    for (const other of ['', 'validation_failed', 'NOPE', 'toString', '__proto__', 42, null, undefined, { code: 'NOT_FOUND' }]) {
      expect(isErrorCode(other)).toBe(false);
    }
  });
});
