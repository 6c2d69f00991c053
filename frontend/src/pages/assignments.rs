//! A working group's assignment matrix as of a date: members × target groups and
//! members × fields, each member with the areas they cover; the coverage panel (target
//! groups, fields and provinces nobody covers, and members who double up); and, for the
//! group's head and administrators, assigning, changing (from a date on), ending and
//! reading the history of each assignment.

use crate::{
    api::{self, ApiError},
    components::{
        checklist::CheckList,
        dates::{period, today, DateField},
        form::{check, field_message, SelectField},
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
        use_title,
    },
    i18n::{t, Lang},
    pages::working_groups::{leads, roster_order},
    route::Route,
    state::use_session,
};
use chrono::NaiveDate;
use danvan_domain::{
    area::{Area, AreaGroup, Layout},
    assignment::{Assignment, ChangeAssignment, Coverage, CreateAssignment, EndAssignment, Overlap},
    catalog::{CatalogEntry, CatalogKind},
    validation::FieldError,
    working_group::Membership,
};
use futures::future::join_all;
use std::{
    collections::{BTreeSet, HashMap, HashSet},
    rc::Rc,
};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

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

/// Everything the page reads apart from the matrix itself, which changes with the date.
#[derive(Clone, Debug, PartialEq)]
struct Lists {
    target_groups: Vec<CatalogEntry>,
    fields: Vec<CatalogEntry>,
    area_groups: Vec<AreaGroup>,
}

async fn lists() -> Result<Lists, ApiError> {
    let (target_groups, fields) = futures::join!(
        api::catalog::list(CatalogKind::TargetGroup, false),
        api::catalog::list(CatalogKind::Field, false)
    );
    // Without the area groups the matrix still reads; their names fall back to ids.
    let area_groups = api::area_groups::all().await.unwrap_or_default();
    Ok(Lists { target_groups: target_groups?, fields: fields?, area_groups })
}

/// The matrix on one day.
#[derive(Clone, Debug, PartialEq)]
struct Day {
    members: Vec<Membership>,
    assignments: Vec<Assignment>,
}

async fn day_of(id: Uuid, as_of: NaiveDate) -> Result<Day, ApiError> {
    let (members, assignments) = futures::join!(
        api::working_groups::members(id, api::working_groups::Roster::AsOf(as_of)),
        api::assignments::in_force(id, as_of)
    );
    Ok(Day { members: members?, assignments: assignments? })
}

/// Names of areas that are not provinces of the shown layout, read once each.
async fn area_names(ids: Vec<Uuid>, cache: Rc<std::cell::RefCell<HashMap<Uuid, String>>>) -> Result<(), ApiError> {
    let missing: Vec<Uuid> = ids.into_iter().filter(|id| !cache.borrow().contains_key(id)).collect();
    let found = join_all(
        missing
            .into_iter()
            .map(|id| async move { api::get::<Area>(format!("/areas/{id}")).await.ok().map(|area| (id, area.name)) }),
    )
    .await;
    cache.borrow_mut().extend(found.into_iter().flatten());
    Ok(())
}

#[derive(Properties, PartialEq)]
pub struct IdProps {
    pub id: Uuid,
}

/// What the editing panel shows.
#[derive(Clone, Debug, PartialEq)]
enum Panel {
    Assign,
    Change(Assignment),
    End(Assignment),
    History(Uuid),
}

