export * from './lib/common';
export * from './lib/errors';
export * from './lib/auth';
export * from './lib/clients';
export * from './lib/complaints';
export * from './lib/notifications';
export * from './lib/stats';
export * from './lib/privacy';
