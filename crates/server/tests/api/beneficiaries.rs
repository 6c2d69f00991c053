//! Beneficiaries over HTTP on both databases: personal data sealed at rest (the SQLite
//! file, its WAL and the debug log of the real `danvan` binary; every row of the new
//! tables, the audit log and the idempotency keys on PostgreSQL) and masked in lists,
//! reads and exports; reveals audited with their reason; duplicates caught by citizen ID
//! (in scope and out of it) and by a close name, the override audited; merges that keep
//! both histories; consent withdrawn stops processing; one head per household under
//! concurrency; a regional office sees only its provinces.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{new_user, refused, Backend, TestApp, ADMIN_PASSWORD};
use chrono::NaiveDate;
use danvan_client::{
    beneficiaries::{duplicate_candidates, existing_beneficiary},
    Client,
};
use danvan_domain::{
    aid::{
        Beneficiary, ConsentInput, ConsentRequest, ConsentState, CreateBeneficiary, CreateHousehold, Hardship,
        MergeRequest, SupportCategory, UpdateBeneficiary,
    },
    area::Layout,
    audit::{AuditAction, AuditEntry},
    personal::RevealRequest,
    role::Role,
    user::CreateUser,
};
use reqwest::StatusCode;
use std::collections::BTreeSet;
use uuid::Uuid;

const CONFLICT: StatusCode = StatusCode::CONFLICT;

/// Clearly fake personal values.
const CITIZEN_ID: &str = "079199012345";
const PHONE: &str = "0987654321";

async fn commune(client: &Client, code: &str) -> Uuid {
    client.area_by_code(Layout::L2021, code).await.unwrap().id
}

async fn categories(client: &Client) -> Vec<SupportCategory> {
    client.list_support_categories(Some(true)).await.unwrap()
}

fn person(name: &str, area: Uuid, category: Uuid) -> CreateBeneficiary {
    CreateBeneficiary {
        full_name: name.into(),
        household_id: None,
        is_head: false,
        area_id: Some(area),
        address: "Số 5 ngõ 12".into(),
        category_ids: vec![category],
        hardships: vec![Hardship::LostIncome],
        citizen_id: None,
        phone: None,
        birth_date: None,
        disability: None,
        health: None,
        consent: ConsentInput {
            given_by: "Bản thân".into(), purpose: "Nhận hỗ trợ của Mặt trận".into()
        },
        override_reason: None,
    }
}

fn with_personal(request: CreateBeneficiary) -> CreateBeneficiary {
    CreateBeneficiary {
        citizen_id: Some(CITIZEN_ID.into()),
        phone: Some(PHONE.into()),
        birth_date: NaiveDate::from_ymd_opt(1961, 3, 4),
        disability: Some("Khiếm thị một mắt".into()),
        health: Some("Tiểu đường type 2".into()),
        ..request
    }
}

fn reason(text: &str) -> RevealRequest {
    RevealRequest { reason: text.into() }
}

async fn audit_of(client: &Client, id: Uuid, action: AuditAction) -> Vec<AuditEntry> {
    let id = id.to_string();
    client
        .all_audit(&[("entity", "beneficiary"), ("entity_id", id.as_str()), ("action", action.as_str())])
        .await
        .unwrap()
}

