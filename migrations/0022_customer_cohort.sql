-- /stats customers reads the customers' dates from indexes alone, never the
-- rows (with their hashes, several times the size):
-- the cohort of a day, counted by tenure in one pass, and the participants'
-- dates, looked up by customer …
CREATE INDEX customers_dates ON customers(customer_id, since, churned_at);
-- … and those who churned in a range of days, with their tenure. This one
-- replaces 0021's index on the churn date alone (its prefix serves the same
-- lookups).
DROP INDEX customers_churned;
CREATE INDEX customers_churned_since ON customers(churned_at, since) WHERE churned_at IS NOT NULL;
