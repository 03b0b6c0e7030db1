-- The bounty list is served newest first: an index in that order turns "ORDER BY ... LIMIT" into a short
-- index walk instead of a sort of every bounty.
CREATE INDEX bounty_newest_first ON bounty (created_block DESC, id);
CREATE INDEX bounty_phase_newest_first ON bounty (phase, created_block DESC, id);