/// What the database keeps of the new tables, the audit log and the idempotency keys:
/// on SQLite the database file and its WAL byte for byte, on PostgreSQL the text of every
/// row.
async fn stored_text(app: &TestApp) -> String {
    let url = app.config.database_url.clone();
    if app.backend == Backend::Sqlite {
        let path = url.trim_start_matches("sqlite://").to_owned();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let tables = [
        "support_categories",
        "households",
        "beneficiaries",
        "beneficiary_personal",
        "beneficiary_category_links",
        "beneficiary_consents",
        "beneficiary_merges",
        "audit_log",
        "idempotency_keys",
    ];
    tokio::task::spawn_blocking(move || {
        use danvan_store::diesel::{self, sql_query, sql_types::Text, QueryableByName, RunQueryDsl};
        #[derive(QueryableByName)]
        struct Line {
            #[diesel(sql_type = Text)]
            line: String,
        }
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        let mut all = String::new();
        for table in tables {
            let lines: Vec<Line> =
                sql_query(format!("SELECT t::text AS line FROM {table} t")).load(&mut *conn).unwrap();
            all.extend(lines.into_iter().map(|line| line.line + "\n"));
        }
        all
    })
    .await
    .unwrap()
}

both_backends! {
    async fn personal_values_are_stored_sealed_and_answered_masked_everywhere(app) {
        let area = commune(&app.admin, "00001").await;
        let category = categories(&app.admin).await[0].id;
        let created = app
            .admin
            .create_beneficiary(&with_personal(person("Nguyễn Văn An", area, category)), Some("create-an"))
            .await
            .unwrap();
        // Masked in the answer to the create, in a read, in the list and in the export.
        let check = |person: &Beneficiary| {
            assert_eq!(person.citizen_id.as_ref().unwrap().masked(), "•••••••••345");
            assert_eq!(person.phone.as_ref().unwrap().masked(), "•••••••321");
            assert_eq!(person.birth_date.as_ref().unwrap().masked(), "••••••••••");
            assert!(person.health.as_ref().unwrap().masked().chars().all(|c| c == '•'));
            for field in [&person.citizen_id, &person.phone, &person.birth_date, &person.disability, &person.health] {
                assert_eq!(field.as_ref().unwrap().revealed(), None);
            }
        };
        check(&created);
        check(&app.admin.get_beneficiary(created.id).await.unwrap().value);
        let listed = app.admin.list_beneficiaries(&[]).await.unwrap().items;
        assert_eq!(listed.len(), 1);
        check(&listed[0]);
        for format in ["csv", "xlsx"] {
            let file = app.admin.export_beneficiaries(&[("format", format)]).await.unwrap();
            let text = String::from_utf8_lossy(&file.bytes).to_string();
            assert!(!text.contains(CITIZEN_ID) && !text.contains(PHONE), "{format} export holds a personal value");
            if format == "csv" {
                assert!(text.contains("•••••••••345") && text.contains("Nguyễn Văn An"), "{text}");
            }
        }
        let json = serde_json::to_string(&listed).unwrap();
        assert!(!json.contains(CITIZEN_ID) && !json.contains(PHONE) && !json.contains("1961"));
        // Found by the whole citizen ID or phone, through the keyed hash.
        for q in [CITIZEN_ID, "0987 654 321"] {
            let found = app.admin.list_beneficiaries(&[("q", q)]).await.unwrap().items;
            assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [created.id], "{q}");
        }
        // Stored rows, audit rows and idempotency records hold neither value.
        let stored = stored_text(&app).await;
        assert!(stored.contains("Nguyễn Văn An"), "the scan reads the rows");
        for value in [CITIZEN_ID, PHONE, "1961-03-04", "Tiểu đường"] {
            assert!(!stored.contains(value), "{value} is stored in the clear");
        }
    }

    async fn a_reveal_needs_a_reason_and_is_audited_without_the_values(app) {
        let area = commune(&app.admin, "00001").await;
        let category = categories(&app.admin).await[0].id;
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let (_, leader) = app.user("lanh.dao", Role::Leader, None).await;
        let created = office.create_beneficiary(&with_personal(person("Trần Thị Bình", area, category)), None).await.unwrap();
        assert!(created.can_reveal);
        refused(office.reveal_beneficiary(created.id, &reason("abc")).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        // A leader reads, but may not reveal.
        let read = leader.get_beneficiary(created.id).await.unwrap().value;
        assert!(!read.can_reveal && !read.can_manage);
        refused(leader.reveal_beneficiary(created.id, &reason("Xác minh hồ sơ")).await, StatusCode::FORBIDDEN, "forbidden");
        let revealed = office.reveal_beneficiary(created.id, &reason("Gọi điện báo lịch nhận quà")).await.unwrap();
        assert_eq!(revealed.citizen_id.as_deref(), Some(CITIZEN_ID));
        assert_eq!(revealed.phone.as_deref(), Some(PHONE));
        assert_eq!(revealed.birth_date, NaiveDate::from_ymd_opt(1961, 3, 4));
        assert_eq!(revealed.health.as_deref(), Some("Tiểu đường type 2"));
        let reveals = audit_of(&app.admin, created.id, AuditAction::Reveal).await;
        assert_eq!(reveals.len(), 1, "one reveal, one audit row");
        let after = reveals[0].after.as_ref().unwrap().to_string();
        assert!(after.contains("Gọi điện báo lịch nhận quà"), "{after}");
        assert!(!after.contains(CITIZEN_ID) && !after.contains(PHONE), "{after}");
        assert_eq!(reveals[0].actor_username.as_deref(), Some("van.phong"));
        // The create's audit row names the fields on record, never their values.
        let creates = audit_of(&app.admin, created.id, AuditAction::Create).await;
        let after = creates[0].after.as_ref().unwrap().to_string();
        assert!(after.contains("citizen_id") && !after.contains(CITIZEN_ID) && !after.contains("345"), "{after}");
        assert_eq!(creates[0].label.as_deref(), Some("Trần Thị Bình"));
    }

    async fn the_same_citizen_id_is_refused_with_a_link_only_within_the_callers_scope(app) {
        let hanoi = commune(&app.admin, "00001").await;
        let saigon = commune(&app.admin, "26734").await;
        let category = categories(&app.admin).await[0].id;
        let first = app
            .admin
            .create_beneficiary(&CreateBeneficiary { citizen_id: Some(CITIZEN_ID.into()), ..person("Lê Văn Cường", hanoi, category) }, None)
            .await
            .unwrap();
        // Typed with spaces, still the same citizen ID.
        let again = CreateBeneficiary { citizen_id: Some("079 199 012 345".into()), ..person("Lê Văn Cường", hanoi, category) };
        let error = app.admin.create_beneficiary(&again, None).await.unwrap_err();
        assert_eq!((error.status(), error.code()), (Some(409), Some("duplicate_citizen_id")));
        assert_eq!(existing_beneficiary(&error).map(|r| r.id), Some(first.id));
        // A regional office of Hồ Chí Minh City does not reach the Hà Nội record: no link,
        // and nothing of it in the answer.
        let province = app.admin.area_by_code(Layout::L2021, "79").await.unwrap().id;
        let request = CreateUser { scope_area_ids: vec![province], ..new_user("vung.hcm", Role::RegionalOffice) };
        app.admin.create_user(&request, None).await.unwrap();
        let regional = app.login("vung.hcm", crate::support::PASSWORD).await;
        let elsewhere = CreateBeneficiary { citizen_id: Some(CITIZEN_ID.into()), ..person("Lê Văn Cường", saigon, category) };
        let error = regional.create_beneficiary(&elsewhere, None).await.unwrap_err();
        assert_eq!((error.status(), error.code()), (Some(409), Some("duplicate_citizen_id")));
        let problem = error.problem().unwrap();
        assert!(problem.existing.is_none());
        let text = serde_json::to_string(problem).unwrap();
        assert!(!text.contains(&first.id.to_string()) && !text.contains("Cường") && !text.contains(CITIZEN_ID), "{text}");
        assert_eq!(app.admin.list_beneficiaries(&[]).await.unwrap().items.len(), 1);
    }

    async fn a_likely_duplicate_is_offered_and_entered_only_with_an_audited_reason(app) {
        let area = commune(&app.admin, "00001").await;
        let other_area = commune(&app.admin, "00004").await;
        let category = categories(&app.admin).await[0].id;
        let born = |year| NaiveDate::from_ymd_opt(year, 5, 1);
        let first = app
            .admin
            .create_beneficiary(&CreateBeneficiary { birth_date: born(1961), ..person("Nguyễn Văn An", area, category) }, None)
            .await
            .unwrap();
        let close = CreateBeneficiary { birth_date: born(1961), ..person("Nguyen Van  An", area, category) };
        let error = app.admin.create_beneficiary(&close, None).await.unwrap_err();
        assert_eq!((error.status(), error.code()), (Some(409), Some("possible_duplicate")));
        let candidates = duplicate_candidates(&error).unwrap();
        assert_eq!(candidates.iter().map(|c| c.id).collect::<Vec<_>>(), [first.id]);
        assert!(candidates[0].name.starts_with("Nguyễn Văn An · "), "{}", candidates[0].name);
        assert!(!candidates[0].name.contains("1961"), "the birth year stays masked: {}", candidates[0].name);
        // Another birth year, another commune, or another name: no prompt.
        for request in [
            CreateBeneficiary { birth_date: born(1975), ..person("Nguyễn Văn An", area, category) },
            CreateBeneficiary { birth_date: born(1961), ..person("Nguyễn Văn An", other_area, category) },
            CreateBeneficiary { birth_date: born(1961), ..person("Phạm Thị Dung", area, category) },
        ] {
            app.admin.create_beneficiary(&request, None).await.unwrap();
        }
        let overridden = CreateBeneficiary { override_reason: Some("Hai người cùng tên, khác số nhà".into()), ..close };
        let second = app.admin.create_beneficiary(&overridden, None).await.unwrap();
        let rows = audit_of(&app.admin, second.id, AuditAction::Override).await;
        assert_eq!(rows.len(), 1);
        let after = rows[0].after.as_ref().unwrap().to_string();
        assert!(after.contains("Hai người cùng tên, khác số nhà") && after.contains(&first.id.to_string()), "{after}");
    }

    async fn a_merge_keeps_both_histories_under_the_survivor(app) {
        let area = commune(&app.admin, "00001").await;
        let list = categories(&app.admin).await;
        let survivor = app.admin.create_beneficiary(&person("Hoàng Văn Em", area, list[0].id), None).await.unwrap();
        let duplicate = CreateBeneficiary {
            override_reason: Some("Nhập trùng từ hai đợt khảo sát".into()),
            ..person("Hoàng Văn Em", area, list[1].id)
        };
        let merged = app.admin.create_beneficiary(&duplicate, None).await.unwrap();
        let (_, regional) = app.user("vung.khong", Role::RegionalOffice, None).await;
        refused(
            regional.merge_beneficiaries(survivor.id, &MergeRequest { merged_id: merged.id, reason: "Cùng một người".into() }).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
        let after = app
            .admin
            .merge_beneficiaries(survivor.id, &MergeRequest { merged_id: merged.id, reason: "Cùng một người, nhập hai lần".into() })
            .await
            .unwrap();
        assert_eq!(after.merged.iter().map(|m| m.id).collect::<Vec<_>>(), [merged.id]);
        assert_eq!(after.consents.len(), 2, "both consents show under the survivor");
        assert!(after.consents.iter().any(|c| c.from_merged == Some(merged.id)));
        let codes: BTreeSet<String> = after.categories.iter().map(|c| c.code.clone()).collect();
        assert_eq!(codes, [list[0].code.clone(), list[1].code.clone()].into_iter().collect());
        let gone = app.admin.get_beneficiary(merged.id).await.unwrap().value;
        assert_eq!(gone.merged_into.map(|m| m.id), Some(survivor.id));
        let listed: Vec<Uuid> = app.admin.list_beneficiaries(&[]).await.unwrap().items.into_iter().map(|p| p.id).collect();
        assert_eq!(listed, [survivor.id], "a merged record is never listed");
        let error = app
            .admin
            .merge_beneficiaries(survivor.id, &MergeRequest { merged_id: merged.id, reason: "Gộp lần nữa".into() })
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(409));
        assert_eq!(audit_of(&app.admin, merged.id, AuditAction::Merge).await.len(), 1);
        assert_eq!(audit_of(&app.admin, survivor.id, AuditAction::Merge).await.len(), 1);
    }

    async fn consent_withdrawn_stops_changes_and_reveals_until_given_again(app) {
        let area = commune(&app.admin, "00001").await;
        let category = categories(&app.admin).await[0].id;
        let created = app.admin.create_beneficiary(&with_personal(person("Vũ Thị Giang", area, category)), None).await.unwrap();
        let withdraw = ConsentRequest { kind: ConsentState::Withdrawn, given_by: "Bản thân".into(), purpose: "Không muốn nhận hỗ trợ nữa".into() };
        let after = app.admin.record_beneficiary_consent(created.id, &withdraw).await.unwrap();
        assert_eq!(after.consent, ConsentState::Withdrawn);
        assert!(!after.can_manage && !after.can_reveal);
        assert_eq!(after.consents.len(), 2);
        let etag = app.admin.get_beneficiary(created.id).await.unwrap().etag;
        let change = UpdateBeneficiary { address: Some("Số 7".into()), ..UpdateBeneficiary::default() };
        refused(app.admin.update_beneficiary(created.id, &etag, &change).await, CONFLICT, "consent_withdrawn");
        refused(app.admin.reveal_beneficiary(created.id, &reason("Kiểm tra lại hồ sơ")).await, CONFLICT, "consent_withdrawn");
        refused(app.admin.record_beneficiary_consent(created.id, &withdraw).await, CONFLICT, "consent_withdrawn");
        assert_eq!(audit_of(&app.admin, created.id, AuditAction::Withdraw).await.len(), 1);
        let give = ConsentRequest { kind: ConsentState::Given, given_by: "Bản thân".into(), purpose: "Nhận hỗ trợ đợt 2".into() };
        app.admin.record_beneficiary_consent(created.id, &give).await.unwrap();
        let etag = app.admin.get_beneficiary(created.id).await.unwrap().etag;
        assert_eq!(app.admin.update_beneficiary(created.id, &etag, &change).await.unwrap().address, "Số 7");
    }

    async fn ten_heads_entered_at_once_leave_one_head(app) {
        let area = commune(&app.admin, "00001").await;
        let category = categories(&app.admin).await[0].id;
        let household = app
            .admin
            .create_household(&CreateHousehold { name: Some("Hộ ông Đỗ Văn Hùng".into()), area_id: area, address: "Số 9".into() }, None)
            .await
            .unwrap();
        let tasks: Vec<_> = (0..10)
            .map(|n| {
                let client = app.admin.clone();
                let request = CreateBeneficiary {
                    household_id: Some(household.id),
                    is_head: true,
                    area_id: None,
                    address: String::new(),
                    override_reason: Some("Thành viên khác của hộ".into()),
                    ..person(&format!("Thành viên {n} khác tên {}", "x".repeat(n * 3)), area, category)
                };
                tokio::spawn(async move { client.create_beneficiary(&request, None).await })
            })
            .collect();
        let mut created = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(person) => {
                    assert!(person.is_head);
                    assert_eq!(person.address, "Số 9", "a member takes the household's address");
                    created += 1;
                }
                Err(error) => assert_eq!((error.status(), error.code()), (Some(409), Some("household_has_head")), "{error}"),
            }
        }
        assert_eq!(created, 1);
        let read = app.admin.get_household(household.id).await.unwrap().value;
        assert_eq!(read.members.iter().filter(|m| m.is_head).count(), 1);
        assert!(read.head.is_some());
    }

    async fn a_regional_office_sees_and_enters_only_in_its_provinces(app) {
        let hanoi = commune(&app.admin, "00001").await;
        let saigon = commune(&app.admin, "26734").await;
        let category = categories(&app.admin).await[0].id;
        let north = app.admin.create_beneficiary(&person("Người ở Hà Nội", hanoi, category), None).await.unwrap();
        let south = app.admin.create_beneficiary(&person("Người ở Sài Gòn", saigon, category), None).await.unwrap();
        let province = app.admin.area_by_code(Layout::L2021, "01").await.unwrap().id;
        let request = CreateUser { scope_area_ids: vec![province], ..new_user("vung.hn", Role::RegionalOffice) };
        app.admin.create_user(&request, None).await.unwrap();
        let regional = app.login("vung.hn", crate::support::PASSWORD).await;
        let seen: Vec<Uuid> = regional.list_beneficiaries(&[]).await.unwrap().items.into_iter().map(|p| p.id).collect();
        assert_eq!(seen, [north.id]);
        let filtered = regional.list_beneficiaries(&[("area_id", &saigon.to_string())]).await.unwrap().items;
        assert!(filtered.is_empty(), "a filter does not get around the scope");
        refused(regional.get_beneficiary(south.id).await, StatusCode::NOT_FOUND, "not_found");
        refused(regional.reveal_beneficiary(south.id, &reason("Xác minh hồ sơ")).await, StatusCode::NOT_FOUND, "not_found");
        refused(regional.create_beneficiary(&person("Người mới", saigon, category), None).await, StatusCode::FORBIDDEN, "forbidden");
        assert!(regional.get_beneficiary(north.id).await.unwrap().value.can_manage);
        regional.create_beneficiary(&person("Người mới ở Hà Nội", hanoi, category), None).await.unwrap();
        // The category list walks its own index and keeps the scope.
        let by_category = regional.list_beneficiaries(&[("category_id", &category.to_string())]).await.unwrap().items;
        assert_eq!(by_category.len(), 2);
        let households = regional.list_households(&[]).await.unwrap().items;
        assert!(households.is_empty());
    }

    async fn lists_page_by_name_without_diacritics(app) {
        let area = commune(&app.admin, "00001").await;
        let category = categories(&app.admin).await[0].id;
        for name in ["Đặng Văn Khoa", "Bùi Thị Lan", "Ngô Văn Minh", "Đinh Thị Nga", "Lý Văn Oanh"] {
            app.admin.create_beneficiary(&person(name, area, category), None).await.unwrap();
        }
        let mut names = Vec::new();
        let mut cursor = String::new();
        loop {
            let category = category.to_string();
            let mut query = vec![("limit", "2"), ("category_id", category.as_str())];
            if !cursor.is_empty() {
                query.push(("cursor", cursor.as_str()));
            }
            let page = app.admin.list_beneficiaries(&query).await.unwrap();
            names.extend(page.items.into_iter().map(|p| p.full_name));
            match page.next_cursor {
                Some(next) => cursor = next,
                None => break,
            }
        }
        assert_eq!(names, ["Bùi Thị Lan", "Đặng Văn Khoa", "Đinh Thị Nga", "Lý Văn Oanh", "Ngô Văn Minh"]);
        let found = app.admin.list_beneficiaries(&[("q", "dang van")]).await.unwrap().items;
        assert_eq!(found.iter().map(|p| p.full_name.as_str()).collect::<Vec<_>>(), ["Đặng Văn Khoa"]);
    }
}

