import { MigrationInterface, QueryRunner } from 'typeorm';

/** The value that replaces an erased personal value (text columns and strings inside timeline `data`). */
const TOMBSTONE = '[erased]';

/** The append-only trigger function as 1764330000000 created it (restored by `down`). */
const APPEND_ONLY_ORIGINAL = `
  CREATE OR REPLACE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'complaint_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
  END $$`;

/**
 * Erasure of personal data (R4.5-f, GDPR art. 17) without breaking the append-only timeline.
 *
 * - `complaints.erased_at`: when the complaint's personal data was erased (only a closed complaint can
 *   be erased; afterwards no write is accepted). An erased complaint keeps neither e-mail nor phone.
 * - `privacy_tombstone(data, keys, keep)`: `data` with every string under one of `keys` (at any
 *   depth) replaced by the tombstone `[erased]`, except the values in `keep` (system vocabulary such
 *   as `acknowledge_overdue`). Shape, keys, numbers, booleans and nulls stay.
 * - `privacy_only_tombstoned(old, new)`: true when `new` differs from `old` only by strings replaced
 *   with the tombstone (same keys, same array lengths, same everything else).
 * - `complaint_events_append_only()` (the trigger function of UPDATE/DELETE/TRUNCATE) now lets exactly
 *   one kind of UPDATE through: while the transaction-local flag `complaint_desk.erasing` names the
 *   event's complaint, a change of `data` that only tombstones strings, with every other column
 *   unchanged. DELETE and TRUNCATE still raise, always.
 * - `erase_complaint_timeline(...)`: THE privileged path. For a closed complaint it sets the flag,
 *   tombstones the personal keys of each event type (`p_keys`: {"<event type>": ["key", …]}), clears
 *   the flag and appends the `personal_data_erased` event; returns that event's id.
 * - `complaints_retention`: the closed, not yet erased complaints per client by closing time (the
 *   retention job's claims), so erased complaints never slow it down.
 * - `mail_outbox.purged_at`: when a message's body and address were purged (delivered or failed
 *   30 days ago, or its complaint erased); `mail_outbox_purge` finds the rows due.
 */
export class AddPersonalDataErasure1764370000000 implements MigrationInterface {
  name = 'AddPersonalDataErasure1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaints ADD COLUMN erased_at timestamptz`);
    await q.query(`ALTER TABLE complaints DROP CONSTRAINT complaints_customer_contact`);
    await q.query(`
      ALTER TABLE complaints ADD CONSTRAINT complaints_customer_contact
        CHECK (customer_email IS NOT NULL OR customer_phone IS NOT NULL OR erased_at IS NOT NULL)`);
    await q.query(`ALTER TABLE complaints ADD CONSTRAINT complaints_erased_closed CHECK (erased_at IS NULL OR status = 'closed')`);
    await q.query(`
      CREATE INDEX complaints_retention ON complaints (client_id, closed_at, id)
      WHERE status = 'closed' AND erased_at IS NULL`);

    await q.query(`ALTER TABLE mail_outbox ADD COLUMN purged_at timestamptz`);
    await q.query(`
      CREATE INDEX mail_outbox_purge ON mail_outbox ((COALESCE(sent_at, next_attempt_at)))
      WHERE status <> 'pending' AND purged_at IS NULL`);

    await q.query(`
      CREATE FUNCTION privacy_tombstone(v jsonb, keys text[], keep text[], under boolean DEFAULT false) RETURNS jsonb
      LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE
        k text;
        x jsonb;
        result jsonb;
      BEGIN
        CASE jsonb_typeof(v)
          WHEN 'object' THEN
            result := '{}'::jsonb;
            FOR k, x IN SELECT * FROM jsonb_each(v) LOOP
              result := result || jsonb_build_object(k, privacy_tombstone(x, keys, keep, under OR COALESCE(k = ANY(keys), false)));
            END LOOP;
            RETURN result;
          WHEN 'array' THEN
            RETURN COALESCE(
              (SELECT jsonb_agg(privacy_tombstone(e, keys, keep, under) ORDER BY i) FROM jsonb_array_elements(v) WITH ORDINALITY a(e, i)),
              '[]'::jsonb);
          WHEN 'string' THEN
            IF under AND NOT COALESCE((v #>> '{}') = ANY(keep), false) THEN
              RETURN to_jsonb('${TOMBSTONE}'::text);
            END IF;
            RETURN v;
          ELSE
            RETURN v;
        END CASE;
      END $$`);

