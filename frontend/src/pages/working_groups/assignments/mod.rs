//! A working group's assignment matrix as of a date: members × target groups and
//! members × fields, each member with the areas they cover; the coverage panel (target
//! groups, fields and provinces nobody covers, and members who double up); and, for the
//! group's head and administrators, assigning, changing (from a date on), ending and
//! reading the history of each assignment.
//!
//! The page and what it loads live here; [`grid`] turns the matrix into tables and the
//! coverage panel, [`edit`] holds the forms.

pub mod i18n;

mod edit;
mod grid;

use crate::{
    api::{self, ApiError},
    components::{
        dates::{today, DateField},
        form::SelectField,
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
    },
    i18n::t,
    pages::IdProps,
    route::Route,
    state::use_session,
};
use chrono::NaiveDate;
use danvan_domain::{
    area::{AreaGroup, Layout},
    assignment::Assignment,
    catalog::CatalogEntry,
    working_group::Membership,
};
use futures::future::join_all;
use std::{
    collections::{BTreeSet, HashMap, HashSet},
    rc::Rc,
};
use uuid::Uuid;
use yew::prelude::*;

use edit::{AssignmentForm, AssignmentItem};
use grid::{entry_name, grid, overlap_cells, places_of, rows_of, CoveragePanel, GridTable, Names};

/// Everything the page reads apart from the matrix itself, which changes with the date.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Lists {
    target_groups: Vec<CatalogEntry>,
    fields: Vec<CatalogEntry>,
    area_groups: Vec<AreaGroup>,
}

async fn lists() -> Result<Lists, ApiError> {
    let client = api::client();
    let (target_groups, fields) = futures::join!(client.list_target_groups(None), client.list_fields(None));
    // Without the area groups the matrix still reads; their names fall back to ids.
    let area_groups = api::client().all_area_groups(&[]).await.unwrap_or_default();
    Ok(Lists { target_groups: target_groups?, fields: fields?, area_groups })
}

/// The matrix on one day.
#[derive(Clone, Debug, PartialEq)]
struct Day {
    members: Vec<Membership>,
    assignments: Vec<Assignment>,
}

async fn day_of(id: Uuid, as_of: NaiveDate) -> Result<Day, ApiError> {
    let client = api::client();
    let date = as_of.to_string();
    let on_date = [("as_of", date.as_str())];
    let (members, assignments) =
        futures::join!(client.list_members(id, &on_date), client.list_assignments(id, Some(as_of)));
    Ok(Day { members: members?, assignments: assignments? })
}

/// Names of areas that are not provinces of the shown layout, read once each.
async fn area_names(ids: Vec<Uuid>, cache: Rc<std::cell::RefCell<HashMap<Uuid, String>>>) -> Result<(), ApiError> {
    let missing: Vec<Uuid> = ids.into_iter().filter(|id| !cache.borrow().contains_key(id)).collect();
    let found = join_all(
        missing.into_iter().map(|id| async move { api::client().get_area(id).await.ok().map(|area| (id, area.name)) }),
    )
    .await;
    cache.borrow_mut().extend(found.into_iter().flatten());
    Ok(())
}

/// What the editing panel shows.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Panel {
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
    let group = use_load(props.id, |id| async move { api::client().get_working_group(id).await });
    let lists = use_load((), |()| lists());
    let day = use_load((props.id, *as_of, *reload), |(id, as_of, _)| day_of(id, as_of));
    // The coverage report speaks of the whole matrix: asked only by those who see it all.
    let whole = group.ready().is_some_and(|group| group.value.sees_whole_matrix);
    let coverage = use_load((props.id, *as_of, *layout, *reload, whole), |(id, as_of, layout, _, whole)| async move {
        if whole {
            api::client().coverage(id, Some(as_of), Some(layout)).await.map(Some)
        } else {
            Ok(None)
        }
    });
    let provinces = use_load(*layout, api::provinces);
    let cache = use_mut_ref(HashMap::<Uuid, String>::new);
    let wanted_areas: Vec<Uuid> = {
        let known: HashSet<Uuid> = provinces.ready().into_iter().flatten().map(|area| area.id).collect();
        let mut ids: BTreeSet<Uuid> = BTreeSet::new();
        if let Some(day) = day.ready() {
            ids.extend(day.assignments.iter().flat_map(|a| a.area_ids.iter().copied()));
        }
        if let Some(Some(coverage)) = coverage.ready() {
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
    let lead = group.can_manage_assignments;
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
            // Who sees part of the matrix sees the members of the rows they reach, no empty rows.
            let members: Vec<Membership> = if group.sees_whole_matrix {
                day.members.clone()
            } else {
                day.members.iter().filter(|m| day.assignments.iter().any(|a| a.user_id == m.user_id)).cloned().collect()
            };
            let rows = rows_of(&members, &day.assignments, *as_of);
            let coverage = coverage.ready().cloned().flatten();
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
                    if group.sees_whole_matrix {
                        <CoveragePanel {coverage} error={coverage_error.clone()} names={names.clone()} />
                    } else {
                        <p class="muted" data-testid="matrix-partial">{ t(lang, "assignments.partial") }</p>
                    }
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
