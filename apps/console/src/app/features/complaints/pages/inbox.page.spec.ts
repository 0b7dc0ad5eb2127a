import { filtersFromParams, filtersToParams, filtersToQuery } from './inbox.page';

describe('inbox filters in the URL', () => {
  it('round-trips every filter through the query params', () => {
    const params = {
      q: 'Svensson',
      clientId: 'c1',
      status: 'acknowledged',
      overdue: 'true',
      atRisk: 'true',
      escalated: 'true',
      assignee: 'me',
      categoryCode: 'BILLING.DOUBLE',
      channel: 'email',
    };
    const f = filtersFromParams(params);
    expect(f).toEqual({
      q: 'Svensson',
      clientId: 'c1',
      status: 'acknowledged',
      overdue: true,
      atRisk: true,
      escalated: true,
      mine: true,
      categoryCode: 'BILLING.DOUBLE',
      channel: 'email',
    });
    expect(filtersToParams(f)).toEqual(params);
  });

  it('ignores unknown values and leaves empty filters out of the URL', () => {
    const f = filtersFromParams({ status: 'bogus', channel: 'pigeon', overdue: 'yes' });
    expect(f.status).toBe('');
    expect(f.channel).toBe('');
    expect(f.overdue).toBe(false);
    expect(Object.values(filtersToParams(f)).every((v) => v === null)).toBe(true);
  });

  it('asks the API for open complaints by earliest deadline by default, all statuses on request', () => {
    expect(filtersToQuery(filtersFromParams({}))).toMatchObject({ status: 'registered,acknowledged', sort: 'dueAt', limit: 25 });
    expect(filtersToQuery(filtersFromParams({ status: 'all' })).status).toBeUndefined();
    expect(filtersToQuery(filtersFromParams({ assignee: 'me', overdue: 'true' }))).toMatchObject({ assignee: 'me', overdue: true });
  });
});
