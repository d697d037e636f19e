-- Working time between two instants, from the spine (DuckDB).
-- Input:  spine, and intervals(id, start_at TIMESTAMPTZ, end_at TIMESTAMPTZ), start_at <= end_at.
-- Output: id, elapsed_us (BIGINT microseconds) = W(end_at) - W(start_at), where
--         W(t) = cum_before_us + least(t - period_start, length_us) of the last period
--         starting at or before t, and 0 before the first period.
SELECT
    i.id,
    coalesce(e.cum_before_us
             + least(epoch_us(i.end_at) - epoch_us(e.period_start), e.length_us), 0)
    - coalesce(s.cum_before_us
               + least(epoch_us(i.start_at) - epoch_us(s.period_start), s.length_us), 0)
        AS elapsed_us
FROM intervals AS i
ASOF LEFT JOIN spine AS s ON i.start_at >= s.period_start
ASOF LEFT JOIN spine AS e ON i.end_at >= e.period_start
