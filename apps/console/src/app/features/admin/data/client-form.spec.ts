import { DEFAULT_CLIENT, categoryGroup, createClientForm, holidayControl, intervalGroup, toClientRequest } from './client-form';
import { clientsForRole } from '../pages/users.page';
import { FormControl, FormGroup } from '@angular/forms';

describe('client form (policy and calendar)', () => {
  function valid() {
    const form = createClientForm(DEFAULT_CLIENT);
    form.patchValue({ code: 'INITECH', name: 'Initech Telecom', timezone: 'Europe/Helsinki' });
    return form;
  }

  it('builds the create request: weekday intervals, sorted unique holidays, category tree, policy numbers', () => {
    const form = valid();
    form.controls.businessHours.controls.sat.push(intervalGroup('10:00', '14:00'));
    form.controls.holidays.push(holidayControl('2026-12-25'));
    form.controls.holidays.push(holidayControl('2026-12-24'));
    form.controls.holidays.push(holidayControl('2026-12-25'));
    const cat = categoryGroup({ code: 'NET', name: 'Network', children: [{ code: 'NET.DOWN', name: 'Outage' }] });
    form.controls.categories.push(cat);
    const body = toClientRequest(form);
    expect(body.code).toBe('INITECH');
    expect(body.businessHours.sat).toEqual([['10:00', '14:00']]);
    expect(body.businessHours.sun).toEqual([]);
    expect(body.holidays).toEqual(['2026-12-24', '2026-12-25']);
    expect(body.categories).toEqual([{ code: 'NET', name: 'Network', children: [{ code: 'NET.DOWN', name: 'Outage' }] }]);
    expect(body.policy.resolveWithin).toEqual({ amount: 10, unit: 'business_days' });
    expect(form.valid).toBe(true);
  });

  it('rejects a bad code, an unknown time zone, a closing time before opening, out-of-range policy values', () => {
    const form = valid();
    form.controls.code.setValue('acme');
    expect(form.controls.code.hasError('pattern')).toBe(true);
    form.controls.timezone.setValue('Mars/Olympus');
    expect(form.controls.timezone.hasError('timezone')).toBe(true);
    const iv = intervalGroup('17:00', '08:00');
    expect(iv.hasError('intervalOrder')).toBe(true);
    form.controls.policy.controls.atRiskAt.setValue(1.2);
    expect(form.controls.policy.controls.atRiskAt.hasError('max')).toBe(true);
    form.controls.policy.controls.acknowledgeWithin.controls.amount.setValue(0);
    expect(form.controls.policy.controls.acknowledgeWithin.controls.amount.hasError('min')).toBe(true);
  });
});

describe('user form: clients by role', () => {
  const group = (role: string, clientIds: string[]) =>
    new FormGroup({ role: new FormControl(role), clientIds: new FormControl(clientIds) }, { validators: [clientsForRole] });

  it('a client viewer has exactly one client, agents at least one, admins none needed', () => {
    expect(group('client_viewer', ['a', 'b']).hasError('viewerOneClient')).toBe(true);
    expect(group('client_viewer', ['a']).valid).toBe(true);
    expect(group('agent', []).hasError('atLeastOneClient')).toBe(true);
    expect(group('admin', []).valid).toBe(true);
  });
});
