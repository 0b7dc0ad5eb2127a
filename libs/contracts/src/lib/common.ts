import type { ErrorCode } from './errors';

/** RFC 9457 problem details, as every error of the API is returned. */
export interface ProblemField {
  field: string;
  message: string;
}
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemField[];
  /** For 409 on lifecycle actions: the complaint's current state and the actions allowed in it. */
  state?: string;
  allowedActions?: string[];
  /** Machine-readable code, one of {@link ERROR_CODES}; absent on answers of the HTTP layer itself (unknown route, body over 1 MB, 500). */
  code?: ErrorCode;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface HealthResponse {
  status: 'ok' | 'error';
  db: 'up' | 'down';
}
export const CHANNELS = ['phone', 'email', 'webchat', 'letter', 'social', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];
