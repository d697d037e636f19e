-- Deadlines: duration_us of working time after start_at (Snowflake).
-- Input:  spine with period_start as TIMESTAMP_TZ, and
--         starts(id, start_at TIMESTAMP_TZ, duration_us NUMBER >= 0).
-- Output: id, deadline TIMESTAMP_TZ (start_at for a zero duration; NULL past the spine's end).
WITH targets AS (
    SELECT
        d.id,
        d.start_at,
        d.duration_us,
        coalesce(s.cum_before_us
                 + least(date_part(epoch_microsecond, d.start_at)
                         - date_part(epoch_microsecond, s.period_start), s.length_us), 0)
        + d.duration_us AS target_us
    FROM starts AS d
    ASOF JOIN spine AS s MATCH_CONDITION (d.start_at >= s.period_start)
)
SELECT
    t.id,
    CASE
        WHEN t.duration_us = 0 THEN t.start_at
        ELSE timestampadd(microsecond, t.target_us - p.cum_before_us, p.period_start)
    END AS deadline
FROM targets AS t
ASOF JOIN spine AS p MATCH_CONDITION (t.target_us <= p.cum_after_us)
