import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { toApiFailure } from './problem';

const answer = (status: number, error: unknown) =>
  new HttpErrorResponse({
    status,
    statusText: 'Status text',
    error,
    headers: new HttpHeaders({ 'Content-Type': 'application/problem+json' }),
  });

describe('toApiFailure (issue 11 item 4: the console switches on the typed code)', () => {
  it('reads a problem document: its typed code, field errors and detail', () => {
    const f = toApiFailure(
      answer(409, {
        type: 'x',
        title: 'Conflict',
        status: 409,
        detail: 'Not allowed when closed',
        errors: [],
        code: 'ACTION_NOT_ALLOWED',
        state: 'closed',
      }),
    );
    expect(f).toMatchObject({ status: 409, code: 'ACTION_NOT_ALLOWED', fieldErrors: [], message: 'Not allowed when closed' });
    expect(f.problem?.state).toBe('closed');
    const fields = toApiFailure(
      answer(400, { title: 'Bad Request', status: 400, errors: [{ field: 'reason', message: 'required' }], code: 'VALIDATION_FAILED' }),
    );
    expect(fields).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'reason', message: 'required' }],
      message: 'Bad Request',
    });
  });

  it('a code the console does not know, a problem without one, or no problem at all → code null', () => {
    expect(toApiFailure(answer(409, { title: 'Conflict', status: 409, code: 'SOMETHING_NEW' })).code).toBeNull();
    expect(toApiFailure(answer(409, { title: 'Conflict', status: 409, code: 42 })).code).toBeNull();
    expect(toApiFailure(answer(413, { title: 'Content Too Large', status: 413 })).code).toBeNull();
    expect(toApiFailure(answer(502, '<html>Bad gateway</html>'))).toMatchObject({
      status: 502,
      code: null,
      problem: null,
      message: 'Status text',
    });
    expect(
      toApiFailure(new HttpErrorResponse({ status: 0, statusText: 'Unknown Error', error: new ProgressEvent('error') })),
    ).toMatchObject({ status: 0, code: null });
    expect(toApiFailure(new Error('boom'))).toEqual({ status: -1, code: null, problem: null, fieldErrors: [], message: 'boom' });
  });
});
