-- Names of the platform's classes, so reports and comparisons can show them. Filled from the
-- class-management service's events; a class never seen shows its id instead.
CREATE TABLE classes (
  id         bigint PRIMARY KEY,
  name       text NOT NULL,
  -- The platform's own change time: a late, older event never overwrites a newer name.
  updated_at timestamptz NOT NULL,
  -- Deleted classes keep their name for past reports.
  deleted    boolean NOT NULL DEFAULT false
);
