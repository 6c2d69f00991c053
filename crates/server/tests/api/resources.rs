//! The resources and their storage rules: administrative areas (counts, diacritics-free
//! search, codes, children, trees, stable ids), area groups (defaults, province checks,
//! unique codes, in-use deletes), org units (a tree without cycles), users (references,
//! unique usernames, filters, own-account guards) and the idempotent demo seed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{pairs, refused, Backend, TestApp, PASSWORD};
use danvan_client::{Client, ClientError};
use danvan_domain::{
    area::{Area, AreaGroup, AreaGroupKind, AreaLevel, AreaNode, CreateAreaGroup, Layout, UpdateAreaGroup},
    org_unit::{CreateOrgUnit, OrgUnit, OrgUnitKind, UpdateOrgUnit},
    role::Role,
    text::fold,
    user::{CreateUser, UpdateUser, User},
};
use reqwest::{Method, StatusCode};
use std::collections::BTreeSet;
use uuid::Uuid;

const SEED_PASSWORD: &str = "some-password-123";

async fn area(app: &TestApp, layout: Layout, code: &str) -> Area {
    app.admin.area_by_code(layout, code).await.unwrap()
}

/// Every area matching `query`, across pages.
async fn all_areas(client: &Client, query: &[(&str, &str)]) -> Vec<Area> {
    client.all_areas(query).await.unwrap()
}

async fn all_groups(client: &Client, query: &[(&str, &str)]) -> Vec<AreaGroup> {
    let mut q = query.to_vec();
    q.push(("limit", "200"));
    let page = client.list_area_groups(&q).await.unwrap();
    assert!(page.next_cursor.is_none());
    page.items
}

async fn all_org_units(client: &Client) -> Vec<OrgUnit> {
    let page = client.list_org_units(&[("limit", "200")]).await.unwrap();
    assert!(page.next_cursor.is_none());
    page.items
}

async fn users_where(client: &Client, query: &[(&str, &str)]) -> Vec<String> {
    let mut q = query.to_vec();
    q.push(("limit", "200"));
    client.list_users(&q).await.unwrap().items.into_iter().map(|u| u.username).collect()
}

async fn unit(app: &TestApp, code: &str, parent_id: Option<Uuid>) -> OrgUnit {
    let request =
        CreateOrgUnit {
            parent_id, code: code.into(), name: format!("Đơn vị {code}"), kind: OrgUnitKind::Department
        };
    app.admin.create_org_unit(&request, None).await.unwrap()
}

fn move_to(parent: Option<Uuid>) -> UpdateOrgUnit {
    UpdateOrgUnit { parent_id: Some(parent), ..Default::default() }
}

async fn update_unit(app: &TestApp, id: Uuid, change: &UpdateOrgUnit) -> Result<OrgUnit, ClientError> {
    let etag = app.admin.get_org_unit(id).await.unwrap().etag;
    app.admin.update_org_unit(id, &etag, change).await
}

async fn delete_unit(app: &TestApp, id: Uuid) -> Result<(), ClientError> {
    let etag = app.admin.get_org_unit(id).await.unwrap().etag;
    app.admin.delete_org_unit(id, &etag).await
}

fn custom_group(code: &str, layout: Layout, province_ids: Vec<Uuid>) -> CreateAreaGroup {
    CreateAreaGroup {
        code: code.into(),
        name: format!("Nhóm {code}"),
        kind: AreaGroupKind::Custom,
        layout,
        province_ids,
    }
}

fn new_user(username: &str, display_name: &str, role: Role) -> CreateUser {
    CreateUser { display_name: display_name.into(), ..crate::support::new_user(username, role) }
}

async fn update_user(client: &Client, id: Uuid, change: &UpdateUser) -> Result<User, ClientError> {
    let etag = client.get_user(id).await.unwrap().etag;
    client.update_user(id, &etag, change).await
}

fn set<T: Ord + Clone>(items: &[T]) -> BTreeSet<T> {
    items.iter().cloned().collect()
}

/// Counts the nodes of a tree `levels` deep, level by level, checking that each node
/// above the last level holds exactly its children and the last level none.
fn count_nodes(nodes: &[AreaNode], levels: usize) -> Vec<usize> {
    let mut counts = vec![0; levels];
    let mut current: Vec<&AreaNode> = nodes.iter().collect();
    for (depth, count) in counts.iter_mut().enumerate() {
        *count = current.len();
        let mut next = Vec::new();
        for node in current {
            if depth + 1 < levels {
                assert_eq!(node.children.len() as i64, node.area.child_count, "{}", node.area.name);
            } else {
                assert!(node.children.is_empty(), "{} is below the depth asked", node.area.name);
            }
            for child in &node.children {
                assert_eq!(child.area.parent_id, Some(node.area.id), "{}", child.area.name);
                next.push(child);
            }
        }
        current = next;
    }
    counts
}

/// Runs `seed_demo` on the app's database through a pool of its own; returns its summary.
async fn seed(app: &TestApp) -> String {
    try_seed(app, false).await.unwrap()
}

async fn try_seed(app: &TestApp, force: bool) -> Result<String, String> {
    let url = app.config.database_url.clone();
    tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 2).unwrap();
        let keyring = danvan_store::personal::Keyring::generate().unwrap();
        danvan_server::seed::seed_demo(&pool, &keyring, SEED_PASSWORD, force)
    })
    .await
    .unwrap()
}

/// The rows of the demo's aid records, read from the app's database (locations, donors,
/// campaigns, pledges, donations, reversals, transfers, adjustments, stock movements, cash
/// entries), with the pledges' statuses and whether every balance is the sum of its ledger.
async fn aid_rows(app: &TestApp) -> (Vec<i64>, BTreeSet<String>, bool) {
    use danvan_store::{diesel::prelude::*, schema::*};
    let url = app.config.database_url.clone();
    tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        let conn = &mut *conn;
        let counts = vec![
            aid_locations::table.count().get_result::<i64>(conn).unwrap(),
            donors::table.count().get_result::<i64>(conn).unwrap(),
            campaigns::table.count().get_result::<i64>(conn).unwrap(),
            pledges::table.count().get_result::<i64>(conn).unwrap(),
            donations::table.count().get_result::<i64>(conn).unwrap(),
            aid_reversals::table.count().get_result::<i64>(conn).unwrap(),
            stock_transfers::table.count().get_result::<i64>(conn).unwrap(),
            stock_adjustments::table.count().get_result::<i64>(conn).unwrap(),
            stock_movements::table.count().get_result::<i64>(conn).unwrap(),
            cash_entries::table.count().get_result::<i64>(conn).unwrap(),
        ];
        let filter = danvan_store::aid::PledgeFilter::default();
        let pledges = danvan_store::aid::list_pledges(conn, &filter, 50, None).unwrap().items;
        let statuses = pledges.iter().map(|pledge| pledge.status.as_str().to_owned()).collect();
        (counts, statuses, danvan_store::aid::balance_sum_matches(conn).unwrap())
    })
    .await
    .unwrap()
}

