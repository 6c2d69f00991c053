//! `danvan backup` taken while the server writes, and `danvan restore` of the copy: what
//! was acknowledged before the backup began is in the restored database, with its audit
//! row, and the commands refuse what would lose data.

use crate::support::{fresh_sqlite_config, Backend, TestApp};
use danvan_domain::org_unit::{CreateOrgUnit, OrgUnitKind};
use danvan_server::{backup, Config};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Creates acknowledged by the server, with when the answer came.
type Acknowledged = Arc<Mutex<Vec<(Uuid, Instant)>>>;

fn org_unit(code: String) -> CreateOrgUnit {
    CreateOrgUnit { parent_id: None, name: format!("Đơn vị {code}"), code, kind: OrgUnitKind::Other }
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_creates_restores_every_create_acknowledged_before_it() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let (stop, acknowledged): (Arc<AtomicBool>, Acknowledged) = Default::default();
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (client, stop, acknowledged) = (app.admin.clone(), stop.clone(), acknowledged.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let unit = client.create_org_unit(&org_unit(format!("BK{writer}-{n}")), None).await.unwrap();
                    acknowledged.lock().unwrap().push((unit.id, Instant::now()));
                }
            })
        })
        .collect();
    while acknowledged.lock().unwrap().len() < 40 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let output = app.config.data_dir.join("backup.db");
    let began = Instant::now();
    let (config, file) = (app.config.clone(), output.clone());
    let written = blocking(move || backup::backup(&config, &file)).await;
    let count_at_end = acknowledged.lock().unwrap().len();
    while acknowledged.lock().unwrap().len() < count_at_end + 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    assert!(written.is_ok(), "{written:?}");
    let before: Vec<Uuid> =
        acknowledged.lock().unwrap().iter().filter(|(_, at)| *at < began).map(|(id, _)| *id).collect();
    assert!(before.len() >= 40);

    let (config, file) = (app.config.clone(), output.clone());
    let again = blocking(move || backup::backup(&config, &file)).await;
    assert!(again.as_ref().is_err_and(|e| e.contains("exists")), "{again:?}");
    let (config, file) = (app.config.clone(), output.clone());
    let over_live = blocking(move || backup::restore(&config, &file, true)).await;
    assert!(over_live.as_ref().is_err_and(|e| e.contains("running danvan")), "{over_live:?}");

    let target = fresh_sqlite_config();
    let (config, file) = (target.clone(), output.clone());
    let restored = blocking(move || backup::restore(&config, &file, false)).await;
    assert!(restored.is_ok(), "{restored:?}");
    let (config, file) = (target.clone(), output.clone());
    let over_existing = blocking(move || backup::restore(&config, &file, false)).await;
    assert!(over_existing.as_ref().is_err_and(|e| e.contains("--force")), "{over_existing:?}");

    let url = target.database_url.clone();
    let restored = TestApp::spawn_with(Backend::Sqlite, |config| config.database_url = url).await.unwrap();
    for id in before {
        assert!(restored.admin.get_org_unit(id).await.is_ok(), "org unit {id} acknowledged before the backup");
        let audit = restored
            .admin
            .list_audit(&[("entity", "org_unit"), ("entity_id", &id.to_string()), ("action", "create")])
            .await
            .unwrap();
        assert_eq!(audit.items.len(), 1, "the audit row of {id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_takes_only_a_database_of_this_application_and_postgres_is_sent_to_its_tools() {
    let target = fresh_sqlite_config();
    let text = target.data_dir.join("notes.txt");
    std::fs::write(&text, "not a database at all, just some text").unwrap();
    let foreign = target.data_dir.join("foreign.db");
    let mut conn = <danvan_store::diesel::SqliteConnection as danvan_store::diesel::Connection>::establish(
        &foreign.to_string_lossy(),
    )
    .unwrap();
    danvan_store::diesel::connection::SimpleConnection::batch_execute(&mut conn, "CREATE TABLE t (x INTEGER)").unwrap();
    drop(conn);
    for file in [text, foreign, target.data_dir.join("missing.db")] {
        let (config, path) = (target.clone(), file.clone());
        let refused = blocking(move || backup::restore(&config, &path, true)).await;
        assert!(refused.as_ref().is_err_and(|e| e.contains("not a backup")), "{}: {refused:?}", file.display());
    }
    assert!(!target.database_url.strip_prefix("sqlite://").map(std::path::Path::new).unwrap().exists());

    let postgres = Config { database_url: "postgres://danvan@db.invalid/danvan".into(), ..target.clone() };
    let output = target.data_dir.join("never.db");
    assert!(backup::backup(&postgres, &output).is_err_and(|e| e.contains("pg_dump")));
    assert!(backup::restore(&postgres, &output, false).is_err_and(|e| e.contains("pg_restore")));
}
