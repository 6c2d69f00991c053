-- Failed logins, counted in the database so that every server sees the same counts. A
-- key is a keyed hash of what is counted (an account, an address, or both), never the
-- username as typed: people type passwords into that field.
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    version INTEGER NOT NULL,
    last_failure_at TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP
);
CREATE INDEX login_failures_last_failure ON login_failures (last_failure_at);

-- Addresses each account signed in from: from those, only the account's own failures
-- there slow it down, so that guesses from elsewhere cannot lock its owner out.
CREATE TABLE login_known_addresses (
    key TEXT PRIMARY KEY NOT NULL,
    last_success_at TIMESTAMP NOT NULL
);
CREATE INDEX login_known_addresses_last_success ON login_known_addresses (last_success_at);
