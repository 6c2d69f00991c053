//! The matrix as data and as tables: which member covers which target group or field on
//! a day, where nobody does (a gap) and where two members double up (an overlap), and
//! the coverage panel that says so in words.

use crate::{
    api::ApiError,
    components::status::{Empty, ErrorNote, Loading},
    i18n::{t, Lang},
    pages::working_groups::model::roster_order,
    state::use_session,
};
use chrono::NaiveDate;
use danvan_domain::{
    assignment::{Assignment, Coverage, Overlap},
    catalog::CatalogEntry,
    working_group::Membership,
};
use std::{
    collections::{HashMap, HashSet},
    rc::Rc,
};
use uuid::Uuid;
use yew::prelude::*;

/// One column of a grid: a target group or a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub id: Uuid,
    pub name: String,
    /// No assignment in force names it.
    pub gap: bool,
}

/// One cell: whether the member's assignments name the column, and whether another
/// member covers the same target group in the same provinces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub assigned: bool,
    pub overlap: bool,
}

/// One member's row.
#[derive(Clone, Debug, PartialEq)]
pub struct GridRow {
    pub user_id: Uuid,
    pub name: String,
    pub cells: Vec<Cell>,
}

/// A grid of members against the entries of one list.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<GridRow>,
}

/// The members to show: the roster on the day (in roster order), then anyone an
/// assignment still names who is no longer on it.
pub fn rows_of(members: &[Membership], assignments: &[Assignment], day: NaiveDate) -> Vec<(Uuid, String)> {
    let mut rows: Vec<(Uuid, String)> =
        roster_order(members, day).into_iter().map(|m| (m.user_id, m.display_name.clone())).collect();
    let mut seen: HashSet<Uuid> = rows.iter().map(|(id, _)| *id).collect();
    for assignment in assignments {
        if seen.insert(assignment.user_id) {
            let id = assignment.user_id.to_string();
            rows.push((assignment.user_id, id.chars().take(8).collect()));
        }
    }
    rows
}

/// The area groups and areas a member's assignments cover, each once, in first-seen order.
pub fn places_of(assignments: &[Assignment], user: Uuid) -> (Vec<Uuid>, Vec<Uuid>) {
    let (mut groups, mut areas): (Vec<Uuid>, Vec<Uuid>) = (Vec::new(), Vec::new());
    for assignment in assignments.iter().filter(|a| a.user_id == user) {
        for id in &assignment.area_group_ids {
            if !groups.contains(id) {
                groups.push(*id);
            }
        }
        for id in &assignment.area_ids {
            if !areas.contains(id) {
                areas.push(*id);
            }
        }
    }
    (groups, areas)
}

/// A list entry's name in the reader's language.
pub fn entry_name(lang: Lang, entry: &CatalogEntry) -> &str {
    match lang {
        Lang::Vi => &entry.name_vi,
        Lang::En => &entry.name_en,
    }
}

/// `(member, target group)` pairs that some overlap names.
pub fn overlap_cells(overlaps: &[Overlap]) -> HashSet<(Uuid, Uuid)> {
    overlaps
        .iter()
        .flat_map(|overlap| {
            overlap.user_ids.iter().flat_map(move |user| overlap.target_group_ids.iter().map(move |tg| (*user, *tg)))
        })
        .collect()
}

