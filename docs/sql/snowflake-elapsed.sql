-- Working time between two instants, from the spine (Snowflake).
-- Input:  spine with period_start as TIMESTAMP_TZ, and
--         intervals(id, start_at TIMESTAMP_TZ, end_at TIMESTAMP_TZ), start_at <= end_at.
-- Output: id, elapsed_us (NUMBER, microseconds) = W(end_at) - W(start_at).
-- Snowflake's ASOF JOIN keeps unmatched left rows (right side NULL), as LEFT does elsewhere.
WITH w AS (
    SELECT
        i.id,
        i.end_at,
        coalesce(s.cum_before_us
                 + least(date_part(epoch_microsecond, i.start_at)
                         - date_part(epoch_microsecond, s.period_start), s.length_us), 0)
            AS w_start
    FROM intervals AS i
    ASOF JOIN spine AS s MATCH_CONDITION (i.start_at >= s.period_start)
)
SELECT
    w.id,
    coalesce(e.cum_before_us
             + least(date_part(epoch_microsecond, w.end_at)
                     - date_part(epoch_microsecond, e.period_start), e.length_us), 0)
    - w.w_start AS elapsed_us
FROM w
ASOF JOIN spine AS e MATCH_CONDITION (w.end_at >= e.period_start)
