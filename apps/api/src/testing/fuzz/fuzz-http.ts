import { Agent, request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (at most `maxBody` bytes are kept). */
  text: string;
  /** No answer at all (connection reset, timeout): what happened. */
  transportError?: string;
}

/**
 * Sends requests exactly as given — raw body bytes, any Content-Type or none, duplicate query
 * keys — to a listening server over one keep-alive connection (supertest would open a server per
 * request and set a Content-Type of its own).
 */
export class RawHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 15_000,
    private readonly maxBody = 256 * 1024,
  ) {}

  send(method: string, path: string, headers: Record<string, string>, body: string | Buffer | null): Promise<RawResponse> {
    const payload = body === null ? null : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const all: Record<string, string | number> = { ...headers };
    if (payload) all['Content-Length'] = payload.length;
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: RawResponse) => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      const req = request(
        { host: this.host, port: this.port, method, path, headers: all, agent: this.agent, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < this.maxBody) chunks.push(c);
            size += c.length;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) =>
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
              transportError: e.message,
            }),
          );
        },
      );
      req.on('timeout', () => {
        req.destroy(new Error(`no answer within ${this.timeoutMs} ms`));
      });
      req.on('error', (e) => done({ status: 0, headers: {}, text: '', transportError: e.message }));
      req.end(payload ?? undefined);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
