DROP TABLE assignment_links;
DROP TABLE assignments;
DROP TABLE memberships;
DROP TABLE working_groups;
DROP TABLE catalog_entries;
DROP TABLE plan_items;
DROP TABLE plans;