/// Builds a grid: `rows` against the active `entries`, a cell marked where one of the
/// member's assignments lists the entry (`ids` picks the list), columns in `uncovered`
/// marked as gaps, cells in `overlaps` marked.
pub fn grid(
    lang: Lang,
    rows: &[(Uuid, String)],
    assignments: &[Assignment],
    entries: &[CatalogEntry],
    ids: fn(&Assignment) -> &[Uuid],
    uncovered: &[Uuid],
    overlaps: &HashSet<(Uuid, Uuid)>,
) -> Grid {
    let mut active: Vec<&CatalogEntry> = entries.iter().filter(|entry| entry.active).collect();
    active.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
    let columns: Vec<Column> = active
        .iter()
        .map(|entry| Column {
            id: entry.id,
            name: entry_name(lang, entry).to_owned(),
            gap: uncovered.contains(&entry.id),
        })
        .collect();
    let named: HashSet<(Uuid, Uuid)> = assignments
        .iter()
        .flat_map(|assignment| ids(assignment).iter().map(move |id| (assignment.user_id, *id)))
        .collect();
    let rows = rows
        .iter()
        .map(|(user_id, name)| GridRow {
            user_id: *user_id,
            name: name.clone(),
            cells: columns
                .iter()
                .map(|column| Cell {
                    assigned: named.contains(&(*user_id, column.id)),
                    overlap: overlaps.contains(&(*user_id, column.id)),
                })
                .collect(),
        })
        .collect();
    Grid { columns, rows }
}

/// Names of everything the matrix mentions, by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub members: HashMap<Uuid, String>,
    pub catalog: HashMap<Uuid, String>,
    pub areas: HashMap<Uuid, String>,
    pub area_groups: HashMap<Uuid, String>,
}

impl Names {
    fn list(map: &HashMap<Uuid, String>, ids: &[Uuid]) -> String {
        let names: Vec<String> = ids
            .iter()
            .map(|id| map.get(id).cloned().unwrap_or_else(|| id.to_string().chars().take(8).collect()))
            .collect();
        names.join(", ")
    }

    pub fn member(&self, id: &Uuid) -> String {
        Names::list(&self.members, std::slice::from_ref(id))
    }

    pub fn entries(&self, ids: &[Uuid]) -> String {
        Names::list(&self.catalog, ids)
    }

    /// The area groups, then the areas.
    pub fn places(&self, area_group_ids: &[Uuid], area_ids: &[Uuid]) -> String {
        let groups = Names::list(&self.area_groups, area_group_ids);
        let areas = Names::list(&self.areas, area_ids);
        [groups, areas].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(", ")
    }
}

/// "A and B both cover <target groups> in <provinces>".
pub fn overlap_sentence(lang: Lang, overlap: &Overlap, names: &Names) -> String {
    let who: Vec<String> = overlap.user_ids.iter().map(|id| names.member(id)).collect();
    let (a, b) = match who.as_slice() {
        [a, b, ..] => (a.clone(), b.clone()),
        [a] => (a.clone(), String::new()),
        [] => (String::new(), String::new()),
    };
    t(lang, "assignments.overlap_text")
        .replace("{a}", &a)
        .replace("{b}", &b)
        .replace("{groups}", &names.entries(&overlap.target_group_ids))
        .replace("{provinces}", &Names::list(&names.areas, &overlap.province_ids))
}

#[derive(Properties, PartialEq)]
pub(super) struct GridTableProps {
    pub(super) grid: Grid,
    /// Each member's areas, shown under their name.
    pub(super) places: Option<Rc<HashMap<Uuid, String>>>,
    pub(super) testid: AttrValue,
}

