-- /stats customers counts the cohort of a day (customers then, by tenure and
-- churn month) from this index alone, without reading the customers' rows.
CREATE INDEX customers_dates ON customers(since, churned_at);