both_backends! {
    // --- areas ---

    async fn area_counts_are_those_of_both_layouts(app) {
        let counts = app.admin.area_counts().await.unwrap();
        let got: BTreeSet<(Layout, &str, i64)> = counts.iter().map(|c| (c.layout, c.level.as_str(), c.count)).collect();
        let expected: BTreeSet<(Layout, &str, i64)> = [
            (Layout::L2021, "province", 63),
            (Layout::L2021, "district", 696),
            (Layout::L2021, "commune", 10035),
            (Layout::L2025, "province", 34),
            (Layout::L2025, "commune", 3321),
        ]
        .into_iter()
        .collect();
        assert_eq!(got, expected, "no 2025 districts and nothing else: {counts:?}");
        // The lists agree with the counts.
        assert_eq!(all_areas(&app.admin, &[("layout", "2021"), ("level", "province")]).await.len(), 63);
        assert_eq!(all_areas(&app.admin, &[("layout", "2025"), ("level", "district")]).await.len(), 0);
    }

    async fn area_search_ignores_diacritics_and_case_in_both_layouts(app) {
        for (q, name) in [
            ("ha noi", "Thành phố Hà Nội"),
            ("dak lak", "Tỉnh Đắk Lắk"),
            ("HỒ CHÍ MINH", "Thành phố Hồ Chí Minh"),
            ("  Ha   NOI ", "Thành phố Hà Nội"),
        ] {
            for layout in Layout::ALL {
                let found = all_areas(&app.admin, &[("layout", layout.as_str()), ("level", "province"), ("q", q)]).await;
                let names: Vec<&str> = found.iter().map(|a| a.name.as_str()).collect();
                assert_eq!(names, [name], "q={q:?} in {}", layout.as_str());
            }
            // Whatever is found matches the folded query.
            let everywhere = all_areas(&app.admin, &[("q", q)]).await;
            assert!(everywhere.iter().all(|a| fold(&a.name).contains(&fold(q))), "q={q:?}");
            let provinces: Vec<(Layout, &str)> = everywhere
                .iter()
                .filter(|a| a.level == AreaLevel::Province)
                .map(|a| (a.layout, a.name.as_str()))
                .collect();
            assert_eq!(provinces, [(Layout::L2021, name), (Layout::L2025, name)], "q={q:?}");
        }
        // A commune by its name without diacritics.
        let found = all_areas(&app.admin, &[("layout", "2021"), ("q", "phuong truc bach")]).await;
        assert!(found.iter().any(|a| a.code == "00004" && a.name == "Phường Trúc Bạch"), "{found:?}");
    }

    async fn areas_are_found_by_official_code(app) {
        let hanoi = area(&app, Layout::L2025, "01").await;
        assert_eq!(hanoi.name, "Thành phố Hà Nội");
        assert_eq!((hanoi.layout, hanoi.level, hanoi.code.as_str()), (Layout::L2025, AreaLevel::Province, "01"));
        assert_eq!(hanoi.parent_id, None);
        assert_eq!(hanoi.region, Some(danvan_domain::area::Region::North));
        assert!(hanoi.child_count > 0);
        assert_eq!(app.admin.get_area(hanoi.id).await.unwrap(), hanoi);
        let old_hanoi = area(&app, Layout::L2021, "01").await;
        assert_eq!(old_hanoi.name, "Thành phố Hà Nội");
        assert_ne!(old_hanoi.id, hanoi.id, "the layouts are separate");
        let ba_dinh = area(&app, Layout::L2021, "001").await;
        assert_eq!((ba_dinh.level, ba_dinh.parent_id), (AreaLevel::District, Some(old_hanoi.id)));
        assert_eq!(ba_dinh.region, None);
        let by_query = app.admin.list_areas(&[("layout", "2025"), ("code", "01")]).await.unwrap().items;
        assert_eq!(by_query, [hanoi]);

        refused(app.admin.area_by_code(Layout::L2025, "99").await, StatusCode::NOT_FOUND, "not_found");
        refused(app.admin.area_by_code(Layout::L2025, "001").await, StatusCode::NOT_FOUND, "not_found");
        let response = app.admin.request(Method::GET, "/api/v1/areas/by-code/2030/01").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }

    async fn children_of_a_2021_province_are_its_districts(app) {
        let hanoi = area(&app, Layout::L2021, "01").await;
        let districts = app.admin.area_children(hanoi.id).await.unwrap();
        assert_eq!(districts.len() as i64, hanoi.child_count);
        assert!(!districts.is_empty());
        for district in &districts {
            assert_eq!(district.level, AreaLevel::District, "{}", district.name);
            assert_eq!(district.layout, Layout::L2021);
            assert_eq!(district.parent_id, Some(hanoi.id));
        }
        let codes: Vec<&str> = districts.iter().map(|d| d.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted, "by code");
        // The list filtered by parent agrees.
        let listed = all_areas(&app.admin, &[("parent_id", &hanoi.id.to_string())]).await;
        assert_eq!(listed, districts);

        let communes = app.admin.area_children(districts[0].id).await.unwrap();
        assert_eq!(communes.len() as i64, districts[0].child_count);
        assert!(communes.iter().all(|c| c.level == AreaLevel::Commune && c.parent_id == Some(districts[0].id)));
        assert!(communes.iter().all(|c| c.child_count == 0));
        assert!(app.admin.area_children(communes[0].id).await.unwrap().is_empty());

        // In 2025 a province's children are communes.
        let new_hanoi = area(&app, Layout::L2025, "01").await;
        let children = app.admin.area_children(new_hanoi.id).await.unwrap();
        assert_eq!(children.len() as i64, new_hanoi.child_count);
        assert!(children.iter().all(|c| c.level == AreaLevel::Commune && c.layout == Layout::L2025));
    }

    async fn the_2025_tree_has_34_provinces_at_depth_1_and_every_commune_at_depth_2(app) {
        let provinces = app.admin.area_tree(Layout::L2025, 1).await.unwrap();
        assert_eq!(count_nodes(&provinces, 1), [34]);
        assert!(provinces.iter().all(|n| n.area.level == AreaLevel::Province && n.area.child_count > 0));

        // The 2025 layout has no districts: its second level is the communes.
        let tree = app.admin.area_tree(Layout::L2025, 2).await.unwrap();
        assert_eq!(count_nodes(&tree, 2), [34, 3321]);
        assert!(tree.iter().flat_map(|n| &n.children).all(|c| c.area.level == AreaLevel::Commune));
        // Depth 3 ("down to communes") is the same tree.
        assert_eq!(app.admin.area_tree(Layout::L2025, 3).await.unwrap(), tree);
    }

    async fn the_2021_tree_nests_districts_at_depth_2_and_communes_at_depth_3(app) {
        let tree = app.admin.area_tree(Layout::L2021, 2).await.unwrap();
        assert_eq!(count_nodes(&tree, 2), [63, 696]);
        assert!(tree.iter().flat_map(|n| &n.children).all(|c| c.area.level == AreaLevel::District));

        let tree = app.admin.area_tree(Layout::L2021, 3).await.unwrap();
        assert_eq!(count_nodes(&tree, 3), [63, 696, 10035]);
        assert!(tree
            .iter()
            .flat_map(|n| &n.children)
            .flat_map(|d| &d.children)
            .all(|c| c.area.level == AreaLevel::Commune && c.area.layout == Layout::L2021));
    }

    async fn area_trees_refuse_a_depth_outside_1_to_3_and_need_a_layout(app) {
        for depth in ["0", "4"] {
            let response = app
                .admin
                .request(Method::GET, "/api/v1/areas/tree")
                .query(&[("layout", "2025"), ("depth", depth)])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "depth={depth}");
        }
        let response = app.admin.request(Method::GET, "/api/v1/areas/tree").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "the layout is required");
    }

    async fn an_unknown_area_id_is_404(app) {
        let id = Uuid::now_v7();
        refused(app.admin.get_area(id).await, StatusCode::NOT_FOUND, "not_found");
        refused(app.admin.area_children(id).await, StatusCode::NOT_FOUND, "not_found");
    }

    // --- area groups ---

    async fn default_area_groups_cover_regions_and_standing_offices_in_both_layouts(app) {
        let groups = all_groups(&app.admin, &[]).await;
        let codes: BTreeSet<&str> = groups.iter().map(|g| g.code.as_str()).collect();
        let mut expected = BTreeSet::new();
        for year in ["2021", "2025"] {
            for code in ["north", "central", "highlands", "south", "T78", "T26"] {
                expected.insert(format!("{code}-{year}"));
            }
        }
        assert_eq!(codes, expected.iter().map(String::as_str).collect::<BTreeSet<_>>());
        let by_code = |code: &str| groups.iter().find(|g| g.code == code).unwrap().clone();

        for layout in Layout::ALL {
            let year = layout.as_str();
            let provinces: BTreeSet<Uuid> =
                all_areas(&app.admin, &[("layout", year), ("level", "province")]).await.iter().map(|a| a.id).collect();
            let mut union = BTreeSet::new();
            let mut total = 0;
            for region in ["north", "central", "highlands", "south"] {
                let group = by_code(&format!("{region}-{year}"));
                assert_eq!((group.kind, group.layout), (AreaGroupKind::Region, layout));
                total += group.province_ids.len();
                union.extend(group.province_ids.iter().copied());
            }
            assert_eq!(union, provinces, "the regions of {year} cover every province");
            assert_eq!(total, provinces.len(), "and no province twice");
            for code in ["T78", "T26"] {
                let group = by_code(&format!("{code}-{year}"));
                assert_eq!((group.kind, group.layout), (AreaGroupKind::Coverage, layout));
                assert!(group.province_ids.iter().all(|id| provinces.contains(id)));
            }
        }

        let hcm = area(&app, Layout::L2025, "79").await.id;
        let hanoi = area(&app, Layout::L2025, "01").await.id;
        let danang = area(&app, Layout::L2025, "48").await.id;
        let t78 = by_code("T78-2025");
        assert!(t78.province_ids.contains(&hcm));
        assert!(!t78.province_ids.contains(&hanoi));
        assert!(!t78.province_ids.contains(&area(&app, Layout::L2021, "79").await.id), "only 2025 provinces");
        let t26 = by_code("T26-2025");
        assert!(t26.province_ids.contains(&danang) && !t26.province_ids.contains(&hcm));
        assert!(by_code("north-2021").province_ids.contains(&area(&app, Layout::L2021, "01").await.id));

        let coverage: Vec<String> =
            all_groups(&app.admin, &[("layout", "2025"), ("kind", "coverage")]).await.into_iter().map(|g| g.code).collect();
        assert_eq!(coverage, ["T26-2025", "T78-2025"]);
    }

    async fn area_groups_are_created_from_provinces_of_their_layout(app) {
        let can_tho = area(&app, Layout::L2021, "92").await.id;
        let hcm = area(&app, Layout::L2021, "79").await.id;
        let request = CreateAreaGroup {
            code: "mien-tay".into(),
            name: "  Miền Tây  ".into(),
            kind: AreaGroupKind::Custom,
            layout: Layout::L2021,
            province_ids: vec![can_tho, hcm],
        };
        let created = app.admin.create_area_group(&request, None).await.unwrap();
        assert_eq!((created.code.as_str(), created.name.as_str()), ("mien-tay", "Miền Tây"));
        assert_eq!((created.kind, created.layout, created.version), (AreaGroupKind::Custom, Layout::L2021, 1));
        assert_eq!(set(&created.province_ids), set(&[can_tho, hcm]));
        assert_eq!(created.deleted_at, None);
        let read = app.admin.get_area_group(created.id).await.unwrap();
        assert_eq!(read.value, created);
        assert_eq!(read.etag, "\"1\"");
        assert!(all_groups(&app.admin, &[("kind", "custom")]).await.iter().any(|g| g.id == created.id));
    }

    async fn area_groups_refuse_non_provinces_by_their_index(app) {
        let hanoi = area(&app, Layout::L2025, "01").await.id;
        let ba_dinh = area(&app, Layout::L2025, "00004").await.id;
        let old_hanoi = area(&app, Layout::L2021, "01").await.id;
        let old_district = area(&app, Layout::L2021, "001").await.id;
        let before = all_groups(&app.admin, &[]).await.len();

        let errors = refused(
            app.admin.create_area_group(&custom_group("BAD1", Layout::L2025, vec![hanoi, ba_dinh]), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(errors, pairs(&[("province_ids[1]", "not_a_province")]));
        let errors = refused(
            app.admin.create_area_group(&custom_group("BAD2", Layout::L2025, vec![old_hanoi, hanoi]), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(errors, pairs(&[("province_ids[0]", "not_a_province")]));
        let errors = refused(
            app.admin
                .create_area_group(
                    &custom_group("BAD3", Layout::L2025, vec![hanoi, Uuid::now_v7(), old_district]),
                    None,
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(errors, pairs(&[("province_ids[1]", "not_a_province"), ("province_ids[2]", "not_a_province")]));
        assert_eq!(all_groups(&app.admin, &[]).await.len(), before, "nothing was created");

        // The same rule on update, which leaves the group as it was.
        let group = app.admin.create_area_group(&custom_group("GOOD", Layout::L2025, vec![hanoi]), None).await.unwrap();
        let change = UpdateAreaGroup { province_ids: Some(vec![hanoi, old_hanoi]), ..Default::default() };
        let errors = refused(
            app.admin.update_area_group(group.id, "\"1\"", &change).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(errors, pairs(&[("province_ids[1]", "not_a_province")]));
        assert_eq!(app.admin.get_area_group(group.id).await.unwrap().value, group);
    }

    async fn area_group_codes_are_unique(app) {
        let hanoi = area(&app, Layout::L2025, "01").await.id;
        for code in ["T78-2025", "north-2021"] {
            let errors = refused(
                app.admin.create_area_group(&custom_group(code, Layout::L2025, vec![hanoi]), None).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
            );
            assert_eq!(errors, pairs(&[("code", "taken")]), "{code}");
        }
        let groups = all_groups(&app.admin, &[]).await;
        assert_eq!(groups.iter().filter(|g| g.code == "T78-2025").count(), 1);
        assert_eq!(groups.iter().find(|g| g.code == "T78-2025").unwrap().kind, AreaGroupKind::Coverage);

        // Once a group is deleted, its code is free again.
        let first = app.admin.create_area_group(&custom_group("REUSE", Layout::L2025, vec![hanoi]), None).await.unwrap();
        refused(
            app.admin.create_area_group(&custom_group("REUSE", Layout::L2025, vec![]), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        app.admin.delete_area_group(first.id, "\"1\"").await.unwrap();
        let second = app.admin.create_area_group(&custom_group("REUSE", Layout::L2025, vec![]), None).await.unwrap();
        assert_ne!(second.id, first.id);
    }

    async fn an_area_group_update_replaces_its_provinces(app) {
        let hanoi = area(&app, Layout::L2025, "01").await.id;
        let hue = area(&app, Layout::L2025, "46").await.id;
        let hcm = area(&app, Layout::L2025, "79").await.id;
        let group = app.admin.create_area_group(&custom_group("THAY", Layout::L2025, vec![hanoi, hue]), None).await.unwrap();

        let etag = app.admin.get_area_group(group.id).await.unwrap().etag;
        let change = UpdateAreaGroup { province_ids: Some(vec![hcm]), ..Default::default() };
        let updated = app.admin.update_area_group(group.id, &etag, &change).await.unwrap();
        assert_eq!(updated.province_ids, [hcm]);
        assert_eq!(updated.version, 2);

        let read = app.admin.get_area_group(group.id).await.unwrap();
        assert_eq!(read.value.province_ids, [hcm]);
        let rename = UpdateAreaGroup { name: Some("Tên mới".into()), ..Default::default() };
        let renamed = app.admin.update_area_group(group.id, &read.etag, &rename).await.unwrap();
        assert_eq!((renamed.name.as_str(), renamed.province_ids.as_slice()), ("Tên mới", [hcm].as_slice()));

        let etag = app.admin.get_area_group(group.id).await.unwrap().etag;
        let empty = UpdateAreaGroup { province_ids: Some(Vec::new()), ..Default::default() };
        assert!(app.admin.update_area_group(group.id, &etag, &empty).await.unwrap().province_ids.is_empty());
        assert!(app.admin.get_area_group(group.id).await.unwrap().value.province_ids.is_empty());
    }

    async fn an_area_group_in_a_users_scope_cannot_be_deleted_until_the_scope_changes(app) {
        let hanoi = area(&app, Layout::L2025, "01").await.id;
        let group = app.admin.create_area_group(&custom_group("DUNG", Layout::L2025, vec![hanoi]), None).await.unwrap();
        let mut request = new_user("scoped", "Người có phạm vi", Role::RegionalOffice);
        request.scope_area_group_ids = vec![group.id];
        let user = app.admin.create_user(&request, None).await.unwrap();

        let etag = app.admin.get_area_group(group.id).await.unwrap().etag;
        refused(app.admin.delete_area_group(group.id, &etag).await, StatusCode::CONFLICT, "in_use");
        let still = app.admin.get_area_group(group.id).await.unwrap();
        assert_eq!((still.value.clone(), still.etag.as_str()), (group.clone(), etag.as_str()));

        let clear = UpdateUser { scope_area_group_ids: Some(Vec::new()), ..Default::default() };
        assert!(update_user(&app.admin, user.id, &clear).await.unwrap().scope_area_group_ids.is_empty());
        app.admin.delete_area_group(group.id, &etag).await.unwrap();
        refused(app.admin.get_area_group(group.id).await, StatusCode::NOT_FOUND, "not_found");
        assert!(!all_groups(&app.admin, &[]).await.iter().any(|g| g.id == group.id));
        // A deleted group can no longer be put in a scope.
        let again = UpdateUser { scope_area_group_ids: Some(vec![group.id]), ..Default::default() };
        let errors = refused(update_user(&app.admin, user.id, &again).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, pairs(&[("scope_area_group_ids[0]", "not_found")]));
    }

    // --- org units ---

    async fn org_units_form_a_tree_and_a_unit_moves_with_a_new_parent(app) {
        let root = unit(&app, "ROOT", None).await;
        let a = unit(&app, "A", Some(root.id)).await;
        let b = unit(&app, "B", Some(root.id)).await;
        let a1 = unit(&app, "A1", Some(a.id)).await;
        assert_eq!((a1.parent_id, a1.version, a1.deleted_at), (Some(a.id), 1, None));
        let under = |parent: Uuid| {
            let client = app.admin.clone();
            async move {
                let id = parent.to_string();
                let page = client.list_org_units(&[("parent_id", id.as_str())]).await.unwrap();
                page.items.into_iter().map(|u| u.code).collect::<Vec<_>>()
            }
        };
        assert_eq!(under(root.id).await, ["A", "B"]);
        assert_eq!(under(a.id).await, ["A1"]);

        let moved = update_unit(&app, b.id, &move_to(Some(a.id))).await.unwrap();
        assert_eq!((moved.parent_id, moved.version), (Some(a.id), 2));
        assert_eq!(app.admin.get_org_unit(b.id).await.unwrap().value.parent_id, Some(a.id));
        assert_eq!(under(a.id).await, ["A1", "B"]);
        assert_eq!(under(root.id).await, ["A"]);

        // `null` moves a unit to the top; leaving `parent_id` out keeps it.
        let top = update_unit(&app, b.id, &move_to(None)).await.unwrap();
        assert_eq!(top.parent_id, None);
        let renamed =
            update_unit(&app, a1.id, &UpdateOrgUnit { name: Some("Tên mới".into()), ..Default::default() }).await.unwrap();
        assert_eq!((renamed.parent_id, renamed.name.as_str()), (Some(a.id), "Tên mới"));
        let codes: Vec<String> = all_org_units(&app.admin).await.into_iter().map(|u| u.code).collect();
        assert_eq!(codes, ["A", "A1", "B", "ROOT"]);
    }

    async fn an_org_unit_cannot_move_under_itself_or_its_descendants(app) {
        let root = unit(&app, "ROOT", None).await;
        let a = unit(&app, "A", Some(root.id)).await;
        let a1 = unit(&app, "A1", Some(a.id)).await;
        let a11 = unit(&app, "A11", Some(a1.id)).await;
        for (id, parent) in [(a.id, a.id), (a.id, a1.id), (root.id, a11.id), (a1.id, a11.id)] {
            let errors = refused(update_unit(&app, id, &move_to(Some(parent))).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
            assert_eq!(errors, pairs(&[("parent_id", "cycle")]));
        }
        assert_eq!(app.admin.get_org_unit(a.id).await.unwrap().value, a);
        assert_eq!(app.admin.get_org_unit(root.id).await.unwrap().value, root);
        // Moving across branches is fine.
        let b = unit(&app, "B", Some(root.id)).await;
        assert_eq!(update_unit(&app, a11.id, &move_to(Some(b.id))).await.unwrap().parent_id, Some(b.id));
    }

    async fn org_units_with_sub_units_or_users_cannot_be_deleted(app) {
        let root = unit(&app, "ROOT", None).await;
        let child = unit(&app, "CHILD", Some(root.id)).await;
        refused(delete_unit(&app, root.id).await, StatusCode::CONFLICT, "in_use");

        let mut request = new_user("member.of.child", "Thành viên", Role::Member);
        request.org_unit_id = Some(child.id);
        let user = app.admin.create_user(&request, None).await.unwrap();
        refused(delete_unit(&app, child.id).await, StatusCode::CONFLICT, "in_use");
        assert!(app.admin.get_org_unit(child.id).await.is_ok());
        assert_eq!(all_org_units(&app.admin).await.len(), 2);

        let leave = UpdateUser { org_unit_id: Some(None), ..Default::default() };
        assert_eq!(update_user(&app.admin, user.id, &leave).await.unwrap().org_unit_id, None);
        delete_unit(&app, child.id).await.unwrap();
        delete_unit(&app, root.id).await.unwrap();
        assert!(all_org_units(&app.admin).await.is_empty());
    }

    async fn org_unit_codes_are_unique_among_live_units(app) {
        let dup = unit(&app, "DUP", None).await;
        let other = unit(&app, "OTHER", None).await;
        let request = CreateOrgUnit { parent_id: None, code: "DUP".into(), name: "Trùng".into(), kind: OrgUnitKind::Other };
        let errors = refused(app.admin.create_org_unit(&request, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, pairs(&[("code", "taken")]));
        let recode = UpdateOrgUnit { code: Some("DUP".into()), ..Default::default() };
        let errors = refused(update_unit(&app, other.id, &recode).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, pairs(&[("code", "taken")]));
        assert_eq!(app.admin.get_org_unit(other.id).await.unwrap().value.code, "OTHER");
        // A unit keeping its own code is no clash.
        assert_eq!(update_unit(&app, dup.id, &recode).await.unwrap().code, "DUP");
        // Once the unit is deleted, its code is free again.
        delete_unit(&app, dup.id).await.unwrap();
        let reborn = app.admin.create_org_unit(&request, None).await.unwrap();
        assert_ne!(reborn.id, dup.id);
        assert_eq!(reborn.code, "DUP");
    }

    async fn concurrent_creates_of_one_code_make_one_unit_and_refuse_the_rest_as_taken(app) {
        // A few rounds, each of six creates of one code sent at once.
        const ROUNDS: usize = 5;
        for round in 0..ROUNDS {
            let request = CreateOrgUnit {
                parent_id: None,
                code: format!("SAME-{round}"),
                name: "Cùng mã".into(),
                kind: OrgUnitKind::Other,
            };
            let mut tasks = Vec::new();
            for _ in 0..6 {
                let (client, request) = (app.admin.clone(), request.clone());
                tasks.push(tokio::spawn(async move { client.create_org_unit(&request, None).await }));
            }
            let mut outcomes = Vec::new();
            for task in tasks {
                outcomes.push(task.await.unwrap());
            }
            let created = outcomes.iter().filter(|o| o.is_ok()).count();
            let taken = outcomes
                .iter()
                .filter(|o| {
                    o.as_ref().err().and_then(|e| e.problem()).is_some_and(|p| {
                        p.status == 422 && p.errors.iter().any(|e| e.field == "code" && e.code == "taken")
                    })
                })
                .count();
            assert_eq!(
                (created, taken),
                (1, 5),
                "round {round}: one unit, the rest refused as a taken code: {outcomes:#?}"
            );
        }
        assert_eq!(all_org_units(&app.admin).await.len(), ROUNDS);
    }

    async fn org_units_refuse_an_unknown_parent(app) {
        let request = CreateOrgUnit {
            parent_id: Some(Uuid::now_v7()),
            code: "ORPHAN".into(),
            name: "Mồ côi".into(),
            kind: OrgUnitKind::Other,
        };
        let errors = refused(app.admin.create_org_unit(&request, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, pairs(&[("parent_id", "not_found")]));
        assert!(all_org_units(&app.admin).await.is_empty());

        let existing = unit(&app, "REAL", None).await;
        let errors = refused(
            update_unit(&app, existing.id, &move_to(Some(Uuid::now_v7()))).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(errors, pairs(&[("parent_id", "not_found")]));
        // A deleted unit is no parent either.
        let gone = unit(&app, "GONE", None).await;
        delete_unit(&app, gone.id).await.unwrap();
        let errors = refused(update_unit(&app, existing.id, &move_to(Some(gone.id))).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, pairs(&[("parent_id", "not_found")]));
        let under_gone = CreateOrgUnit { parent_id: Some(gone.id), ..request };
        let errors = refused(app.admin.create_org_unit(&under_gone, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, pairs(&[("parent_id", "not_found")]));
        assert_eq!(app.admin.get_org_unit(existing.id).await.unwrap().value, existing);
    }

    // --- users ---

    async fn users_are_created_with_an_org_unit_and_a_scope(app) {
        let office = unit(&app, "T78", None).await;
        let t78 = all_groups(&app.admin, &[]).await.into_iter().find(|g| g.code == "T78-2025").unwrap();
        let hanoi = area(&app, Layout::L2025, "01").await;
        let ba_dinh = area(&app, Layout::L2021, "001").await;
        let request = CreateUser {
            username: "lan.nguyen".into(),
            display_name: " Nguyễn Thị Lan ".into(),
            email: Some("lan@example.vn".into()),
            role: Role::RegionalOffice,
            org_unit_id: Some(office.id),
            password: PASSWORD.into(),
            scope_area_ids: vec![hanoi.id, ba_dinh.id],
            scope_area_group_ids: vec![t78.id],
        };
        let user = app.admin.create_user(&request, None).await.unwrap();
        assert_eq!((user.username.as_str(), user.display_name.as_str()), ("lan.nguyen", "Nguyễn Thị Lan"));
        assert_eq!((user.email.as_deref(), user.role, user.org_unit_id), (Some("lan@example.vn"), Role::RegionalOffice, Some(office.id)));
        assert_eq!(set(&user.scope_area_ids), set(&[hanoi.id, ba_dinh.id]));
        assert_eq!(user.scope_area_group_ids, [t78.id]);
        assert!(user.active);
        assert_eq!(user.version, 1);
        assert_eq!(app.admin.get_user(user.id).await.unwrap().value, user);

        // The scope is what the user's own session sees.
        let client = app.login("lan.nguyen", PASSWORD).await;
        let me = client.me().await.unwrap();
        assert_eq!(me.user, user);
        assert!(!me.scope.all_areas);
        let provinces = set(&me.scope.province_ids);
        let old_hanoi = area(&app, Layout::L2021, "01").await.id;
        let hcm = area(&app, Layout::L2025, "79").await.id;
        assert!(provinces.contains(&hanoi.id) && provinces.contains(&old_hanoi) && provinces.contains(&hcm), "{provinces:?}");
        assert_eq!(provinces, set(&t78.province_ids).union(&set(&[hanoi.id, old_hanoi])).copied().collect::<BTreeSet<Uuid>>());
    }

    async fn usernames_are_unique(app) {
        app.admin.create_user(&new_user("trung", "Người thứ nhất", Role::Member), None).await.unwrap();
        for username in ["trung", "admin"] {
            let errors = refused(
                app.admin.create_user(&new_user(username, "Người trùng tên", Role::Viewer), None).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
            );
            assert_eq!(errors, pairs(&[("username", "taken")]), "{username}");
        }
        assert_eq!(users_where(&app.admin, &[]).await, ["admin", "trung"]);
    }

    async fn users_refuse_unknown_org_units_and_scope_ids(app) {
        let hanoi = area(&app, Layout::L2025, "01").await.id;
        let mut request = new_user("lost", "Người lạc", Role::Member);
        request.org_unit_id = Some(Uuid::now_v7());
        let errors = refused(app.admin.create_user(&request, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, pairs(&[("org_unit_id", "not_found")]));

        request.scope_area_ids = vec![hanoi, Uuid::now_v7()];
        request.scope_area_group_ids = vec![Uuid::now_v7()];
        let errors = refused(app.admin.create_user(&request, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(
            errors,
            pairs(&[
                ("org_unit_id", "not_found"),
                ("scope_area_ids[1]", "not_found"),
                ("scope_area_group_ids[0]", "not_found"),
            ])
        );
        assert_eq!(users_where(&app.admin, &[]).await, ["admin"], "nothing was created");

        // And on update, which then changes nothing.
        let user = app.admin.create_user(&new_user("found", "Người tìm thấy", Role::Member), None).await.unwrap();
        let change = UpdateUser {
            display_name: Some("Đổi tên".into()),
            org_unit_id: Some(Some(Uuid::now_v7())),
            ..Default::default()
        };
        let errors = refused(update_user(&app.admin, user.id, &change).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, pairs(&[("org_unit_id", "not_found")]));
        assert_eq!(app.admin.get_user(user.id).await.unwrap().value, user);
    }

    async fn the_user_list_filters_by_name_without_diacritics_role_and_active(app) {
        let mut created = Vec::new();
        for (username, name, role) in [
            ("u.one", "Nguyễn Văn Đức", Role::Member),
            ("u.two", "Trần Thị Hoa", Role::Viewer),
            ("u.three", "Lê Văn Hùng", Role::Member),
        ] {
            created.push(app.admin.create_user(&new_user(username, name, role), None).await.unwrap());
        }
        let off = UpdateUser { active: Some(false), ..Default::default() };
        update_user(&app.admin, created[2].id, &off).await.unwrap();

        assert_eq!(users_where(&app.admin, &[("q", "duc")]).await, ["u.one"]);
        assert_eq!(users_where(&app.admin, &[("q", "NGUYEN VAN DUC")]).await, ["u.one"]);
        assert_eq!(users_where(&app.admin, &[("q", "Đức")]).await, ["u.one"]);
        assert_eq!(users_where(&app.admin, &[("q", "thi hoa")]).await, ["u.two"]);
        assert_eq!(users_where(&app.admin, &[("q", "van")]).await, ["u.one", "u.three"]);
        assert_eq!(users_where(&app.admin, &[("q", "u.t")]).await, ["u.three", "u.two"], "usernames match too");
        assert!(users_where(&app.admin, &[("q", "nobody")]).await.is_empty());
        assert_eq!(users_where(&app.admin, &[("role", "viewer")]).await, ["u.two"]);
        assert_eq!(users_where(&app.admin, &[("role", "member")]).await, ["u.one", "u.three"]);
        assert_eq!(users_where(&app.admin, &[("active", "false")]).await, ["u.three"]);
        assert_eq!(users_where(&app.admin, &[("active", "true")]).await, ["admin", "u.one", "u.two"]);
        assert_eq!(users_where(&app.admin, &[("role", "member"), ("active", "true")]).await, ["u.one"]);
        assert_eq!(users_where(&app.admin, &[("role", "member"), ("q", "hung")]).await, ["u.three"]);
    }

    async fn an_admin_cannot_deactivate_themself_or_change_their_own_role(app) {
        let me = app.admin_user.id;
        let deactivate = UpdateUser { active: Some(false), ..Default::default() };
        refused(update_user(&app.admin, me, &deactivate).await, StatusCode::CONFLICT, "own_account");
        let demote = UpdateUser { role: Some(Role::Viewer), ..Default::default() };
        refused(update_user(&app.admin, me, &demote).await, StatusCode::CONFLICT, "own_account");
        let still = app.admin.me().await.unwrap().user;
        assert_eq!((still.role, still.active, still.version), (Role::Admin, true, app.admin_user.version));

        // Other changes to one's own account, and naming the same role, are fine.
        let rename = UpdateUser { display_name: Some("Quản trị viên".into()), role: Some(Role::Admin), ..Default::default() };
        let renamed = update_user(&app.admin, me, &rename).await.unwrap();
        assert_eq!((renamed.display_name.as_str(), renamed.role), ("Quản trị viên", Role::Admin));
        // Another administrator may change this one's role.
        let (_, other) = app.user("admin.two", Role::Admin, None).await;
        assert_eq!(update_user(&other, me, &demote).await.unwrap().role, Role::Viewer);
    }

    // --- demo data ---

    async fn seed_demo_leaves_a_database_with_real_accounts_alone_unless_forced(app) {
        app.user("nguyen.van.a", Role::Member, None).await;
        let refused = try_seed(&app, false).await.err().unwrap_or_default();
        assert!(refused.contains("nguyen.van.a") && refused.contains("--force"), "{refused}");
        assert_eq!(app.admin.list_users(&[]).await.unwrap().items.len(), 2, "nothing seeded");
        let forced = try_seed(&app, true).await.unwrap();
        assert!(forced.contains("17 accounts created"), "{forced}");
    }

    async fn seed_demo_is_idempotent_and_its_accounts_log_in(app) {
        let first = seed(&app).await;
        assert!(first.contains("7 org units and 17 accounts created"), "{first}");
        assert!(first.contains("14 plan items, 11 working group members, 9 assignments and 8 tasks created"), "{first}");
        assert!(first.contains("39 community teams and 3 nominated models created"), "{first}");
        let aid_seeded = "4 aid locations, 25 donors, 3 campaigns, 12 pledges, 201 donations (2 reversed), 2 payments, \
                          4 stock transfers and 2 stock adjustments created";
        assert!(first.contains(aid_seeded), "{first}");
        let people_seeded = "7 households, 23 beneficiaries and 2 distribution rounds (13 deliveries) created";
        assert!(first.contains(people_seeded), "{first}");
        assert!(first.contains("2 report templates, 29 reports and 1 consolidated reports created"), "{first}");
        let submissions = app.admin.list_report_submissions(&[("limit", "200")]).await.unwrap().items;
        let states: BTreeSet<&str> = submissions.iter().map(|s| s.status.as_str()).collect();
        assert_eq!(states, BTreeSet::from(["approved", "draft", "returned", "submitted"]), "reports in every state");
        assert!(submissions.iter().any(|s| s.urgent));
        let consolidated = app.admin.list_consolidated_reports(&[]).await.unwrap().items;
        assert_eq!(consolidated.len(), 1);
        assert_eq!(consolidated[0].number.as_deref(), Some("1-BC/BDVTW"), "signed off");
        assert_eq!(consolidated[0].approved_count, 12, "every obligation of the oldest month, approved");
        let rounds = app.admin.list_distribution_rounds(&[("limit", "200")]).await.unwrap().items;
        let round_statuses: BTreeSet<&str> = rounds.iter().map(|round| round.status.as_str()).collect();
        assert_eq!(round_statuses, BTreeSet::from(["completed", "delivering"]));
        let (aid, pledge_statuses, balanced) = aid_rows(&app).await;
        assert_eq!(&aid[..8], &[4, 25, 3, 12, 201, 2, 4, 2], "{aid:?}");
        assert!(aid[8] > 100 && aid[9] > 100, "stock movements and cash entries: {aid:?}");
        let every = ["pledged", "partly_fulfilled", "fulfilled", "lapsed", "cancelled"];
        assert!(every.iter().all(|status| pledge_statuses.contains(*status)), "{pledge_statuses:?}");
        assert!(balanced, "every balance is the sum of its ledger");
        let campaigns = app.admin.all_campaigns(&[]).await.unwrap();
        let statuses: BTreeSet<&str> = campaigns.iter().map(|campaign| campaign.status.as_str()).collect();
        assert_eq!(statuses, BTreeSet::from(["closed", "open", "planned"]));
        assert!(campaigns.iter().any(|c| c.name == "Chung tay vì Thành phố Hồ Chí Minh" && c.status.as_str() == "open"));
        let teams = app.admin.all_teams(&[]).await.unwrap();
        let layouts: std::collections::BTreeSet<String> = teams.iter().map(|team| team.area.name.clone()).collect();
        assert_eq!((teams.len(), layouts.len()), (39, 39), "one team per ward");
        let models = app.admin.all_team_models(&[]).await.unwrap();
        let statuses: Vec<&str> = models.iter().map(|model| model.status.as_str()).collect();
        assert_eq!(statuses.len(), 3);
        assert!(["nominated", "evaluating", "recommended"].iter().all(|status| statuses.contains(status)), "{statuses:?}");
        let recommended = models.iter().find(|model| model.status.as_str() == "recommended").unwrap();
        let adoptions = app.admin.list_model_adoptions(recommended.id).await.unwrap();
        assert_eq!(adoptions.len(), 2);
        assert!(adoptions.iter().all(|adoption| adoption.province.id != recommended.province.id));
        assert_ne!(adoptions[0].province.id, adoptions[1].province.id);
        let units = all_org_units(&app.admin).await;
        let users = app.admin.list_users(&[("limit", "200")]).await.unwrap().items;
        let audit = app.admin.list_audit(&[("limit", "200")]).await.unwrap().items;
        let tasks = app.admin.list_tasks(&[("limit", "200")]).await.unwrap().items;
        assert_eq!(units.len(), 7);
        assert_eq!(users.len(), 18, "the admin and seventeen demo accounts");
        assert_eq!(tasks.len(), 8);

        let second = seed(&app).await;
        assert!(second.contains("0 org units and 0 accounts created"), "{second}");
        assert!(second.contains("0 plan items, 0 working group members, 0 assignments and 0 tasks created"), "{second}");
        assert!(second.contains("0 community teams and 0 nominated models created"), "{second}");
        let nothing = "0 aid locations, 0 donors, 0 campaigns, 0 pledges, 0 donations (0 reversed), 0 payments, \
                       0 stock transfers and 0 stock adjustments created";
        assert!(second.contains(nothing), "{second}");
        assert!(second.contains("0 households, 0 beneficiaries and 0 distribution rounds (0 deliveries)"), "{second}");
        assert!(second.contains("0 report templates, 0 reports and 0 consolidated reports created"), "{second}");
        assert_eq!(app.admin.list_report_submissions(&[("limit", "200")]).await.unwrap().items, submissions);
        assert_eq!(app.admin.list_distribution_rounds(&[("limit", "200")]).await.unwrap().items, rounds);
        assert_eq!(aid_rows(&app).await.0, aid, "the aid records are kept as they were");
        assert_eq!(app.admin.all_campaigns(&[]).await.unwrap(), campaigns);
        assert_eq!(all_org_units(&app.admin).await, units);
        assert_eq!(app.admin.list_users(&[("limit", "200")]).await.unwrap().items, users);
        assert_eq!(app.admin.list_tasks(&[("limit", "200")]).await.unwrap().items, tasks);
        assert_eq!(app.admin.list_audit(&[("limit", "200")]).await.unwrap().items, audit, "nothing written");

        let code_of = |id: Option<Uuid>| units.iter().find(|u| Some(u.id) == id).map(|u| u.code.clone());
        let head = app.login("totruong", SEED_PASSWORD).await.me().await.unwrap().user;
        assert_eq!(head.role, Role::GroupHead);
        assert_eq!(code_of(head.org_unit_id).as_deref(), Some("VDTND"));
        let vdtnd = units.iter().find(|u| u.code == "VDTND").unwrap();
        assert_eq!(code_of(vdtnd.parent_id).as_deref(), Some("BDVTW"));
        let t78_group = all_groups(&app.admin, &[]).await.into_iter().find(|g| g.code == "T78-2025").unwrap();
        let t78 = users.iter().find(|u| u.username == "t78").unwrap();
        assert_eq!((t78.role, t78.scope_area_group_ids.as_slice()), (Role::RegionalOffice, [t78_group.id].as_slice()));
        assert!(app.anonymous.login("totruong", "wrong-password-123").await.is_err());

        // The plan with its real sections, the group of eleven headed by the demo head.
        let plans = app.admin.list_plans(&[]).await.unwrap().items;
        let plan = plans.iter().find(|p| p.number == "16-KH/BDVTW").expect("the plan is loaded");
        assert_eq!(plan.issued_on.to_string(), "2021-09-13");
        let items = app.admin.list_plan_items(plan.id).await.unwrap();
        let numbers: Vec<&str> = items.iter().map(|i| i.number.as_str()).collect();
        for number in ["I", "I.1", "I.2", "II", "II.1", "II.4", "III", "III.2", "III.5"] {
            assert!(numbers.contains(&number), "{number} in {numbers:?}");
        }
        let iii_2 = items.iter().find(|i| i.number == "III.2").unwrap();
        assert!(iii_2.body.contains("gồm 11 đồng chí"), "{}", iii_2.body);
        assert_eq!(iii_2.parent_id, items.iter().find(|i| i.number == "III").map(|i| i.id));
        let groups = app.admin.list_working_groups(&[]).await.unwrap().items;
        let group = groups.iter().find(|g| g.plan_id == plan.id).expect("the plan's working group");
        assert_eq!(group.member_count, 11);
        assert_eq!(group.head_user_id, Some(head.id));
        assert_eq!(group.standing_unit_id, Some(vdtnd.id));
        let coverage = app.admin.coverage(group.id, None, None).await.unwrap();
        assert_eq!(coverage.uncovered_province_ids.len(), 2, "Đắk Nông and Lâm Đồng are left uncovered");
        assert!(!coverage.overlaps.is_empty(), "two members share workers in the south");

        // The demo tasks stand in several stages, and their assignees hear of them.
        let statuses: BTreeSet<&str> = tasks.iter().map(|t| t.status.as_str()).collect();
        assert!(statuses.len() >= 5, "{statuses:?}");
        let member = app.login("thanhvien1", SEED_PASSWORD).await;
        let mine = member.list_tasks(&[("mine", "true")]).await.unwrap().items;
        assert_eq!(mine.len(), 1);
        assert!(member.unread_count().await.unwrap().unread >= 1);
        // T78's officer sees the tasks in the southern provinces, not those of the Central Highlands.
        let t78 = app.login("t78", SEED_PASSWORD).await;
        let seen: Vec<String> = t78.list_tasks(&[("limit", "200")]).await.unwrap().items.into_iter().map(|t| t.title).collect();
        assert_eq!(seen.len(), 5, "{seen:?}");
        assert!(seen.iter().all(|title| !title.contains("Tây Nguyên")), "{seen:?}");
    }
}

/// Area ids are derived from layout and code, so separate installations agree on them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn area_ids_are_the_same_in_separate_installations() {
    let mut apps = vec![TestApp::spawn(Backend::Sqlite).await.unwrap(), TestApp::spawn(Backend::Sqlite).await.unwrap()];
    if let Some(postgres) = TestApp::spawn(Backend::Postgres).await {
        apps.push(postgres);
    }
    for (layout, code) in
        [(Layout::L2025, "01"), (Layout::L2021, "79"), (Layout::L2021, "001"), (Layout::L2025, "00004")]
    {
        let expected = danvan_store::areas::area_id(layout, code);
        for app in &apps {
            let found = area(app, layout, code).await;
            assert_eq!(found.id, expected, "{} {code} on {:?}", layout.as_str(), app.backend);
        }
    }
    let mut province_sets = Vec::new();
    for app in &apps {
        let ids: BTreeSet<Uuid> =
            all_areas(&app.admin, &[("layout", "2025"), ("level", "province")]).await.iter().map(|a| a.id).collect();
        province_sets.push(ids);
    }
    assert_eq!(province_sets[0].len(), 34);
    assert!(province_sets.windows(2).all(|w| w[0] == w[1]));
}
