import type { ComplaintDto } from '@complaint-desk/contracts';
import { sortMostOverdue } from './overdue.page';

const c = (id: string, dueAt: string | null) => ({ id, dueAt }) as ComplaintDto;

describe('sortMostOverdue (overdue page)', () => {
  it('R4.4-e(c) puts the most overdue complaint (earliest pending deadline) first', () => {
    const list = [
      c('due-yesterday', '2026-11-28T09:00:00Z'),
      c('due-last-week', '2026-11-21T16:00:00Z'),
      c('due-an-hour-ago', '2026-11-29T00:45:00Z'),
      c('due-last-month', '2026-10-30T08:00:00Z'),
    ];
    expect(sortMostOverdue(list).map((x) => x.id)).toEqual(['due-last-month', 'due-last-week', 'due-yesterday', 'due-an-hour-ago']);
  });

  it('puts complaints without a pending deadline last and leaves the input order untouched', () => {
    const list = [c('none', null), c('late', '2026-11-20T10:00:00Z'), c('later', '2026-11-25T10:00:00Z')];
    expect(sortMostOverdue(list).map((x) => x.id)).toEqual(['late', 'later', 'none']);
    expect(list.map((x) => x.id)).toEqual(['none', 'late', 'later']);
  });
});
