-- The roster rules the server checks, kept by the database as well where an index can
-- say them: one open head membership per group, one open membership per user and group.
CREATE UNIQUE INDEX memberships_one_open_head ON memberships (working_group_id) WHERE position = 'head' AND left_on IS NULL;
CREATE UNIQUE INDEX memberships_one_open_per_user ON memberships (working_group_id, user_id) WHERE left_on IS NULL;
