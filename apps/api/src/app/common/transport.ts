import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { METHODS, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Problem } from '@complaint-desk/contracts';
import { AppError } from './app-error';

/**
 * Transport rules of contract Part 2 that hold below the controllers: 405 with `Allow` for a known
 * path and an unsupported method, problem+json for errors Node answers itself (URL or headers too
 * large, unparsable request), and `Cache-Control: no-store` on answers that can carry personal data.
 */

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}
/** The part of express's router this module reads: its layers, in order. */
export interface RouterLike {
  stack: RouteLayer[];
}

/** The methods the router serves for a path (from Nest's routes as registered in express), or null for an unknown path. */
export function allowedMethods(stack: RouteLayer[], path: string): Set<string> | null {
  const methods = new Set<string>();
  // Match the shape of the path: a segment that is not valid percent-encoding still names the same route
  // (the router itself answers 400 for it once the method is one the route serves).
  let decodable = true;
  try {
    decodeURIComponent(path);
  } catch {
    decodable = false;
  }
  if (!decodable) path = path.replace(/%[0-9A-Fa-f]{2}|%/g, '_');
  for (const layer of stack) {
    if (!layer.route) continue;
    let matches: unknown = false;
    try {
      matches = layer.match(path);
    } catch {
      continue; // a parameter that is not valid percent-encoding: the router answers that itself
    }
    if (!matches) continue;
    const served = Object.entries(layer.route.methods)
      .filter(([, on]) => on)
      .map(([m]) => m.toUpperCase());
    // Nest mounts module middleware (the request logger) as a route for every method: not a route of its own.
    if (served.includes('_ALL') || served.length >= METHODS.length) continue;
    for (const m of served) methods.add(m);
  }
  if (methods.size === 0) return null;
  if (methods.has('GET')) methods.add('HEAD');
  return methods;
}

/**
 * Middleware: a request for a known path with a method no route serves → 405 problem+json with
 * `Allow` (an unknown path stays 404). One generic mechanism: the route table is the router's own,
 * read at request time, so every controller route (and the OpenAPI routes) counts.
 */
export function methodNotAllowed(router: () => RouterLike): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api')) return next();
    const allowed = allowedMethods(router().stack, req.path);
    if (!allowed || allowed.has(req.method)) return next();
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    next(new AppError('METHOD_NOT_ALLOWED', `${req.method} is not supported here; allowed: ${allow}`));
  };
}

/** `/api` answers that are not health or the OpenAPI document may carry personal data: never stored by caches. */
export function noStoreForApi(req: Request, res: Response, next: NextFunction): void {
  if (/^\/api(\/|$)/.test(req.path) && !/^\/api\/(health|docs)(\/|-json|$)/.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}

function problem(status: number, detail: string): Problem {
  const title = STATUS_CODES[status] ?? 'Client Error';
  return { type: `https://complaint-desk.dev/problems/${title.toLowerCase().replace(/[^a-z]+/g, '-')}`, title, status, detail, errors: [] };
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request line or headers are too large (at most 16 KB together)'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'The chunk extensions are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request was not received in time'],
};

/**
 * The http server's own errors (a URL or headers over 16 KB, a request that is not HTTP) answered as
 * problem+json instead of Node's bare status line. Attached where the server is created (createApp),
 * so main.ts and every test server get it.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection reset or one already answering a request: nothing sensible can be written.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const [status, detail] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'The request could not be parsed as HTTP'];
    const body = JSON.stringify(problem(status, detail));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
