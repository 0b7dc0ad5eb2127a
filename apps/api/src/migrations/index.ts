import { CreateFoundation1764320000000 } from './1764320000000-create-foundation';

/** Every migration, oldest first. Never edit a merged migration: add a new one. */
export const MIGRATIONS = [CreateFoundation1764320000000];
