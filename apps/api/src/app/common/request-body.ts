import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { Observable, throwError } from 'rxjs';
import { ProblemField } from '@complaint-desk/contracts';
import { AppError } from './app-error';
import { RequestBodyError } from './problem-details.filter';

/**
 * Reading a request (contract Part 2, "Input and transport rules" and "Which answer wins").
 *
 * The JSON body is parsed by middleware, before routing — but what is wrong with it (malformed,
 * deeper than {@link MAX_JSON_DEPTH}, prototype keys, too large, wrong content type, a query that is
 * not valid percent-encoded UTF-8) is only *recorded* on the request there. {@link RequestReadInterceptor}
 * raises it once the guards have run, so the order holds: 401 → 429 → 403 (guards) → 415 → 400 (body
 * unreadable) → 404 … → 400 (field validation, the pipe or the service).
 */
export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_BYTES = '1mb';
/** Keys that would reach an object's prototype machinery: refused as unknown fields wherever they are. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** The body media types a route accepts unless it says otherwise with {@link AcceptsContentTypes}. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);
const ACCEPTS_KEY = 'acceptsContentTypes';

/**
 * The media types a route accepts for POST / PATCH / PUT bodies, instead of JSON — e.g. a future upload:
 * `@AcceptsContentTypes('multipart/form-data')`. The JSON middleware leaves such bodies unread.
 */
export const AcceptsContentTypes = (...types: string[]) => SetMetadata(ACCEPTS_KEY, types);

const READ_PROBLEM = Symbol('requestReadProblem');
type ReadRequest = Request & { [READ_PROBLEM]?: Error };

/** `type/subtype` of a Content-Type header, lower case; null when absent or empty. */
export function mediaTypeOf(header: string | undefined): string | null {
  const type = (header ?? '').split(';')[0].trim().toLowerCase();
  return type === '' ? null : type;
}

/** Whether a media type matches a pattern such as `application/json`, `application/*+json` or `multipart/*`. */
export function mediaTypeMatches(type: string, pattern: string): boolean {
  const [ptype, psub] = pattern.toLowerCase().split('/');
  const [type0, sub] = type.split('/');
  if (sub === undefined || (ptype !== '*' && ptype !== type0)) return false;
  if (psub === '*') return true;
  if (psub.startsWith('*+')) return sub.endsWith(psub.slice(1)) && sub.length > psub.length - 1;
  return psub === sub;
}

const isJson = (type: string | null) => type !== null && JSON_MEDIA_TYPES.some((p) => mediaTypeMatches(type, p));

function joinField(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * What makes a parsed JSON value unreadable: nesting deeper than {@link MAX_JSON_DEPTH} (the top-level
 * object or array is level 1), or a key from {@link PROTOTYPE_KEYS} at any level (`JSON.parse` makes
 * `"__proto__"` an own property, which class-transformer would silently drop). Iterative — no
 * recursion that a deep value could overflow.
 */
export function inspectJson(root: unknown): ProblemField[] {
  const out: ProblemField[] = [];
  // Paths are built only for a key that is reported: a 1 MB body has tens of thousands of nodes.
  interface Node {
    value: object;
    depth: number;
    parent: Node | null;
    key: string | number;
  }
  const pathOf = (n: Node | null, key: string | number): string => {
    const keys: Array<string | number> = [key];
    for (let p = n; p && p.parent; p = p.parent) keys.push(p.key);
    return keys.reverse().reduce<string>((path, k) => joinField(path, k), '');
  };
  if (root === null || typeof root !== 'object') return out;
  const stack: Node[] = [{ value: root, depth: 1, parent: null, key: '' }];
  while (stack.length) {
    const node = stack.pop() as Node;
    if (node.depth > MAX_JSON_DEPTH) {
      return [{ field: 'body', message: `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels` }];
    }
    const value = node.value;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const v: unknown = value[i];
        if (v !== null && typeof v === 'object') stack.push({ value: v, depth: node.depth + 1, parent: node, key: i });
      }
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (PROTOTYPE_KEYS.has(key)) {
        const field = pathOf(node, key);
        out.push({ field, message: `${field} is not a known field` });
      }
      const v = (value as Record<string, unknown>)[key];
      if (v !== null && typeof v === 'object') stack.push({ value: v, depth: node.depth + 1, parent: node, key });
    }
  }
  return out;
}

