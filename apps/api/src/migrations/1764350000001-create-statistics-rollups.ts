import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics rollups (R4.4-f: complaint information used to improve service quality), kept up to
 * date in the transaction of every lifecycle action by the statistics listener.
 *
 * - `stats_client_state`: the time zone the client's day buckets were built with (a changed client
 *   time zone triggers a rebuild of that client's rollups).
 * - `stats_daily`: per client × local day of RECEIPT × category × channel × subject, the current
 *   state of the complaints received that day (received, closed, outcomes, on time, escalated, …).
 * - `stats_daily_hours`: histogram bucket counts (hours to acknowledge = metric 1, hours to close =
 *   metric 2) per client × local day of receipt, buckets of `libs/domain` kpi.ts.
 * - `stats_daily_root_cause`: closed complaints per client × local day of receipt × root cause.
 * - `stats_event_daily`: per client × local day of the EVENT: complaints whose (current) closing
 *   falls on that day, complaints escalated for the first time that day (the time series).
 * - `stats_hours_bucket(hours)`: the histogram bucket of a duration in SQL, identical to
 *   `bucketIndex()` of kpi.ts (the bounds below are the same doubles), for set-based rebuilds.
 * - A partial index over open complaints by receipt for `overdueOpen` (index-only scan).
 */
export class CreateStatisticsRollups1764350000001 implements MigrationInterface {
  name = 'CreateStatisticsRollups1764350000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_client_state (
        client_id uuid PRIMARY KEY REFERENCES clients(id),
        timezone varchar(64) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE stats_daily (
        client_id uuid NOT NULL REFERENCES clients(id),
        day date NOT NULL,
        category_code varchar(60) NOT NULL,
        channel varchar(20) NOT NULL,
        subject varchar(10) NOT NULL,
        received integer NOT NULL DEFAULT 0,
        closed integer NOT NULL DEFAULT 0,
        upheld integer NOT NULL DEFAULT 0,
        partially_upheld integer NOT NULL DEFAULT 0,
        not_upheld integer NOT NULL DEFAULT 0,
        withdrawn integer NOT NULL DEFAULT 0,
        acknowledged integer NOT NULL DEFAULT 0,
        acknowledged_on_time integer NOT NULL DEFAULT 0,
        resolved_on_time integer NOT NULL DEFAULT 0,
        escalated integer NOT NULL DEFAULT 0,
        reopened integer NOT NULL DEFAULT 0,
        satisfaction_responses integer NOT NULL DEFAULT 0,
        satisfaction_sum integer NOT NULL DEFAULT 0,
        PRIMARY KEY (client_id, day, category_code, channel, subject)
      )`);
    await q.query(`
      CREATE TABLE stats_daily_hours (
        client_id uuid NOT NULL REFERENCES clients(id),
        day date NOT NULL,
        metric smallint NOT NULL CONSTRAINT stats_daily_hours_metric_check CHECK (metric IN (1, 2)),
        bucket smallint NOT NULL,
        n integer NOT NULL DEFAULT 0,
        PRIMARY KEY (client_id, day, metric, bucket)
      )`);
    await q.query(`
      CREATE TABLE stats_daily_root_cause (
        client_id uuid NOT NULL REFERENCES clients(id),
        day date NOT NULL,
        root_cause_code varchar(40) NOT NULL,
        closed integer NOT NULL DEFAULT 0,
        PRIMARY KEY (client_id, day, root_cause_code)
      )`);
    await q.query(`
      CREATE TABLE stats_event_daily (
        client_id uuid NOT NULL REFERENCES clients(id),
        day date NOT NULL,
        closed integer NOT NULL DEFAULT 0,
        escalated integer NOT NULL DEFAULT 0,
        PRIMARY KEY (client_id, day)
      )`);

    // Histogram bounds, frozen here: 0, then MIN × R^k (MIN = 1/60 h, R = 1.1) below 10 000 h, then 10 000 h.
    const bounds = [0];
    for (let b = 1 / 60; b < 10_000; b *= 1.1) bounds.push(b);
    bounds.push(10_000);
    await q.query(`
      CREATE FUNCTION stats_hours_bucket(hours double precision) RETURNS smallint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT greatest(0, width_bucket(hours, '{${bounds.map((b) => String(b)).join(',')}}'::double precision[]) - 1)::smallint
      $$`);

    await q.query(`
      CREATE INDEX complaints_open_client_received ON complaints (client_id, received_at) INCLUDE (due_at)
      WHERE status <> 'closed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX complaints_open_client_received`);
    await q.query(`DROP FUNCTION stats_hours_bucket(double precision)`);
    await q.query(`DROP TABLE stats_event_daily`);
    await q.query(`DROP TABLE stats_daily_root_cause`);
    await q.query(`DROP TABLE stats_daily_hours`);
    await q.query(`DROP TABLE stats_daily`);
    await q.query(`DROP TABLE stats_client_state`);
  }
}
