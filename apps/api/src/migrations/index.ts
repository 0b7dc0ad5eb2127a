import { CreateFoundation1764320000000 } from './1764320000000-create-foundation';
import { CreateComplaints1764330000000 } from './1764330000000-create-complaints';

/** Every migration, oldest first. Never edit a merged migration: add a new one. */
export const MIGRATIONS = [CreateFoundation1764320000000, CreateComplaints1764330000000];