function decodes(s: string): boolean {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * Query parameters that cannot be read: percent-encoding that is not UTF-8 (e.g. `%ED%A0%80`, an
 * encoded lone surrogate, which the query parser would silently turn into U+FFFD) and prototype keys.
 */
export function inspectQuery(url: string): ProblemField[] {
  const at = url.indexOf('?');
  if (at < 0) return [];
  const out: ProblemField[] = [];
  for (const part of url.slice(at + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = (eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' ');
    const rawValue = eq < 0 ? '' : part.slice(eq + 1).replace(/\+/g, ' ');
    const key = decodes(rawKey) ? decodeURIComponent(rawKey) : null;
    const field = key ?? 'query';
    if (key === null || !decodes(rawValue)) {
      out.push({ field, message: `${field} is not valid percent-encoded UTF-8` });
    } else if (PROTOTYPE_KEYS.has(key.replace(/\[.*$/, ''))) {
      out.push({ field, message: `${field} is not a known field` });
    }
  }
  return out;
}

function unreadable(detail: string, errors: ProblemField[]): AppError {
  return new AppError('VALIDATION_FAILED', detail, { errors });
}

/**
 * Middleware: parses JSON bodies (`application/json`, `application/*+json`, up to 1 MB) and checks
 * them and the query string; records what is wrong on the request instead of failing. Bodies of
 * other types are left unread (the interceptor answers 415 unless the route accepts the type).
 */
export function readRequest(): express.RequestHandler {
  const parseJson = express.json({ limit: MAX_JSON_BYTES, type: (req) => isJson(mediaTypeOf(req.headers['content-type'])) });
  return (req: Request, res: Response, next: NextFunction) => {
    const r = req as ReadRequest;
    parseJson(req, res, (err?: unknown) => {
      const e = err as { type?: unknown; status?: unknown } | undefined;
      if (e) {
        if (typeof e.type !== 'string' || typeof e.status !== 'number') return next(err);
        r[READ_PROBLEM] = new RequestBodyError(e.type, e.status);
        req.body = undefined;
      } else if (req.body !== undefined) {
        const bad = inspectJson(req.body);
        if (bad.length) {
          r[READ_PROBLEM] = unreadable(bad[0].field === 'body' ? bad[0].message : 'The request body has fields that are not allowed', bad);
          req.body = undefined;
        }
      }
      if (!r[READ_PROBLEM]) {
        const query = inspectQuery(req.originalUrl ?? req.url);
        if (query.length) r[READ_PROBLEM] = unreadable('The query string cannot be read', query);
      }
      next();
    });
  };
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** 415 when a POST / PATCH / PUT sends (or declares) a body of a type the route does not accept. */
export function contentTypeProblem(req: Pick<Request, 'method' | 'headers'>, accepted: string[] = JSON_MEDIA_TYPES): AppError | null {
  if (!BODY_METHODS.has(req.method.toUpperCase())) return null;
  const type = mediaTypeOf(req.headers['content-type']);
  if (type === null ? !hasBody(req as Request) : accepted.some((p) => mediaTypeMatches(type, p))) return null;
  const expected = accepted.filter((p) => p !== 'application/*+json').join(' or ');
  const message = type === null ? `a request body must be sent as ${expected}` : `${type} is not accepted here; send ${expected}`;
  return new AppError('UNSUPPORTED_MEDIA_TYPE', `Unsupported Content-Type: ${message}`, {
    errors: [{ field: 'Content-Type', message }],
  });
}

/**
 * Global interceptor (interceptors run after every guard, before the pipes): answers 415 for a body
 * type the route does not accept, then 400 for a body or query that could not be read.
 */
@Injectable()
export class RequestReadInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<ReadRequest>();
    const accepted = this.reflector.getAllAndOverride<string[] | undefined>(ACCEPTS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const problem = contentTypeProblem(req, accepted ?? JSON_MEDIA_TYPES) ?? req[READ_PROBLEM];
    return problem ? throwError(() => problem) : next.handle();
  }
}
