import { HISTOGRAM_RELATIVE_PRECISION } from '@complaint-desk/domain';
import type { recountSummary } from './stats-recount';

/** Every summary figure equals the brute-force recount (medians through the same histogram). */
export function expectEqualsRecount(body: Record<string, unknown>, r: Awaited<ReturnType<typeof recountSummary>>): void {
  const { exact, byCategory, byRootCause, ...plain } = r;
  expect(body).toMatchObject(plain);
  const cats = Object.fromEntries(
    (body['byCategory'] as Array<{ code: string; received: number; upheld: number }>).map((c) => [
      c.code,
      { received: c.received, upheld: c.upheld },
    ]),
  );
  expect(cats).toEqual(byCategory);
  const roots = Object.fromEntries((body['byRootCause'] as Array<{ code: string; closed: number }>).map((c) => [c.code, c.closed]));
  expect(roots).toEqual(byRootCause);
  for (const k of ['medianHoursToAcknowledge', 'medianHoursToClose', 'p90HoursToClose'] as const) {
    const e = exact[k];
    if (e === null) expect(body[k]).toBeNull();
    else if (e >= 1 / 60) expect(Math.abs((body[k] as number) - e) / e).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_PRECISION + 1e-12);
  }
}
