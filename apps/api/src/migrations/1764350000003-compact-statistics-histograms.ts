import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics histograms, compact (R4.4-f). One row per client × grain × period × metric holding the
 * non-zero bucket counts as a jsonb object `{"<bucket>": n}` instead of one row per bucket: a year
 * of hours-to-close is read from ~40 rows instead of thousands scattered over the table.
 * `stats_jsonb_add(a, b)` adds two such objects key by key (zero counts dropped) for the upserts.
 * The other rollups are cleared with the client states: they are rebuilt from the complaints on
 * the next read or lifecycle action of each client.
 */
export class CompactStatisticsHistograms1764350000003 implements MigrationInterface {
  name = 'CompactStatisticsHistograms1764350000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stats_rollup_hours`);
    for (const t of ['stats_rollup', 'stats_rollup_dim', 'stats_event_daily', 'stats_client_state']) await q.query(`DELETE FROM ${t}`);
    await q.query(`
      CREATE TABLE stats_rollup_hist (
        client_id uuid NOT NULL REFERENCES clients(id),
        grain char(1) NOT NULL CONSTRAINT stats_rollup_hist_grain_check CHECK (grain IN ('d', 'm')),
        period date NOT NULL,
        metric smallint NOT NULL CONSTRAINT stats_rollup_hist_metric_check CHECK (metric IN (1, 2)),
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (client_id, grain, period, metric)
      )`);
    await q.query(`
      CREATE FUNCTION stats_jsonb_add(a jsonb, b jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb) FROM (
          SELECT k, sum(v::int) AS n FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) x(k, v)
          GROUP BY k HAVING sum(v::int) <> 0
        ) y
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION stats_jsonb_add(jsonb, jsonb)`);
    await q.query(`DROP TABLE stats_rollup_hist`);
    for (const t of ['stats_rollup', 'stats_rollup_dim', 'stats_event_daily', 'stats_client_state']) await q.query(`DELETE FROM ${t}`);
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
}