/// The real `danvan` binary on a fresh SQLite data directory at the debug log level.
struct Binary {
    child: std::process::Child,
    base: String,
    dir: std::path::PathBuf,
    log: std::path::PathBuf,
}

impl Binary {
    async fn start() -> Binary {
        let dir = std::env::temp_dir().join("danvan-tests").join(format!("binary-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = dir.join("server.log");
        let file = std::fs::File::create(&log).unwrap();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"));
        command.arg("serve");
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("DANVAN_") {
                command.env_remove(name);
            }
        }
        let child = command
            .env("DANVAN_BIND", format!("127.0.0.1:{port}"))
            .env("DANVAN_DATA_DIR", &dir)
            .env("DANVAN_DATABASE_URL", format!("sqlite://{}", dir.join("danvan.db").display()))
            .env("DANVAN_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("DANVAN_LOG", "debug")
            .stdin(std::process::Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let binary = Binary { child, base, dir, log };
        for _ in 0..600 {
            if let Ok(answer) = reqwest::get(format!("{}/healthz", binary.base)).await {
                if answer.status().is_success() {
                    return binary;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        panic!("the server did not start:\n{}", std::fs::read_to_string(&binary.log).unwrap_or_default());
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The test: the database file (with its WAL) and the server's debug log,
/// searched for a citizen ID and a phone entered through the API, hold neither.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_file_and_the_debug_log_never_hold_a_citizen_id_or_phone() {
    let server = Binary::start().await;
    let anonymous = Client::new(&server.base);
    let tokens = anonymous.login("admin", ADMIN_PASSWORD).await.unwrap();
    let admin = anonymous.with_token(&tokens.access_token);
    let area = commune(&admin, "00001").await;
    let category = categories(&admin).await[0].id;
    let created = admin
        .create_beneficiary(&with_personal(person("Phan Văn Lộc", area, category)), Some("binary-create"))
        .await
        .unwrap();
    // A retry, a reveal and a failed duplicate also pass through the log.
    admin
        .create_beneficiary(&with_personal(person("Phan Văn Lộc", area, category)), Some("binary-create"))
        .await
        .unwrap();
    admin.reveal_beneficiary(created.id, &reason("Gọi điện báo lịch nhận quà")).await.unwrap();
    let duplicate = CreateBeneficiary {
        override_reason: Some("Kiểm tra trùng số CCCD".into()),
        ..with_personal(person("Phan Văn Lộc", area, category))
    };
    refused(admin.create_beneficiary(&duplicate, None).await, CONFLICT, "duplicate_citizen_id");
    admin.list_beneficiaries(&[("q", CITIZEN_ID)]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(log.contains("beneficiaries"), "the debug log records the requests:\n{log}");
    let mut stored = Vec::new();
    for name in ["danvan.db", "danvan.db-wal"] {
        if let Ok(bytes) = std::fs::read(server.dir.join(name)) {
            stored.extend(bytes);
        }
    }
    let name = "Phan Văn Lộc".as_bytes();
    assert!(stored.windows(name.len()).any(|w| w == name), "the scan reads the stored rows");
    for value in [CITIZEN_ID, PHONE] {
        assert!(!log.contains(value), "the log holds {value}");
        assert!(!stored.windows(value.len()).any(|w| w == value.as_bytes()), "the database file holds {value}");
    }
}
