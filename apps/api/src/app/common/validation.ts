import { ArgumentMetadata, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { ProblemField } from '@complaint-desk/contracts';
import { ValidationFailed } from './problem-details.filter';

/** Flattens class-validator's nested errors into `{field: "customer.email", message}` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ProblemField[] {
  const out: ProblemField[] = [];
  for (const e of errors) {
    const field = joinField(parent, e.property);
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, message: rule === 'whitelistValidation' ? `${field} is not a known field` : message });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

function joinField(parent: string, key: string): string {
  if (!parent) return key;
  return /^\d+$/.test(key) ? `${parent}[${key}]` : `${parent}.${key}`;
}

/**
 * Every string (and every object key) in a body, query or route parameter that contains U+0000,
 * as `{field, message}`. PostgreSQL cannot store NUL in text or jsonb, so such a value must be
 * refused as a bad request before it reaches the database.
 */
export function findNulStrings(value: unknown, parent = '', depth = 0): ProblemField[] {
  const at = parent || 'body';
  if (typeof value === 'string') return value.includes('\u0000') ? [{ field: at, message: `${at} must not contain the NUL character (U+0000)` }] : [];
  if (value === null || typeof value !== 'object' || depth > 32) return [];
  const out: ProblemField[] = [];
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, v] of entries) {
    const field = joinField(parent, key);
    if (key.includes('\u0000')) out.push({ field: parent || 'body', message: `a field name must not contain the NUL character (U+0000)` });
    out.push(...findNulStrings(v, field, depth + 1));
  }
  return out;
}

/** The ValidationPipe plus one rule for every string of every DTO, query and parameter: no U+0000. */
export class AppValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const checked = metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param';
    const nul = checked ? findNulStrings(value, metadata.type === 'body' ? '' : (metadata.data ?? '')) : [];
    if (nul.length === 0) return super.transform(value, metadata);
    // Report the NUL fields together with any other field errors of the same request.
    let others: ProblemField[] = [];
    try {
      await super.transform(value, metadata);
    } catch (e) {
      if (e instanceof ValidationFailed) others = e.fieldErrors.filter((f) => !nul.some((n) => n.field === f.field));
    }
    throw new ValidationFailed([...nul, ...others]);
  }
}

/** Global pipe: unknown fields rejected, types checked, bodies transformed to DTO classes, NUL refused. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flattenValidationErrors(errors)),
  });
}
