-- Deadlines: duration_us of working time after start_at (DuckDB).
-- Input:  spine, and starts(id, start_at TIMESTAMPTZ, duration_us BIGINT >= 0).
-- Output: id, deadline TIMESTAMPTZ: start_at itself for a zero duration, else in the
--         first period whose cum_after_us reaches target_us = W(start_at) + duration_us,
--         at period_start + (target_us - cum_before_us). NULL past the spine's end.
WITH targets AS (
    SELECT
        d.id,
        d.start_at,
        d.duration_us,
        coalesce(s.cum_before_us
                 + least(epoch_us(d.start_at) - epoch_us(s.period_start), s.length_us), 0)
        + d.duration_us AS target_us
    FROM starts AS d
    ASOF LEFT JOIN spine AS s ON d.start_at >= s.period_start
)
SELECT
    t.id,
    CASE
        WHEN t.duration_us = 0 THEN t.start_at
        ELSE make_timestamptz(epoch_us(p.period_start) + t.target_us - p.cum_before_us)
    END AS deadline
FROM targets AS t
ASOF LEFT JOIN spine AS p ON t.target_us <= p.cum_after_us