/// A grid as a table: members down, entries across; gap columns and overlapping cells
/// are marked by class and in words for screen readers.
#[component]
pub(super) fn GridTable(props: &GridTableProps) -> Html {
    let session = use_session();
    let grid = &props.grid;
    if grid.columns.is_empty() {
        return html! { <Empty key_name="assignments.no_entries" /> };
    }
    html! {
        <div class="table-wrap matrix-wrap">
            <table class="matrix" data-testid={props.testid.clone()}>
                <thead>
                    <tr>
                        <th scope="col">
                            { session.t("working_groups.member") }
                            if props.places.is_some() { { " · " }{ session.t("assignments.areas") } }
                        </th>
                        { for grid.columns.iter().map(|column| html! {
                            <th scope="col" class={classes!(column.gap.then_some("gap"))} data-testid="matrix-column">
                                { &column.name }
                                if column.gap { <span class="gap-note">{ session.t("assignments.gap") }</span> }
                            </th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for grid.rows.iter().map(|row| html! {
                        <tr key={row.user_id.to_string()} data-testid="matrix-row">
                            <th scope="row">
                                <span class="member-name">{ &row.name }</span>
                                if let Some(places) = props.places.as_ref().and_then(|p| p.get(&row.user_id)).filter(|p| !p.is_empty()) {
                                    <span class="places" data-testid="matrix-places">{ places.clone() }</span>
                                }
                            </th>
                            { for row.cells.iter().zip(&grid.columns).map(|(cell, column)| {
                                let words = match (cell.assigned, cell.overlap) {
                                    (true, true) => session.t("assignments.cell_overlap"),
                                    (true, false) => session.t("assignments.cell_assigned"),
                                    (false, _) => session.t("assignments.cell_none"),
                                };
                                html! {
                                    <td class={classes!("cell", column.gap.then_some("gap"), cell.assigned.then_some("on"), cell.overlap.then_some("overlap"))}
                                        data-testid="matrix-cell" data-assigned={cell.assigned.to_string()}>
                                        <span aria-hidden="true">{ if cell.assigned { "✓" } else { "" } }</span>
                                        <span class="sr-only">{ words }</span>
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct CoveragePanelProps {
    pub(super) coverage: Option<Coverage>,
    pub(super) error: Option<ApiError>,
    pub(super) names: Rc<Names>,
}

/// What nobody covers, and who doubles up.
#[component]
pub(super) fn CoveragePanel(props: &CoveragePanelProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let names = &props.names;
    let body = match (&props.coverage, &props.error) {
        (_, Some(error)) => html! { <ErrorNote error={error.clone()} /> },
        (None, None) => html! { <Loading /> },
        (Some(coverage), None) => {
            let list = |ids: &[Uuid], map: &HashMap<Uuid, String>| {
                if ids.is_empty() {
                    html! { <span class="badge ok">{ session.t("assignments.covered") }</span> }
                } else {
                    html! { <span class="gap-list">{ Names::list(map, ids) }</span> }
                }
            };
            html! {
                <dl class="facts">
                    <dt>{ session.t("assignments.uncovered_target_groups") }</dt>
                    <dd data-testid="uncovered-target-groups">{ list(&coverage.uncovered_target_group_ids, &names.catalog) }</dd>
                    <dt>{ session.t("assignments.uncovered_fields") }</dt>
                    <dd data-testid="uncovered-fields">{ list(&coverage.uncovered_field_ids, &names.catalog) }</dd>
                    <dt>{ format!("{} ({})", session.t("assignments.uncovered_provinces"), coverage.uncovered_province_ids.len()) }</dt>
                    <dd data-testid="uncovered-provinces">{ list(&coverage.uncovered_province_ids, &names.areas) }</dd>
                    <dt>{ session.t("assignments.overlaps") }</dt>
                    <dd>
                        if coverage.overlaps.is_empty() {
                            <span class="badge ok">{ session.t("assignments.no_overlaps") }</span>
                        } else {
                            <ul class="overlaps" data-testid="overlaps">
                                { for coverage.overlaps.iter().map(|overlap| html! {
                                    <li>{ overlap_sentence(lang, overlap, names) }</li>
                                }) }
                            </ul>
                        }
                    </dd>
                </dl>
            }
        }
    };
    html! {
        <section class="card coverage-panel" data-testid="coverage" aria-labelledby="coverage-title">
            <h2 id="coverage-title">{ session.t("assignments.coverage") }</h2>
            { body }
        </section>
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::testing::render;
    use danvan_domain::{area::Layout, catalog::CatalogKind};
    use danvan_domain::{role::Role, working_group::MemberPosition};

    pub(crate) fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    pub(crate) fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap_or_default()
    }

    fn entry(n: u128, kind: CatalogKind, name: &str, position: i64, active: bool) -> CatalogEntry {
        let now = chrono::DateTime::UNIX_EPOCH;
        CatalogEntry {
            id: id(n),
            kind,
            code: format!("c{n}"),
            name_vi: name.into(),
            name_en: format!("{name} (en)"),
            active,
            position,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    fn member(user: u128, name: &str, position: MemberPosition) -> Membership {
        let now = chrono::DateTime::UNIX_EPOCH;
        Membership {
            id: id(user + 50),
            working_group_id: id(500),
            user_id: id(user),
            display_name: name.into(),
            username: name.to_lowercase(),
            org_unit_id: None,
            position,
            joined_on: day(1),
            left_on: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    pub(crate) fn assignment(
        n: u128,
        user: u128,
        target_groups: &[u128],
        fields: &[u128],
        areas: &[u128],
    ) -> Assignment {
        let now = chrono::DateTime::UNIX_EPOCH;
        Assignment {
            id: id(n),
            working_group_id: id(500),
            user_id: id(user),
            target_group_ids: target_groups.iter().map(|n| id(*n)).collect(),
            field_ids: fields.iter().map(|n| id(*n)).collect(),
            area_ids: areas.iter().map(|n| id(*n)).collect(),
            area_group_ids: vec![],
            valid_from: day(1),
            valid_to: None,
            note: String::new(),
            replaces_id: None,
            replaced_by_id: None,
            superseded_at: None,
            created_by: None,
            version: 3,
            created_at: now,
            updated_at: now,
        }
    }

    fn sample() -> (Vec<Membership>, Vec<Assignment>, Vec<CatalogEntry>, Coverage) {
        let members = vec![member(1, "Bình", MemberPosition::Member), member(2, "An", MemberPosition::Head)];
        let assignments = vec![
            assignment(10, 1, &[20, 21], &[30], &[40]),
            assignment(11, 2, &[20], &[], &[40]),
            assignment(12, 9, &[], &[30], &[41]),
        ];
        let target_groups = vec![
            entry(21, CatalogKind::TargetGroup, "Dân tộc", 2, true),
            entry(20, CatalogKind::TargetGroup, "Tôn giáo", 1, true),
            entry(22, CatalogKind::TargetGroup, "Trí thức", 3, true),
            entry(23, CatalogKind::TargetGroup, "Cũ", 0, false),
        ];
        let coverage = Coverage {
            as_of: day(10),
            layout: Layout::L2021,
            uncovered_province_ids: vec![id(42)],
            uncovered_target_group_ids: vec![id(22)],
            uncovered_field_ids: vec![],
            overlaps: vec![Overlap {
                user_ids: vec![id(1), id(2)],
                assignment_ids: vec![id(10), id(11)],
                target_group_ids: vec![id(20)],
                province_ids: vec![id(40)],
            }],
        };
        (members, assignments, target_groups, coverage)
    }

    #[test]
    fn the_grid_marks_assignments_gaps_and_overlaps() {
        let (members, assignments, target_groups, coverage) = sample();
        let rows = rows_of(&members, &assignments, day(10));
        // The head first, then members; someone off the roster whom an assignment names last.
        let names: Vec<&str> = rows.iter().map(|(_, name)| name.as_str()).collect();
        assert_eq!(names, ["An", "Bình", &id(9).to_string()[..8]]);
        let targets = grid(
            Lang::Vi,
            &rows,
            &assignments,
            &target_groups,
            |a| &a.target_group_ids,
            &coverage.uncovered_target_group_ids,
            &overlap_cells(&coverage.overlaps),
        );
        // Active entries only, by position.
        let columns: Vec<(&str, bool)> = targets.columns.iter().map(|c| (c.name.as_str(), c.gap)).collect();
        assert_eq!(columns, [("Tôn giáo", false), ("Dân tộc", false), ("Trí thức", true)]);
        let marks = |row: usize| targets.rows[row].cells.iter().map(|c| (c.assigned, c.overlap)).collect::<Vec<_>>();
        assert_eq!(marks(0), [(true, true), (false, false), (false, false)]);
        assert_eq!(marks(1), [(true, true), (true, false), (false, false)]);
        assert_eq!(marks(2), [(false, false), (false, false), (false, false)]);
        let fields = vec![entry(30, CatalogKind::Field, "Kinh tế", 0, true)];
        let field_grid = grid(Lang::En, &rows, &assignments, &fields, |a| &a.field_ids, &[], &HashSet::new());
        assert_eq!(field_grid.columns[0].name, "Kinh tế (en)");
        let assigned: Vec<bool> = field_grid.rows.iter().map(|r| r.cells[0].assigned).collect();
        assert_eq!(assigned, [false, true, true]);
    }

    #[test]
    fn overlaps_read_as_a_sentence_in_both_languages() {
        let (_, _, _, coverage) = sample();
        let mut names = Names::default();
        names.members.extend([(id(1), "Bình".to_owned()), (id(2), "An".to_owned())]);
        names.catalog.insert(id(20), "Tôn giáo".into());
        names.areas.insert(id(40), "Tỉnh Đắk Lắk".into());
        let overlap = &coverage.overlaps[0];
        assert_eq!(overlap_sentence(Lang::Vi, overlap, &names), "Bình và An cùng phụ trách Tôn giáo tại Tỉnh Đắk Lắk");
        assert_eq!(overlap_sentence(Lang::En, overlap, &names), "Bình and An both cover Tôn giáo in Tỉnh Đắk Lắk");
        assert_eq!(names.places(&[], &[id(40), id(41)]), format!("Tỉnh Đắk Lắk, {}", &id(41).to_string()[..8]));
    }

    fn sample_grid() -> Html {
        let (members, assignments, target_groups, coverage) = sample();
        let rows = rows_of(&members, &assignments, day(10));
        let grid = grid(
            Lang::Vi,
            &rows,
            &assignments,
            &target_groups,
            |a| &a.target_group_ids,
            &coverage.uncovered_target_group_ids,
            &overlap_cells(&coverage.overlaps),
        );
        html! { <GridTable {grid} places={None::<Rc<HashMap<Uuid, String>>>} testid="grid-target-groups" /> }
    }

    #[tokio::test]
    async fn the_grid_renders_gaps_and_overlaps_in_both_languages() {
        let vi = render(Lang::Vi, Some(Role::Viewer), sample_grid).await;
        assert!(vi.contains(r#"class="gap""#), "{vi}");
        assert!(vi.contains("overlap"), "{vi}");
        assert!(vi.contains("Chưa ai phụ trách"), "{vi}");
        assert!(vi.contains("Trùng phụ trách"), "{vi}");
        let en = render(Lang::En, Some(Role::Viewer), sample_grid).await;
        assert!(en.contains("Nobody covers it"), "{en}");
        assert!(en.contains("Assigned, overlapping"), "{en}");
    }

    fn sample_coverage() -> Html {
        let (_, _, _, coverage) = sample();
        let mut names = Names::default();
        names.members.extend([(id(1), "Bình".to_owned()), (id(2), "An".to_owned())]);
        names.catalog.extend([(id(20), "Tôn giáo".to_owned()), (id(22), "Trí thức".to_owned())]);
        names.areas.extend([(id(40), "Tỉnh Đắk Lắk".to_owned()), (id(42), "Tỉnh Gia Lai".to_owned())]);
        html! { <CoveragePanel coverage={Some(coverage)} error={None::<ApiError>} names={Rc::new(names)} /> }
    }

    #[tokio::test]
    async fn the_coverage_panel_lists_gaps_and_overlaps() {
        let vi = render(Lang::Vi, Some(Role::Viewer), sample_coverage).await;
        assert!(vi.contains("Tỉnh Gia Lai"), "{vi}");
        assert!(vi.contains("Trí thức"), "{vi}");
        assert!(vi.contains("Bình và An cùng phụ trách Tôn giáo tại Tỉnh Đắk Lắk"), "{vi}");
        let en = render(Lang::En, Some(Role::Viewer), sample_coverage).await;
        assert!(en.contains("Uncovered provinces (1)"), "{en}");
        assert!(en.contains("Bình and An both cover"), "{en}");
    }
}
