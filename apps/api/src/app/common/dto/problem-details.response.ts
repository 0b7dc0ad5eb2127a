import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { COMPLAINT_ACTIONS, COMPLAINT_STATUSES, ERROR_CODES, type ErrorCode, Problem, ProblemField } from '@complaint-desk/contracts';
import { ERROR_STATUS } from '../app-error';

const PROBLEM_JSON = 'application/problem+json';

export class ProblemFieldDetails implements ProblemField {
  @ApiProperty({ example: 'customer.email', description: 'The request field (dotted path), header or parameter at fault' })
  field!: string;

  @ApiProperty({ example: 'email must be an e-mail address' })
  message!: string;
}

/** RFC 9457 problem details: the body of every error answer (see ProblemDetailsFilter). */
export class ProblemDetails implements Problem {
  @ApiProperty({ format: 'uri', example: 'https://complaint-desk.dev/problems/conflict' })
  type!: string;

  @ApiProperty({ example: 'Conflict', description: 'The HTTP reason phrase of `status`' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 409 })
  status!: number;

  @ApiProperty({ description: 'Human-readable, safe to show; never a stack trace or a driver message' })
  detail!: string;

  @ApiProperty({ type: () => [ProblemFieldDetails], description: 'Field errors (400, 422); empty otherwise' })
  errors!: ProblemFieldDetails[];

  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES, description: '409 on a lifecycle action: the complaint’s current state' })
  state?: string;

  @ApiPropertyOptional({
    enum: COMPLAINT_ACTIONS,
    isArray: true,
    description: '409 on a lifecycle action: the actions the caller may take now',
  })
  allowedActions?: string[];

  @ApiPropertyOptional({
    enum: ERROR_CODES,
    example: 'ACTION_NOT_ALLOWED',
    description:
      'Machine-readable code (`ERROR_CODES` of libs/contracts), each with one HTTP status: ' +
      ERROR_CODES.map((code) => `${code} (${ERROR_STATUS[code]})`).join(', ') +
      '. Absent when the HTTP layer answered before any rule of the API: an unknown route, a body the JSON parser refused (malformed, over 1 MB, unknown charset), a URL or headers too large, a 500.',
  })
  code?: ErrorCode;

  @ApiPropertyOptional({ type: 'integer', description: '412: the complaint’s current version (its ETag)' })
  version?: number;

  @ApiPropertyOptional({ type: 'integer', description: '429: seconds until another attempt is accepted (also the Retry-After header)' })
  retryAfter?: number;
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429;

const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Invalid request: malformed JSON, wrong or unknown fields, bad header or query (`errors` names each field)',
  401: 'No valid bearer token (or, on sign-in, wrong e-mail or password)',
  403: 'The caller’s role may not do this',
  404: 'Unknown id, or an id of a client the caller does not serve',
  409: 'Conflict: duplicate, action not allowed in the current state (with `state` and `allowedActions`) or a concurrent change won',
  412: 'If-Match names a stale version (with the current `version`)',
  413: 'The request body is larger than 1 MB',
  415: 'The body (or, for a body-less request, the declared Content-Type) is not application/json',
  422: 'The request is well-formed but breaks a domain rule (`errors` names the field)',
  429: 'Too many attempts; retry after `Retry-After` seconds',
};

/** Documents the error answers a route can really give, each as `application/problem+json` with {@link ProblemDetails}. */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status],
        content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
        ...(status === 429
          ? { headers: { 'Retry-After': { description: 'Seconds until the next attempt is accepted', schema: { type: 'integer' } } } }
          : {}),
      }),
    ),
  );
}

interface DocOperation {
  parameters?: Array<{ name?: string; in?: string; description?: string; schema?: { type?: string; format?: string } }>;
  responses?: Record<string, unknown>;
}

/** What every POST / PATCH / PUT can answer about its body, whether or not it takes one (contract Part 2, input rules). */
const BODY_PROBLEMS: Record<'400' | '415', string> = {
  400: 'The body cannot be read (malformed JSON, nested deeper than 32 levels, a key `__proto__`, `constructor` or `prototype`) or has invalid fields (`errors` names each field)',
  415: PROBLEM_DESCRIPTIONS[415],
};

/**
 * Finishes the generated OpenAPI document with what holds for every route, in one place:
 * a path `{id}` is a UUID (anything else, like an id of a client the caller does not serve, is 404),
 * every POST / PATCH / PUT may answer 415 (not JSON) and 400 (unreadable body), and an unexpected
 * failure is a 500 problem document without internals.
 */
export function completeOpenApiDocument(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    const ops = item as unknown as Record<string, DocOperation>;
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const) {
      const op = ops[method];
      if (!op) continue;
      for (const p of op.parameters ?? []) {
        if (p.in === 'path' && p.name === 'id') {
          p.schema = { ...p.schema, type: 'string', format: 'uuid' };
          p.description ??= 'A UUID; an unknown id and an id of a client the caller does not serve both answer 404';
        }
      }
      op.responses ??= {};
      if (method === 'post' || method === 'patch' || method === 'put') {
        for (const [status, description] of Object.entries(BODY_PROBLEMS)) {
          op.responses[status] ??= { description, content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetails) } } } };
        }
      }
      // The per-user write limit (contract Part 2, sessions and abuse): every authenticated write may answer 429.
      const secured = ((op as { security?: unknown[] }).security?.length ?? 0) > 0;
      if (
        secured &&
        method !== 'get' &&
        method !== 'head' &&
        method !== 'options' &&
        (op as Record<string, unknown>)['x-write-limit'] !== false
      ) {
        op.responses['429'] ??= {
          description: 'More than WRITE_RATE_LIMIT_PER_MINUTE writes by this user in the current minute; retry after `Retry-After` seconds',
          headers: { 'Retry-After': { description: 'Seconds until the next write is accepted', schema: { type: 'integer' } } },
          content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
        };
      }
      op.responses['500'] ??= {
        description:
          'Unexpected failure: a problem document without internals (no stack trace, no SQL); the X-Request-Id header names the log line',
        content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      };
    }
  }
  return doc;
}
