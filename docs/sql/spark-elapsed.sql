-- Working time between two instants, from the spine (Spark SQL, Databricks).
-- Spark SQL has no ASOF JOIN in the releases this targets, so each instant finds its
-- period by a range join on [period_start, next_start): the spine is small, broadcast it.
-- Input:  spine, and intervals(id, start_at TIMESTAMP, end_at TIMESTAMP), start_at <= end_at.
-- Output: id, elapsed_us (BIGINT microseconds) = W(end_at) - W(start_at).
WITH spans AS (
    SELECT
        unix_micros(period_start) AS start_us,
        coalesce(unix_micros(lead(period_start) OVER (ORDER BY period_start)),
                 9223372036854775807) AS next_us,
        length_us,
        cum_before_us
    FROM spine
),
w AS (
    SELECT /*+ BROADCAST(s) */
        i.id,
        i.end_at,
        coalesce(s.cum_before_us + least(unix_micros(i.start_at) - s.start_us, s.length_us), 0)
            AS w_start
    FROM intervals AS i
    LEFT JOIN spans AS s
        ON unix_micros(i.start_at) >= s.start_us AND unix_micros(i.start_at) < s.next_us
)
SELECT /*+ BROADCAST(e) */
    w.id,
    coalesce(e.cum_before_us + least(unix_micros(w.end_at) - e.start_us, e.length_us), 0)
        - w.w_start AS elapsed_us
FROM w
LEFT JOIN spans AS e
    ON unix_micros(w.end_at) >= e.start_us AND unix_micros(w.end_at) < e.next_us
