export * from './lib/calendar';
export * from './lib/errors';
export * from './lib/lifecycle';
export * from './lib/sla';
export * from './lib/kpi';
