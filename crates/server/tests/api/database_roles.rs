//! The server as PostgreSQL's least-privileged role, with the grants of
//! `deploy/postgres/app-role.sql` that `docker-compose.yml` applies: the app works, and the
//! role itself cannot rewrite the audit log nor change the schema.

use crate::support::{postgres_url, Backend, TestApp};
use danvan_domain::org_unit::{CreateOrgUnit, OrgUnitKind};
use danvan_store::diesel::{self, connection::SimpleConnection, Connection};
use uuid::Uuid;

/// The grants as deployed, for the role named in it.
const APP_ROLE_SQL: &str = include_str!("../../../../deploy/postgres/app-role.sql");
const DEPLOYED_ROLE: &str = "danvan_app";

/// `url` connecting as `user` instead of its own user.
fn with_user(url: &str, user: &str) -> String {
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let host_start = match url[scheme_end..].find('@') {
        Some(at) if !url[scheme_end..scheme_end + at].contains('/') => scheme_end + at + 1,
        _ => scheme_end,
    };
    format!("{}{user}@{}", &url[..scheme_end], &url[host_start..])
}

/// A login role of this test's own (roles belong to the whole server, which other test
/// runs share), dropped at the end.
struct Role {
    server: String,
    name: String,
}

impl Drop for Role {
    fn drop(&mut self) {
        if let Ok(mut admin) = diesel::PgConnection::establish(&self.server) {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.name));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_runs_as_a_role_that_can_only_append_to_the_audit_log() {
    let Some(server) = postgres_url() else {
        eprintln!("skipped: DANVAN_TEST_POSTGRES_URL is not set");
        return;
    };
    let role = Role { server: server.clone(), name: format!("danvan_app_{}", Uuid::now_v7().simple()) };
    let (mut as_owner, mut as_role) = (String::new(), String::new());
    let app = TestApp::spawn_with(Backend::Postgres, |config| {
        // The template database is migrated by its owner, as `danvan migrate` does.
        let mut owner = diesel::PgConnection::establish(&config.database_url).unwrap();
        owner.batch_execute(&format!("CREATE ROLE {} LOGIN", role.name)).unwrap();
        owner.batch_execute(&APP_ROLE_SQL.replace(DEPLOYED_ROLE, &role.name)).unwrap();
        as_owner = config.database_url.clone();
        config.database_url = with_user(&config.database_url, &role.name);
        config.migrate_on_start = false;
        as_role = config.database_url.clone();
    })
    .await
    .unwrap();

    let unit = app
        .admin
        .create_org_unit(
            &CreateOrgUnit {
                parent_id: None,
                code: "QUYEN".into(),
                name: "Phòng quyền hạn".into(),
                kind: OrgUnitKind::Other,
            },
            None,
        )
        .await
        .unwrap();
    let id = unit.id.to_string();
    let audit =
        app.admin.list_audit(&[("entity", "org_unit"), ("entity_id", &id), ("action", "create")]).await.unwrap();
    assert_eq!(audit.items.len(), 1, "the create and its audit row were written as {}", role.name);

    let mut conn = diesel::PgConnection::establish(&as_role).unwrap();
    for statement in [
        "UPDATE audit_log SET action = action".to_owned(),
        format!("DELETE FROM audit_log WHERE entity_id = '{id}'"),
        "TRUNCATE audit_log".to_owned(),
        "CREATE TABLE not_ours (id INTEGER)".to_owned(),
        "DELETE FROM __diesel_schema_migrations".to_owned(),
    ] {
        let refused = conn.batch_execute(&statement).map_err(|e| e.to_string());
        assert!(
            refused.as_ref().is_err_and(|e| e.contains("permission denied")),
            "{statement} as the app role: {refused:?}"
        );
    }
    conn.batch_execute("SELECT count(*) FROM audit_log").unwrap();

    // Why the server must be told not to migrate: the migration harness creates its table
    // first, which this role may not do even when nothing is pending.
    let migrating =
        danvan_store::db::connect_with(&as_role, 1, Default::default(), danvan_store::db::Migrations::Apply)
            .err()
            .map(|e| e.to_string());
    assert!(migrating.as_deref().is_some_and(|e| e.contains("permission denied")), "{migrating:?}");

    // A server that may not migrate refuses a database with a migration missing.
    let mut owner = diesel::PgConnection::establish(&as_owner).unwrap();
    owner.batch_execute("DELETE FROM __diesel_schema_migrations WHERE version = (SELECT max(version) FROM __diesel_schema_migrations)").unwrap();
    let refused =
        danvan_store::db::connect_with(&as_role, 1, Default::default(), danvan_store::db::Migrations::Require)
            .err()
            .map(|e| e.to_string());
    assert!(refused.as_deref().is_some_and(|e| e.contains("danvan migrate")), "{refused:?}");
    drop((conn, owner, app));
}