#[component]
pub fn Matrix(props: &IdProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("assignments.title"));
    let as_of = use_state(today);
    let layout = use_state(|| Layout::L2021);
    let reload = use_state(|| 0u32);
    let panel = use_state(|| None::<Panel>);
    let group = use_load(props.id, api::working_groups::get_one);
    let lists = use_load((), |()| lists());
    let day = use_load((props.id, *as_of, *reload), |(id, as_of, _)| day_of(id, as_of));
    let coverage = use_load((props.id, *as_of, *layout, *reload), |(id, as_of, layout, _)| {
        api::assignments::coverage(id, as_of, layout)
    });
    let provinces = use_load(*layout, api::areas::provinces);
    let cache = use_mut_ref(HashMap::<Uuid, String>::new);
    let wanted_areas: Vec<Uuid> = {
        let known: HashSet<Uuid> = provinces.ready().into_iter().flatten().map(|area| area.id).collect();
        let mut ids: BTreeSet<Uuid> = BTreeSet::new();
        if let Some(day) = day.ready() {
            ids.extend(day.assignments.iter().flat_map(|a| a.area_ids.iter().copied()));
        }
        if let Some(coverage) = coverage.ready() {
            ids.extend(coverage.uncovered_province_ids.iter().copied());
            ids.extend(coverage.overlaps.iter().flat_map(|o| o.province_ids.iter().copied()));
        }
        ids.into_iter().filter(|id| !known.contains(id)).collect()
    };
    // Answers land in the cache; the load's own state only brings the redraw.
    let _areas_read = {
        let cache = cache.clone();
        use_load(wanted_areas, move |ids| area_names(ids, cache))
    };
    let on_saved = {
        let (reload, panel) = (reload.clone(), panel.clone());
        Callback::from(move |()| {
            panel.set(None);
            reload.set(reload.wrapping_add(1));
        })
    };
    let on_panel = {
        let panel = panel.clone();
        Callback::from(move |next: Option<Panel>| panel.set(next))
    };

    let group = match &*group {
        Load::Loading => return html! { <Loading /> },
        Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(fetched) => fetched.value.clone(),
    };
    let lead = leads(&session, &group);
    let lists = match &*lists {
        Load::Loading => return html! { <Loading /> },
        Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(lists) => lists.clone(),
    };

    let mut names = Names::default();
    names
        .catalog
        .extend(lists.target_groups.iter().chain(&lists.fields).map(|e| (e.id, entry_name(lang, e).to_owned())));
    names.area_groups.extend(lists.area_groups.iter().map(|g| (g.id, g.name.clone())));
    names.areas.extend(provinces.ready().into_iter().flatten().map(|a| (a.id, a.name.clone())));
    names.areas.extend(cache.borrow().iter().map(|(id, name)| (*id, name.clone())));

    let on_date = {
        let as_of = as_of.clone();
        Callback::from(move |day: Option<NaiveDate>| {
            if let Some(day) = day {
                as_of.set(day);
            }
        })
    };
    let on_layout = {
        let layout = layout.clone();
        Callback::from(move |value: String| layout.set(Layout::parse(&value).unwrap_or(Layout::L2021)))
    };
    let layouts: Vec<(AttrValue, AttrValue)> =
        Layout::ALL.iter().map(|l| (AttrValue::from(l.as_str()), AttrValue::from(l.as_str()))).collect();
    let assign = on_panel.reform(|_| Some(Panel::Assign));
    let coverage_error = match &*coverage {
        Load::Failed(error) => Some(error.clone()),
        _ => None,
    };
    let province_list = Rc::new(provinces.ready().cloned().unwrap_or_default());

    let body = match &*day {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(day) => {
            names.members.extend(day.members.iter().map(|m| (m.user_id, m.display_name.clone())));
            let rows = rows_of(&day.members, &day.assignments, *as_of);
            let coverage = coverage.ready().cloned();
            let overlaps = coverage.as_ref().map(|c| overlap_cells(&c.overlaps)).unwrap_or_default();
            let empty = Vec::new();
            let target_grid = grid(
                lang,
                &rows,
                &day.assignments,
                &lists.target_groups,
                |a| &a.target_group_ids,
                coverage.as_ref().map_or(&empty, |c| &c.uncovered_target_group_ids),
                &overlaps,
            );
            let field_grid = grid(
                lang,
                &rows,
                &day.assignments,
                &lists.fields,
                |a| &a.field_ids,
                coverage.as_ref().map_or(&empty, |c| &c.uncovered_field_ids),
                &HashSet::new(),
            );
            let places: HashMap<Uuid, String> = rows
                .iter()
                .map(|(user, _)| {
                    let (groups, areas) = places_of(&day.assignments, *user);
                    (*user, names.places(&groups, &areas))
                })
                .collect();
            let names = Rc::new(names.clone());
            let assignments = Rc::new(day.assignments.clone());
            html! {
                <>
                    if lead && *panel == Some(Panel::Assign) {
                        <AssignmentForm group_id={group.id} members={Rc::new(day.members.clone())} lists={lists.clone()}
                            provinces={province_list.clone()}
                            assignment={None::<Assignment>} on_saved={on_saved.clone()} on_cancel={on_panel.reform(|()| None)} />
                    }
                    if rows.is_empty() {
                        <Empty key_name="assignments.no_members" />
                    } else {
                        <h2 id="grid-target-groups">{ session.t("catalog.target_groups") }</h2>
                        <GridTable grid={target_grid} places={Some(Rc::new(places))} testid="grid-target-groups" />
                        <h2 id="grid-fields">{ session.t("catalog.fields") }</h2>
                        <GridTable grid={field_grid} places={None::<Rc<HashMap<Uuid, String>>>} testid="grid-fields" />
                    }
                    <CoveragePanel {coverage} error={coverage_error.clone()} names={names.clone()} />
                    <h2>{ session.t("assignments.details") }</h2>
                    if assignments.is_empty() {
                        <Empty key_name="assignments.none" />
                    } else {
                        <ul class="assignment-list" data-testid="assignment-list">
                            { for rows.iter().flat_map(|(user, _)| {
                                assignments.iter().filter(move |a| a.user_id == *user).cloned().collect::<Vec<_>>()
                            }).map(|assignment| html! {
                                <AssignmentItem key={assignment.id.to_string()} assignment={assignment.clone()} names={names.clone()}
                                    {lead} panel={(*panel).clone()} on_panel={on_panel.clone()} on_saved={on_saved.clone()}
                                    lists={lists.clone()}
                                    provinces={province_list.clone()} />
                            }) }
                        </ul>
                    }
                </>
            }
        }
    };
    html! {
        <section>
            <div class="page-head">
                <h1>{ format!("{} · {}", session.t("assignments.title"), group.name) }</h1>
                <AppLink to={Route::WorkingGroup { id: group.id }} class="button secondary">{ session.t("working_groups.roster") }</AppLink>
            </div>
            <div class="toolbar matrix-toolbar">
                <DateField id="assignments-as-of" field="as_of" label={session.t("assignments.as_of")} value={Some(*as_of)} onchange={on_date} />
                <SelectField id="assignments-layout" field="layout" label={session.t("areas.layout")} value={layout.as_str()}
                    options={layouts} onchange={on_layout} />
                if lead {
                    <button type="button" class="primary" data-testid="assignment-new" onclick={assign}>{ session.t("assignments.assign") }</button>
                }
            </div>
            if !lead { <p class="muted" data-testid="matrix-read-only">{ t(lang, "assignments.read_only") }</p> }
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GridTableProps {
    grid: Grid,
    /// Each member's areas, shown under their name.
    places: Option<Rc<HashMap<Uuid, String>>>,
    testid: AttrValue,
}

/// A grid as a table: members down, entries across; gap columns and overlapping cells
/// are marked by class and in words for screen readers.
#[component]
fn GridTable(props: &GridTableProps) -> Html {
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
struct CoveragePanelProps {
    coverage: Option<Coverage>,
    error: Option<ApiError>,
    names: Rc<Names>,
}

/// What nobody covers, and who doubles up.
#[component]
fn CoveragePanel(props: &CoveragePanelProps) -> Html {
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

#[derive(Properties, PartialEq)]
struct AssignmentItemProps {
    assignment: Assignment,
    names: Rc<Names>,
    lead: bool,
    panel: Option<Panel>,
    on_panel: Callback<Option<Panel>>,
    on_saved: Callback<()>,
    lists: Rc<Lists>,
    provinces: Rc<Vec<Area>>,
}

/// One assignment in force: what it covers, its period, and (for the head) its actions.
#[component]
fn AssignmentItem(props: &AssignmentItemProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let a = &props.assignment;
    let names = &props.names;
    let open = |panel: Panel| props.on_panel.reform(move |_| Some(panel.clone()));
    let close = props.on_panel.reform(|()| None);
    let showing = |wanted: &Panel| props.panel.as_ref() == Some(wanted);
    let history = Panel::History(a.id);
    html! {
        <li class="card assignment" data-testid="assignment">
            <h3>{ names.member(&a.user_id) }</h3>
            <dl class="facts">
                <dt>{ session.t("catalog.target_groups") }</dt><dd>{ names.entries(&a.target_group_ids) }</dd>
                <dt>{ session.t("catalog.fields") }</dt><dd>{ names.entries(&a.field_ids) }</dd>
                <dt>{ session.t("assignments.areas") }</dt><dd>{ names.places(&a.area_group_ids, &a.area_ids) }</dd>
                <dt>{ session.t("assignments.period") }</dt><dd>{ period(lang, a.valid_from, a.valid_to) }</dd>
                if !a.note.trim().is_empty() { <dt>{ session.t("assignments.note") }</dt><dd>{ &a.note }</dd> }
            </dl>
            <div class="actions">
                if props.lead {
                    <button type="button" class="secondary" data-testid="assignment-change" onclick={open(Panel::Change(a.clone()))}>
                        { session.t("assignments.change") }
                    </button>
                    <button type="button" class="secondary" data-testid="assignment-end" onclick={open(Panel::End(a.clone()))}>
                        { session.t("assignments.end") }
                    </button>
                }
                <button type="button" class="secondary" data-testid="assignment-history" aria-expanded={showing(&history).to_string()}
                    onclick={if showing(&history) { props.on_panel.reform(|_| None) } else { open(history.clone()) }}>
                    { session.t("assignments.history") }
                </button>
            </div>
            if props.lead && showing(&Panel::Change(a.clone())) {
                <AssignmentForm group_id={a.working_group_id} members={Rc::new(Vec::new())} lists={props.lists.clone()}
                    provinces={props.provinces.clone()} assignment={Some(a.clone())} on_saved={props.on_saved.clone()}
                    on_cancel={close.clone()} />
            }
            if props.lead && showing(&Panel::End(a.clone())) {
                <EndForm assignment={a.clone()} on_saved={props.on_saved.clone()} on_cancel={close} />
            }
            if showing(&history) { <History id={a.id} names={names.clone()} /> }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct AssignmentFormProps {
    group_id: Uuid,
    /// The roster to pick the member from (a new assignment).
    members: Rc<Vec<Membership>>,
    lists: Rc<Lists>,
    /// The provinces of the layout shown.
    provinces: Rc<Vec<Area>>,
    /// The assignment being changed; a new one when absent.
    assignment: Option<Assignment>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

/// The choices of an assignment form.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    user: String,
    target_groups: BTreeSet<Uuid>,
    fields: BTreeSet<Uuid>,
    area_groups: BTreeSet<Uuid>,
    /// Provinces ticked here, and any other areas the assignment already had.
    areas: BTreeSet<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    note: String,
}

impl Draft {
    fn of(assignment: Option<&Assignment>) -> Self {
        let set = |ids: &[Uuid]| ids.iter().copied().collect::<BTreeSet<Uuid>>();
        match assignment {
            Some(a) => Draft {
                user: a.user_id.to_string(),
                target_groups: set(&a.target_group_ids),
                fields: set(&a.field_ids),
                area_groups: set(&a.area_group_ids),
                areas: set(&a.area_ids),
                from: Some(today()),
                to: a.valid_to,
                note: a.note.clone(),
            },
            None => Draft {
                user: String::new(),
                target_groups: BTreeSet::new(),
                fields: BTreeSet::new(),
                area_groups: BTreeSet::new(),
                areas: BTreeSet::new(),
                from: Some(today()),
                to: None,
                note: String::new(),
            },
        }
    }

    fn to_create(&self, user_id: Uuid) -> CreateAssignment {
        CreateAssignment {
            user_id,
            target_group_ids: self.target_groups.iter().copied().collect(),
            field_ids: self.fields.iter().copied().collect(),
            area_ids: self.areas.iter().copied().collect(),
            area_group_ids: self.area_groups.iter().copied().collect(),
            valid_from: self.from,
            valid_to: self.to,
            note: self.note.trim().to_owned(),
        }
    }

    /// The change: the lists that differ from `current`, the period and note, from the
    /// chosen day.
    fn to_change(&self, current: &Assignment) -> ChangeAssignment {
        let changed = |new: &BTreeSet<Uuid>, old: &[Uuid]| {
            let old: BTreeSet<Uuid> = old.iter().copied().collect();
            (*new != old).then(|| new.iter().copied().collect::<Vec<Uuid>>())
        };
        let note = self.note.trim().to_owned();
        ChangeAssignment {
            target_group_ids: changed(&self.target_groups, &current.target_group_ids),
            field_ids: changed(&self.fields, &current.field_ids),
            area_ids: changed(&self.areas, &current.area_ids),
            area_group_ids: changed(&self.area_groups, &current.area_group_ids),
            valid_to: (self.to != current.valid_to).then_some(self.to),
            note: (note != current.note).then_some(note),
            effective_from: self.from,
        }
    }
}

fn options(lang: Lang, entries: &[CatalogEntry], chosen: &BTreeSet<Uuid>) -> Rc<Vec<(Uuid, AttrValue)>> {
    let mut shown: Vec<&CatalogEntry> = entries.iter().filter(|e| e.active || chosen.contains(&e.id)).collect();
    shown.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
    Rc::new(shown.into_iter().map(|e| (e.id, AttrValue::from(entry_name(lang, e).to_owned()))).collect())
}

fn set_field<V: 'static>(draft: &UseStateHandle<Draft>, apply: fn(&mut Draft, V)) -> Callback<V> {
    let draft = draft.clone();
    Callback::from(move |value| {
        let mut next = (*draft).clone();
        apply(&mut next, value);
        draft.set(next);
    })
}

/// Assigns a member, or changes an assignment from a day on.
#[component]
fn AssignmentForm(props: &AssignmentFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let draft = use_state(|| Draft::of(props.assignment.as_ref()));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (draft, errors, busy, toast, key, on_saved) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), key.clone(), props.on_saved.clone());
        let (group_id, current) = (props.group_id, props.assignment.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let (errors, busy, toast, on_saved) = (errors.clone(), busy.clone(), toast.clone(), on_saved.clone());
            let done = move |result: Result<(), ApiError>, errors: UseStateHandle<Vec<FieldError>>| match result {
                Ok(()) => {
                    toast.emit(Toast::success(t(lang, "assignments.saved")));
                    on_saved.emit(());
                }
                Err(error) => {
                    if error.field_errors().is_empty() {
                        toast.emit(Toast::error(lang, &error));
                    } else {
                        errors.set(error.field_errors().to_vec());
                    }
                    if matches!(error.status, 409 | 412) {
                        on_saved.emit(());
                    }
                }
            };
            match &current {
                None => {
                    let user = draft.user.parse::<Uuid>().ok();
                    // Without a member the rest is still checked, so every error shows at once.
                    let request = draft.to_create(user.unwrap_or_default());
                    let mut failed = check(request.validate(today()));
                    if user.is_none() {
                        failed.insert(0, FieldError::new("user_id", "required", "must not be empty"));
                    }
                    errors.set(failed.clone());
                    if !failed.is_empty() {
                        return;
                    }
                    busy.set(true);
                    let key = (*key).clone();
                    spawn_local(async move {
                        let result = api::assignments::create(group_id, &request, &key).await.map(|_| ());
                        busy.set(false);
                        done(result, errors);
                    });
                }
                Some(current) => {
                    let request = draft.to_change(current);
                    let failed = check(request.validate());
                    errors.set(failed.clone());
                    if !failed.is_empty() {
                        return;
                    }
                    busy.set(true);
                    let (id, etag) = (current.id, format!("\"{}\"", current.version));
                    spawn_local(async move {
                        let result = api::assignments::change(id, &request, &etag).await.map(|_| ());
                        busy.set(false);
                        done(result, errors);
                    });
                }
            }
        })
    };
    let lists = &props.lists;
    let prefix = match &props.assignment {
        Some(a) => format!("assignment-{}", a.id),
        None => "assignment-new".to_owned(),
    };
    let area_groups: Rc<Vec<(Uuid, AttrValue)>> = Rc::new(
        lists
            .area_groups
            .iter()
            .map(|g| (g.id, AttrValue::from(format!("{} ({} · {})", g.name, g.code, g.layout.as_str()))))
            .collect(),
    );
    let provinces: Rc<Vec<(Uuid, AttrValue)>> =
        Rc::new(props.provinces.iter().map(|a| (a.id, AttrValue::from(a.name.clone()))).collect());
    let province_ids: HashSet<Uuid> = provinces.iter().map(|(id, _)| *id).collect();
    let others = draft.areas.iter().filter(|id| !province_ids.contains(id)).count();
    // The province list holds only provinces; other areas stay as they were.
    let on_provinces = {
        let (draft, province_ids) = (draft.clone(), province_ids.clone());
        Callback::from(move |chosen: BTreeSet<Uuid>| {
            let mut next = (*draft).clone();
            next.areas.retain(|id| !province_ids.contains(id));
            next.areas.extend(chosen);
            draft.set(next);
        })
    };
    let chosen_provinces: BTreeSet<Uuid> = draft.areas.iter().copied().filter(|id| province_ids.contains(id)).collect();
    let heading = match &props.assignment {
        Some(_) => session.t("assignments.change"),
        None => session.t("assignments.assign"),
    };
    let members: Vec<(AttrValue, AttrValue)> = std::iter::once((AttrValue::default(), AttrValue::from("—")))
        .chain(
            roster_order(&props.members, today())
                .into_iter()
                .map(|m| (AttrValue::from(m.user_id.to_string()), AttrValue::from(m.display_name.clone()))),
        )
        .collect();
    html! {
        <form class="card form assignment-form" novalidate=true {onsubmit} data-testid="assignment-form">
            <h3>{ heading }</h3>
            if props.assignment.is_none() {
                <SelectField id={format!("{prefix}-user")} field="user_id" label={session.t("working_groups.member")}
                    value={draft.user.clone()} options={members} onchange={set_field(&draft, |d, v| d.user = v)}
                    error={field_message(lang, &errors, "user_id")} />
            }
            <CheckList id={format!("{prefix}-target-groups")} field="target_group_ids" legend={session.t("catalog.target_groups")}
                options={options(lang, &lists.target_groups, &draft.target_groups)} chosen={draft.target_groups.clone()}
                onchange={set_field(&draft, |d, v| d.target_groups = v)} error={field_message(lang, &errors, "target_group_ids")} />
            <CheckList id={format!("{prefix}-fields")} field="field_ids" legend={session.t("catalog.fields")}
                options={options(lang, &lists.fields, &draft.fields)} chosen={draft.fields.clone()}
                onchange={set_field(&draft, |d, v| d.fields = v)} error={field_message(lang, &errors, "field_ids")} />
            <CheckList id={format!("{prefix}-area-groups")} field="area_group_ids" legend={session.t("assignments.area_groups")}
                options={area_groups} chosen={draft.area_groups.clone()}
                onchange={set_field(&draft, |d, v| d.area_groups = v)} error={field_message(lang, &errors, "area_group_ids")} />
            <CheckList id={format!("{prefix}-provinces")} field="area_ids" legend={session.t("assignments.provinces")}
                options={provinces} chosen={chosen_provinces} onchange={on_provinces} filter=true
                error={field_message(lang, &errors, "area_ids")} />
            if others > 0 {
                <p class="hint">{ format!("{}: {others}", session.t("assignments.other_areas")) }</p>
            }
            if props.assignment.is_none() {
                <DateField id={format!("{prefix}-from")} field="valid_from" label={session.t("assignments.valid_from")}
                    value={draft.from} onchange={set_field(&draft, |d, v| d.from = v)} error={field_message(lang, &errors, "valid_from")} />
            } else {
                <DateField id={format!("{prefix}-from")} field="effective_from" label={session.t("assignments.effective_from")}
                    hint={session.t("assignments.effective_hint")}
                    value={draft.from} onchange={set_field(&draft, |d, v| d.from = v)} error={field_message(lang, &errors, "effective_from")} />
            }
            <DateField id={format!("{prefix}-to")} field="valid_to" label={session.t("assignments.valid_to")}
                hint={session.t("assignments.valid_to_hint")}
                value={draft.to} onchange={set_field(&draft, |d, v| d.to = v)} error={field_message(lang, &errors, "valid_to")} />
            <TextAreaField id={format!("{prefix}-note")} field="note" label={session.t("assignments.note")} rows={2}
                value={draft.note.clone()} oninput={set_field(&draft, |d, v| d.note = v)} error={field_message(lang, &errors, "note")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="assignment-submit" disabled={*busy}>{ session.t("action.save") }</button>
                <button type="button" class="secondary" onclick={props.on_cancel.reform(|_| ())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct EndFormProps {
    assignment: Assignment,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

/// Ends an assignment on a day (its last day in force).
#[component]
fn EndForm(props: &EndFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let on = use_state(|| Some(today().max(props.assignment.valid_from)));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (on, errors, busy, toast, on_saved) =
            (on.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_saved.clone());
        let (id, etag, from) =
            (props.assignment.id, format!("\"{}\"", props.assignment.version), props.assignment.valid_from);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if on.is_some_and(|day| day < from) {
                errors.set(vec![FieldError::new("on", "before_start", "must not be before the first day")]);
                return;
            }
            errors.set(Vec::new());
            busy.set(true);
            let request = EndAssignment { on: *on };
            let (errors, busy, toast, on_saved, etag) =
                (errors.clone(), busy.clone(), toast.clone(), on_saved.clone(), etag.clone());
            spawn_local(async move {
                match api::assignments::end(id, &request, &etag).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "assignments.ended")));
                        on_saved.emit(());
                    }
                    Err(error) if !error.field_errors().is_empty() => errors.set(error.field_errors().to_vec()),
                    Err(error) => {
                        toast.emit(Toast::error(lang, &error));
                        if matches!(error.status, 409 | 412) {
                            on_saved.emit(());
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    let message = field_message(lang, &errors, "on").or_else(|| field_message(lang, &errors, "valid_to"));
    html! {
        <form class="form inline-form" novalidate=true {onsubmit} data-testid="assignment-end-form">
            <DateField id={format!("assignment-{}-end-on", props.assignment.id)} field="on" label={session.t("assignments.end_on")}
                value={*on} onchange={let on = on.clone(); Callback::from(move |v| on.set(v))} error={message} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="assignment-end-submit" disabled={*busy}>{ session.t("assignments.end") }</button>
                <button type="button" class="secondary" onclick={props.on_cancel.reform(|_| ())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct HistoryProps {
    id: Uuid,
    names: Rc<Names>,
}

/// The periods of an assignment's chain, oldest first.
#[component]
fn History(props: &HistoryProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let chain = use_load(props.id, api::assignments::history);
    let names = &props.names;
    let body = match &*chain {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(chain) if chain.is_empty() => html! { <Empty /> },
        Load::Ready(chain) => html! {
            <ol class="history" data-testid="assignment-history-list">
                { for chain.iter().map(|a| html! {
                    <li key={a.id.to_string()} class={classes!(a.superseded_at.is_some().then_some("superseded"))}>
                        <strong>{ period(lang, a.valid_from, a.valid_to) }</strong>
                        if a.superseded_at.is_some() { { " " }<span class="badge off">{ session.t("assignments.superseded") }</span> }
                        if a.id == props.id { { " " }<span class="badge ok">{ session.t("assignments.current") }</span> }
                        <br />
                        <span>{ format!("{}: {}", session.t("catalog.target_groups"), names.entries(&a.target_group_ids)) }</span>
                        <br />
                        <span>{ format!("{}: {}", session.t("catalog.fields"), names.entries(&a.field_ids)) }</span>
                        <br />
                        <span>{ format!("{}: {}", session.t("assignments.areas"), names.places(&a.area_group_ids, &a.area_ids)) }</span>
                        if !a.note.trim().is_empty() { <br /><span class="muted">{ &a.note }</span> }
                    </li>
                }) }
            </ol>
        },
    };
    html! {
        <section class="history-panel">
            <h4>{ session.t("assignments.history") }</h4>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::render;
    use danvan_domain::{role::Role, working_group::MemberPosition};

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn day(d: u32) -> NaiveDate {
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

    fn assignment(n: u128, user: u128, target_groups: &[u128], fields: &[u128], areas: &[u128]) -> Assignment {
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

    #[test]
    fn a_change_sends_only_what_changed_from_the_chosen_day() {
        let current = assignment(10, 1, &[20, 21], &[30], &[40]);
        let mut draft = Draft::of(Some(&current));
        assert_eq!(draft.to_change(&current).target_group_ids, None);
        draft.target_groups.remove(&id(21));
        draft.from = Some(day(15));
        let change = draft.to_change(&current);
        assert_eq!(change.target_group_ids, Some(vec![id(20)]));
        assert_eq!((change.field_ids, change.area_ids, change.valid_to, change.note), (None, None, None, None));
        assert_eq!(change.effective_from, Some(day(15)));
        let errors = check(Draft::of(None).to_create(Uuid::nil()).validate(day(1)));
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["target_group_ids", "area_ids"]);
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