    await q.query(`
      CREATE FUNCTION privacy_only_tombstoned(o jsonb, n jsonb) RETURNS boolean
      LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE
        k text;
      BEGIN
        IF o IS NOT DISTINCT FROM n THEN RETURN true; END IF;
        IF o IS NULL OR n IS NULL THEN RETURN false; END IF;
        IF jsonb_typeof(o) = 'string' AND n = to_jsonb('${TOMBSTONE}'::text) THEN RETURN true; END IF;
        IF jsonb_typeof(o) = 'object' AND jsonb_typeof(n) = 'object' THEN
          IF ARRAY(SELECT jsonb_object_keys(o) ORDER BY 1) IS DISTINCT FROM ARRAY(SELECT jsonb_object_keys(n) ORDER BY 1) THEN
            RETURN false;
          END IF;
          FOR k IN SELECT jsonb_object_keys(o) LOOP
            IF NOT privacy_only_tombstoned(o -> k, n -> k) THEN RETURN false; END IF;
          END LOOP;
          RETURN true;
        END IF;
        IF jsonb_typeof(o) = 'array' AND jsonb_typeof(n) = 'array' THEN
          IF jsonb_array_length(o) <> jsonb_array_length(n) THEN RETURN false; END IF;
          FOR i IN 0 .. jsonb_array_length(o) - 1 LOOP
            IF NOT privacy_only_tombstoned(o -> i, n -> i) THEN RETURN false; END IF;
          END LOOP;
          RETURN true;
        END IF;
        RETURN false;
      END $$`);

    // The trigger function keeps its name (the triggers of 1764330000000 stay); its body gains the one exception.
    await q.query(`
      CREATE OR REPLACE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND current_setting('complaint_desk.erasing', true) = OLD.complaint_id::text
           AND (to_jsonb(NEW) - 'data') = (to_jsonb(OLD) - 'data')
           AND privacy_only_tombstoned(OLD.data, NEW.data) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'complaint_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await q.query(`
      CREATE FUNCTION erase_complaint_timeline(
        p_complaint uuid, p_keys jsonb, p_keep text[], p_at timestamptz,
        p_actor_id uuid, p_actor_email varchar, p_actor_role varchar, p_data jsonb
      ) RETURNS bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        v_client uuid;
        v_status varchar;
        v_id bigint;
      BEGIN
        SELECT client_id, status INTO v_client, v_status FROM complaints WHERE id = p_complaint;
        IF v_client IS NULL THEN
          RAISE EXCEPTION 'complaint % does not exist', p_complaint USING ERRCODE = 'no_data_found';
        END IF;
        IF v_status <> 'closed' THEN
          RAISE EXCEPTION 'only a closed complaint can be erased' USING ERRCODE = 'check_violation';
        END IF;
        PERFORM set_config('complaint_desk.erasing', p_complaint::text, true);
        UPDATE complaint_events e
           SET data = t.erased
          FROM (SELECT x.id, privacy_tombstone(x.data, ARRAY(SELECT jsonb_array_elements_text(p_keys -> x.type)), p_keep) AS erased
                  FROM complaint_events x
                 WHERE x.complaint_id = p_complaint AND p_keys ? x.type) t
         WHERE e.id = t.id AND e.data IS DISTINCT FROM t.erased;
        PERFORM set_config('complaint_desk.erasing', '', true);
        INSERT INTO complaint_events (complaint_id, client_id, type, at, actor_id, actor_email, actor_role, data)
        VALUES (p_complaint, v_client, 'personal_data_erased', p_at, p_actor_id, p_actor_email, p_actor_role, COALESCE(p_data, '{}'::jsonb))
        RETURNING id INTO v_id;
        RETURN v_id;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION erase_complaint_timeline(uuid, jsonb, text[], timestamptz, uuid, varchar, varchar, jsonb)`);
    await q.query(APPEND_ONLY_ORIGINAL);
    await q.query(`DROP FUNCTION privacy_only_tombstoned(jsonb, jsonb)`);
    await q.query(`DROP FUNCTION privacy_tombstone(jsonb, text[], text[], boolean)`);
    await q.query(`DROP INDEX mail_outbox_purge`);
    await q.query(`ALTER TABLE mail_outbox DROP COLUMN purged_at`);
    await q.query(`DROP INDEX complaints_retention`);
    await q.query(`ALTER TABLE complaints DROP CONSTRAINT complaints_erased_closed`);
    await q.query(`ALTER TABLE complaints DROP CONSTRAINT complaints_customer_contact`);
    await q.query(`
      ALTER TABLE complaints ADD CONSTRAINT complaints_customer_contact
        CHECK (customer_email IS NOT NULL OR customer_phone IS NOT NULL) NOT VALID`);
    await q.query(`ALTER TABLE complaints DROP COLUMN erased_at`);
  }
}
