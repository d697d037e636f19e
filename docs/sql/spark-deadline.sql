-- Deadlines: duration_us of working time after start_at (Spark SQL, Databricks).
-- Input:  spine, and starts(id, start_at TIMESTAMP, duration_us BIGINT >= 0).
-- Output: id, deadline TIMESTAMP (start_at for a zero duration; NULL past the spine's end).
-- The period holding target_us is the one with cum_before_us < target_us <= cum_after_us.
WITH spans AS (
    SELECT
        unix_micros(period_start) AS start_us,
        coalesce(unix_micros(lead(period_start) OVER (ORDER BY period_start)),
                 9223372036854775807) AS next_us,
        length_us,
        cum_before_us,
        cum_after_us
    FROM spine
),
targets AS (
    SELECT /*+ BROADCAST(s) */
        d.id,
        d.start_at,
        d.duration_us,
        coalesce(s.cum_before_us + least(unix_micros(d.start_at) - s.start_us, s.length_us), 0)
            + d.duration_us AS target_us
    FROM starts AS d
    LEFT JOIN spans AS s
        ON unix_micros(d.start_at) >= s.start_us AND unix_micros(d.start_at) < s.next_us
)
SELECT /*+ BROADCAST(p) */
    t.id,
    CASE
        WHEN t.duration_us = 0 THEN t.start_at
        ELSE timestamp_micros(p.start_us + t.target_us - p.cum_before_us)
    END AS deadline
FROM targets AS t
LEFT JOIN spans AS p
    ON t.target_us > p.cum_before_us AND t.target_us <= p.cum_after_us
