// Moved to common/jobs/interval-job.ts; re-exported here until escalations/ imports it from there.
export { IntervalJob, type JobRun } from '../common/jobs/interval-job';
