import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics rollups, second shape (R4.4-f). The first shape kept one row per client × day ×
 * category × channel × subject: at a few dozen complaints per client and day that is about one row
 * per complaint, no cheaper to read than the complaints. Now every figure is kept per client ×
 * period, at two grains — `d` (local day) and `m` (local month, period = its first day) — so a
 * year is read from ~12 month rows plus the days of the partial months at its ends:
 *
 * - `stats_rollup`: the counters of the complaints RECEIVED in the period (current state).
 * - `stats_rollup_dim`: received / upheld / closed per dimension value: dim 1 category, 2 channel,
 *   3 subject, 4 root cause (closed complaints with that root cause).
 * - `stats_rollup_hours`: histogram counts, metric 1 = hours to acknowledge, 2 = hours to close.
 *
 * stats_event_daily (time series by event day) is kept. The client states are cleared: the
 * statistics rebuild a client's rollups from the complaints when its state row is missing (on the
 * next read or the next lifecycle action), so no data is lost across this change.
 */
export class SplitStatisticsRollups1764350000002 implements MigrationInterface {
  name = 'SplitStatisticsRollups1764350000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stats_daily`);
    await q.query(`DROP TABLE stats_daily_hours`);
    await q.query(`DROP TABLE stats_daily_root_cause`);
    await q.query(`DELETE FROM stats_event_daily`);
    await q.query(`DELETE FROM stats_client_state`);
    await q.query(`
      CREATE TABLE stats_rollup (
        client_id uuid NOT NULL REFERENCES clients(id),
        grain char(1) NOT NULL CONSTRAINT stats_rollup_grain_check CHECK (grain IN ('d', 'm')),
        period date NOT NULL,
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
        PRIMARY KEY (client_id, grain, period)
      )`);
    await q.query(`
      CREATE TABLE stats_rollup_dim (
        client_id uuid NOT NULL REFERENCES clients(id),
        grain char(1) NOT NULL CONSTRAINT stats_rollup_dim_grain_check CHECK (grain IN ('d', 'm')),
        period date NOT NULL,
        dim smallint NOT NULL CONSTRAINT stats_rollup_dim_dim_check CHECK (dim BETWEEN 1 AND 4),
        value varchar(60) NOT NULL,
        received integer NOT NULL DEFAULT 0,
        upheld integer NOT NULL DEFAULT 0,
        closed integer NOT NULL DEFAULT 0,
        PRIMARY KEY (client_id, grain, period, dim, value)
      )`);
    await q.query(`
      CREATE TABLE stats_rollup_hours (
        client_id uuid NOT NULL REFERENCES clients(id),
        grain char(1) NOT NULL CONSTRAINT stats_rollup_hours_grain_check CHECK (grain IN ('d', 'm')),
        period date NOT NULL,
        metric smallint NOT NULL CONSTRAINT stats_rollup_hours_metric_check CHECK (metric IN (1, 2)),
        bucket smallint NOT NULL,
        n integer NOT NULL DEFAULT 0,
        PRIMARY KEY (client_id, grain, period, metric, bucket)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stats_rollup_hours`);
    await q.query(`DROP TABLE stats_rollup_dim`);
    await q.query(`DROP TABLE stats_rollup`);
    await q.query(`DELETE FROM stats_event_daily`);
    await q.query(`DELETE FROM stats_client_state`);
    await q.query(`
      CREATE TABLE stats_daily (
        client_id uuid NOT NULL REFERENCES clients(id), day date NOT NULL, category_code varchar(60) NOT NULL,
        channel varchar(20) NOT NULL, subject varchar(10) NOT NULL,
        received integer NOT NULL DEFAULT 0, closed integer NOT NULL DEFAULT 0, upheld integer NOT NULL DEFAULT 0,
        partially_upheld integer NOT NULL DEFAULT 0, not_upheld integer NOT NULL DEFAULT 0, withdrawn integer NOT NULL DEFAULT 0,
        acknowledged integer NOT NULL DEFAULT 0, acknowledged_on_time integer NOT NULL DEFAULT 0,
        resolved_on_time integer NOT NULL DEFAULT 0, escalated integer NOT NULL DEFAULT 0, reopened integer NOT NULL DEFAULT 0,
        satisfaction_responses integer NOT NULL DEFAULT 0, satisfaction_sum integer NOT NULL DEFAULT 0,
        PRIMARY KEY (client_id, day, category_code, channel, subject)
      )`);
    await q.query(`
      CREATE TABLE stats_daily_hours (
        client_id uuid NOT NULL REFERENCES clients(id), day date NOT NULL,
        metric smallint NOT NULL CONSTRAINT stats_daily_hours_metric_check CHECK (metric IN (1, 2)),
        bucket smallint NOT NULL, n integer NOT NULL DEFAULT 0, PRIMARY KEY (client_id, day, metric, bucket)
      )`);
    await q.query(`
      CREATE TABLE stats_daily_root_cause (
        client_id uuid NOT NULL REFERENCES clients(id), day date NOT NULL, root_cause_code varchar(40) NOT NULL,
        closed integer NOT NULL DEFAULT 0, PRIMARY KEY (client_id, day, root_cause_code)
      )`);
  }
}
