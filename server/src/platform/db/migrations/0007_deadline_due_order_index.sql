-- 0007: the sweeper takes pending deadlines in (due_at, id) order, 200 at a time. With the index on
-- due_at alone, every batch read and sorted all the rows sharing a due instant (10,000 filings
-- ending on one day: each batch read the 10,000) — quadratic. The index now carries the whole order.
CREATE INDEX deadlines_due_order_idx ON deadlines (due_at, id) WHERE applied_at IS NULL AND cancelled_at IS NULL;
DROP INDEX deadlines_due_idx;
