-- A raid's newcomers and the rules gate: a newcomer held by a raid owes the
-- rules when the raid ends (the gate is on and they never accepted them) and
-- stays restricted until they press "I accept the rules"; the gate's clock
-- (gate_kick_minutes) starts when the button is shown, not at the join.
ALTER TABLE raid_newcomers ADD COLUMN owes_rules INTEGER NOT NULL DEFAULT 0;
ALTER TABLE onboarding ADD COLUMN gated_at TEXT; -- NULL: gated at joined_at
