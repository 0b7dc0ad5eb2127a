import type { TestApp } from './test-app';

/** Helpers of the complaints integration specs (real API, real PostgreSQL). */

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

export function registerBody(clientId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientId,
    channel: 'phone',
    receivedAt: '2026-11-18T09:30:00+01:00',
    subject: 'client',
    summary: 'Charged twice for November',
    description: 'The November invoice was charged twice to my card.',
    priority: 'normal',
    customer: { name: 'Eva Svensson', email: 'eva@example.org', phone: '+46701234567', language: 'sv' },
    ...over,
  };
}

export async function registerOk(t: TestApp, token: string, clientId: string, over: Record<string, unknown> = {}) {
  const res = await t.http.post('/api/complaints').set(auth(token)).send(registerBody(clientId, over));
  if (res.status !== 201) throw new Error(`register → ${res.status} ${JSON.stringify(res.body)}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return res.body as { id: string; reference: string; version: number; status: string; [k: string]: any };
}

export async function post(
  t: TestApp,
  token: string,
  id: string,
  action: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return t.http
    .post(`/api/complaints/${id}/${action}`)
    .set({ ...auth(token), ...headers })
    .send(body);
}

export async function actOk(t: TestApp, token: string, id: string, action: string, body: Record<string, unknown>) {
  const res = await post(t, token, id, action, body);
  if (res.status !== 200) throw new Error(`${action} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A valid body of every action. */
export const ACTION_BODIES: Record<string, Record<string, unknown>> = {
  categorise: { categoryCode: 'BILLING.DOUBLE', note: 'Double charge' },
  acknowledge: { via: 'email', message: 'We have received your complaint.', responsibleFunction: 'Billing team' },
  update: { via: 'email', message: 'We are still looking into it.' },
  extend: { newResolveBy: '2027-01-29T16:00:00Z', reason: 'Waiting for the grid operator', actionPlan: 'Chase the grid operator weekly' },
  escalate: { reason: 'customer_request', note: 'Customer asked for a manager' },
  assign: {},
  close: { outcome: 'upheld', resolution: 'Refunded the double charge.', via: 'email', rootCauseCode: 'BILLING_SYSTEM' },
  reopen: { reason: 'The refund did not arrive' },
  satisfaction: { score: 4, comment: 'Quick and polite' },
};

/** A new token at the test clock's current time (the cached `t.token` may have expired after moving the clock). */
export async function login(t: TestApp, email: string): Promise<string> {
  const res = await t.http.post('/api/auth/login').send({ email, password: 'demo-password' });
  if (res.status !== 200) throw new Error(`login ${email} → ${res.status}`);
  return res.body.accessToken as string;
}

/** Moves the test clock for the duration of `fn`, then puts it back. */
export async function at<T>(t: TestApp, when: string, fn: () => Promise<T>): Promise<T> {
  const was = t.clock.now();
  t.clock.set(when);
  try {
    return await fn();
  } finally {
    t.clock.set(was);
  }
}
