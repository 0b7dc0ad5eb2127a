import { HttpErrorResponse } from '@angular/common/http';
import { type ErrorCode, isErrorCode, type Problem, type ProblemField } from '@complaint-desk/contracts';

/** An API failure in the terms the pages act on. */
export interface ApiFailure {
  /** 0 when the server could not be reached. */
  status: number;
  /**
   * The problem's `code`, one of `ERROR_CODES` — switch on this, never on a raw string; null when the
   * answer has none (not a problem document, an answer of the HTTP layer, a code this console does not know).
   */
  code: ErrorCode | null;
  problem: Partial<Problem> | null;
  fieldErrors: ProblemField[];
  message: string;
}

export function toApiFailure(e: unknown): ApiFailure {
  if (e instanceof HttpErrorResponse) {
    const body = e.error && typeof e.error === 'object' ? (e.error as Partial<Problem>) : null;
    return {
      status: e.status,
      code: isErrorCode(body?.code) ? body.code : null,
      problem: body,
      fieldErrors: Array.isArray(body?.errors) ? body.errors : [],
      message: body?.detail ?? body?.title ?? e.statusText ?? e.message,
    };
  }
  return { status: -1, code: null, problem: null, fieldErrors: [], message: e instanceof Error ? e.message : String(e) };
}
