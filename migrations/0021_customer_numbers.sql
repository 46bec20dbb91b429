-- The company's own NPS survey of its customers (`hearth customers nps FILE.csv`),
-- so /stats customers can compare community members with other customers.
-- One answer per customer per day; a re-import of the same file changes nothing.
CREATE TABLE customer_nps (
    customer_id  TEXT    NOT NULL REFERENCES customers(customer_id) ON DELETE CASCADE,
    answered_on  TEXT    NOT NULL,                       -- YYYY-MM-DD, the survey's date
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    PRIMARY KEY (customer_id, answered_on)
) WITHOUT ROWID;
CREATE INDEX customer_nps_day ON customer_nps(answered_on);

-- The cohort and monthly churn read customers by their dates.
CREATE INDEX customers_since ON customers(since);
CREATE INDEX customers_churned ON customers(churned_at) WHERE churned_at IS NOT NULL;
