-- A student's own record: everything stored about them, to export it (GET /me/export) and to
-- erase it (DELETE /me). docs/export.md describes both.

-- Erasure finds the student's events in the outbox by the user id in their detail (every event
-- about a student names them there), without reading a week of published events.
CREATE INDEX outbox_user ON outbox ((detail ->> 'user_id'));

-- Erases every personal row of student `uid` in the caller's transaction (one statement, so one
-- transaction), and writes the `Student Data Erased` event (version 1) to the outbox. Returns
-- the rows deleted per table, the emails that were still to be sent, and the event.
--
-- Which rows: every row of every table with a `user_id` column (tables added later included),
-- the rows that depend on them (ON DELETE CASCADE: pauses, goal progress, milestones), and the
-- student's events in the outbox, published or not. The erasure event carries the user id
-- only. Email suppressions are kept: they are keyed by address, not by student, and stop mail
-- to an address that bounced or complained whoever gives it next.
--
-- SECURITY DEFINER: the API role may not delete from the ledgers (db/roles.ts); this function,
-- owned by the migrator, is the one way it can, and only for one whole student at a time.
-- Each statement below takes a fresh snapshot (READ COMMITTED, volatile PL/pgSQL), so it sees
-- what concurrent writers committed while the ones before it waited.
CREATE FUNCTION erase_student(uid text) RETURNS jsonb
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
  DECLARE
    tables text[];
    pending text[];
    failed text[];
    tbl text;
    n bigint;
    deleted jsonb := '{}'::jsonb;
    cancelled integer;
    erased timestamptz := clock_timestamp();
    erasure_event_id uuid := gen_random_uuid();
    erasure_detail jsonb;
  BEGIN
    IF uid IS NULL OR uid = '' THEN
      RAISE EXCEPTION 'erase_student: a user id is required';
    END IF;

    -- Writers that act on a statement started before this erasure finish first, or start after
    -- it and find nothing: an award (its statement writes points_daily and locks the session it
    -- pays for) and the report builder (snapshots, rollups, deliveries read from sessions and
    -- preferences). A single-statement writer takes all its table locks before any row lock,
    -- so this cannot deadlock with one.
    LOCK TABLE points_daily, analytics_snapshot_state, analytics_snapshots, analytics_rollups,
               report_deliveries
      IN SHARE ROW EXCLUSIVE MODE;

    SELECT count(*) INTO cancelled FROM report_deliveries
    WHERE user_id = uid AND status IN ('pending', 'sending', 'failed');

    SELECT array_agg(c.oid::regclass::text ORDER BY c.relname) INTO tables
    FROM pg_class c
    JOIN pg_namespace ns ON ns.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE ns.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND a.attname = 'user_id' AND NOT a.attisdropped;

    -- Rounds, so that a table referencing another without ON DELETE CASCADE is emptied before
    -- the table it references, whatever the order of their names.
    pending := tables;
    WHILE cardinality(pending) > 0 LOOP
      failed := '{}';
      FOREACH tbl IN ARRAY pending LOOP
        BEGIN
          EXECUTE format('DELETE FROM %s WHERE user_id = $1', tbl) USING uid;
          GET DIAGNOSTICS n = ROW_COUNT;
          deleted := deleted || jsonb_build_object(tbl, n);
        EXCEPTION WHEN foreign_key_violation THEN
          failed := failed || tbl;
        END;
      END LOOP;
      IF cardinality(failed) = cardinality(pending) THEN
        RAISE EXCEPTION 'erase_student: rows of % are still referenced', failed;
      END IF;
      pending := failed;
    END LOOP;

    DELETE FROM outbox WHERE detail ->> 'user_id' = uid;
    GET DIAGNOSTICS n = ROW_COUNT;
    deleted := deleted || jsonb_build_object('outbox', n);

    erasure_detail := jsonb_build_object('version', 1, 'event_id', erasure_event_id,
                                         'user_id', uid, 'erased_at', api_time(erased));
    INSERT INTO outbox (id, detail_type, detail)
    VALUES (erasure_event_id, 'Student Data Erased', erasure_detail);

    RETURN jsonb_build_object(
      'erased_at', api_time(erased),
      'deleted', deleted,
      'cancelled_emails', cancelled,
      'event', jsonb_build_object('id', erasure_event_id, 'detail_type', 'Student Data Erased',
                                  'detail', erasure_detail));
  END
  $$;

-- Only the roles granted it (db/roles.ts) may erase.
REVOKE ALL ON FUNCTION erase_student(text) FROM PUBLIC;
