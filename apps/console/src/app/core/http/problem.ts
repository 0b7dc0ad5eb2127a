import { HttpErrorResponse } from '@angular/common/http';
import type { Problem, ProblemField } from '@complaint-desk/contracts';

/** An API failure in the terms the pages act on. */
export interface ApiFailure {
  /** 0 when the server could not be reached. */
  status: number;
  problem: Partial<Problem> | null;
  fieldErrors: ProblemField[];
  message: string;
}

export function toApiFailure(e: unknown): ApiFailure {
  if (e instanceof HttpErrorResponse) {
    const body = e.error && typeof e.error === 'object' ? (e.error as Partial<Problem>) : null;
    return {
      status: e.status,
      problem: body,
      fieldErrors: Array.isArray(body?.errors) ? body.errors : [],
      message: body?.detail ?? body?.title ?? e.statusText ?? e.message,
    };
  }
  return { status: -1, problem: null, fieldErrors: [], message: e instanceof Error ? e.message : String(e) };
}

export function isNetworkFailure(f: ApiFailure): boolean {
  return f.status === 0;
}
