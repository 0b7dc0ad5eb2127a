import {
  ArgumentMetadata,
  createParamDecorator,
  ExecutionContext,
  Type,
  ValidationError,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import type { Request } from 'express';
import { ProblemField } from '@complaint-desk/contracts';
import { ValidationFailed } from './problem-details.filter';
import { inspectJson } from './request-body';

/** Flattens class-validator's nested errors into `{field: "customer.email", message}` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ProblemField[] {
  const out: ProblemField[] = [];
  for (const e of errors) {
    const field = joinField(parent, e.property);
    // A null where none is allowed: that is the one thing to say about the field.
    if (e.constraints?.[NOT_NULL]) {
      out.push({ field, message: e.constraints[NOT_NULL] });
      continue;
    }
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, message: rule === 'whitelistValidation' ? `${field} is not a known field` : message });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

const NOT_NULL = 'isNotNull';

function joinField(parent: string, key: string): string {
  if (!parent) return key;
  return /^\d+$/.test(key) ? `${parent}[${key}]` : `${parent}.${key}`;
}

/** A UTF-16 surrogate without its partner: not a Unicode character, cannot be stored as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

interface TextRule {
  test(s: string): boolean;
  value(field: string): string;
  key: string;
}
const NUL_RULE: TextRule = {
  test: (s) => s.includes('\u0000'),
  value: (field) => `${field} must not contain the NUL character (U+0000)`,
  key: 'a field name must not contain the NUL character (U+0000)',
};
const SURROGATE_RULE: TextRule = {
  test: (s) => LONE_SURROGATE.test(s),
  value: (field) => `${field} must be valid Unicode text (it contains a lone UTF-16 surrogate)`,
  key: 'a field name must be valid Unicode text (it contains a lone UTF-16 surrogate)',
};

/** Every string and object key of a value that breaks one of `rules`, as `{field, message}`; iterative, paths built only when reported. */
function findText(root: unknown, parent: string, rules: TextRule[]): ProblemField[] {
  interface Node {
    value: unknown;
    parent: Node | null;
    key: string;
  }
  const pathOf = (n: Node): string => {
    const keys: string[] = [];
    for (let p: Node | null = n; p && p.parent; p = p.parent) keys.push(p.key);
    return keys.reverse().reduce((path, k) => joinField(path, k), parent) || 'body';
  };
  const out: ProblemField[] = [];
  const stack: Node[] = [{ value: root, parent: null, key: '' }];
  while (stack.length) {
    const node = stack.pop() as Node;
    const value = node.value;
    if (typeof value === 'string') {
      for (const r of rules) {
        if (r.test(value)) {
          const at = pathOf(node);
          out.push({ field: at, message: r.value(at) });
        }
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      for (const r of rules) if (r.test(key)) out.push({ field: pathOf(node), message: r.key });
      const v = (value as Record<string, unknown>)[key];
      if (typeof v === 'string' || (v !== null && typeof v === 'object')) stack.push({ value: v, parent: node, key });
    }
  }
  return out;
}

/**
 * Every string (and every object key) in a body, query or route parameter that contains U+0000,
 * as `{field, message}`. PostgreSQL cannot store NUL in text or jsonb, so such a value must be
 * refused as a bad request before it reaches the database.
 */
export function findNulStrings(value: unknown, parent = ''): ProblemField[] {
  return findText(value, parent, [NUL_RULE]);
}

/**
 * Every string (and object key) that PostgreSQL cannot store as given: U+0000, or a lone UTF-16
 * surrogate (which would be turned into U+FFFD on the way to the database — the contract says text
 * is stored exactly as given — and makes validators such as isEmail throw).
 */
export function findInvalidText(value: unknown, parent = ''): ProblemField[] {
  return findText(value, parent, [NUL_RULE, SURROGATE_RULE]);
}

/** A copy with every lone surrogate replaced by U+FFFD, so the other rules can be checked safely. */
function withoutLoneSurrogates(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATES, '\uFFFD');
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => withoutLoneSurrogates(v, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(copy, k.replace(LONE_SURROGATES, '\uFFFD'), {
      value: withoutLoneSurrogates(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * The ValidationPipe plus one rule for every string of every DTO, query and parameter, checked
 * before class-validator sees the value: no U+0000 and no lone UTF-16 surrogate (400 naming the field).
 */
export class AppValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const checked = metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param';
    const bad = checked ? findInvalidText(value, metadata.type === 'body' ? '' : (metadata.data ?? '')) : [];
    if (bad.length === 0) return super.transform(value, metadata);
    // Report these fields together with any other field errors of the same request — checked on a copy
    // without lone surrogates, which some validators (isEmail) cannot handle.
    let others: ProblemField[] = [];
    try {
      await super.transform(withoutLoneSurrogates(value), metadata);
    } catch (e) {
      if (e instanceof ValidationFailed) others = e.fieldErrors.filter((f) => !bad.some((n) => n.field === f.field));
    }
    throw new ValidationFailed([...bad, ...others]);
  }
}

/** Global pipe: unknown fields rejected, types checked, bodies transformed to DTO classes, NUL and lone surrogates refused. */
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

const bodyPipe = createValidationPipe();

/**
 * Validates a request body exactly as the global pipe validates a `@Body() dto: Dto` parameter
 * (prototype keys and depth, NUL and lone surrogates, whitelist, types, limits; 400 naming each
 * field) and returns the DTO instance. For handlers that take the body with {@link RawBody} and must
 * decide something first (404 before 400: contract "Which answer wins").
 */
export async function validateBody<T extends object>(metatype: Type<T>, body: unknown): Promise<T> {
  const unreadable = inspectJson(body);
  if (unreadable.length) throw new ValidationFailed(unreadable);
  return (await bodyPipe.transform(body ?? {}, { type: 'body', metatype, data: undefined })) as T;
}

/**
 * The request body as parsed, not validated: a custom parameter, which the global pipe leaves alone.
 * The handler must pass it through {@link validateBody} (document the schema with `@ApiBody`).
 */
export const RawBody = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<Request>().body,
);

/**
 * An optional field that may be omitted but is not nullable: `undefined` skips its rules, `null` is
 * refused (400 naming the field). Use instead of `@IsOptional()`, which lets `null` through.
 */
export function IsOptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    ValidateIf((_o: unknown, v: unknown) => v !== undefined, options)(target, propertyKey);
    registerDecorator({
      name: NOT_NULL,
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `${String(propertyKey)} must not be null`, ...options },
      validator: { validate: (v: unknown) => v !== null },
    });
  };
}
