//! The registry of community teams: filters (province, area group, kind, status, words of
//! the name without diacritics) kept in the URL, so `/community-teams?province_id=…` opens
//! already filtered and the back button undoes a filter; "load more" paging; the export of
//! the same rows as CSV or Excel; and the map of Vietnam with the teams and models of each
//! province, whose markers filter the list by their province.

use crate::{
    api::{self, community_teams::TeamFilter},
    components::{
        download::deliver,
        form::SelectField,
        hooks::{use_debounced, use_title},
        link::AppLink,
        load::{use_load, use_paged, Load},
        status::{Empty, ErrorNote, Loading},
        toast::use_toast,
        vietnam_map::VietnamMap,
    },
    format,
    i18n::{t, Lang},
    pages::community_teams::model::{
        counted, enum_options, id_options, kind_name, markers, province_choices, team_status_label, totals,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    community_team::{ProvinceTeams, Team, TeamKind, TeamStatus},
    permission::Action,
};
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

/// Rows per page of the list.
const PAGE: u32 = 50;

/// Opens the registry with `filter` as its query.
fn open(navigator: &Navigator, filter: &TeamFilter) {
    let pairs = filter.pairs();
    if pairs.is_empty() {
        navigator.push(&Route::CommunityTeams);
    } else {
        let _ = navigator.push_with_query(&Route::CommunityTeams, pairs);
    }
}

#[derive(Properties, PartialEq)]
pub struct TeamStatusBadgeProps {
    pub status: TeamStatus,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A team's status as a badge.
#[component]
pub fn TeamStatusBadge(props: &TeamStatusBadgeProps) -> Html {
    let session = use_session();
    html! {
        <span class={classes!("badge", "status", format!("team-{}", props.status.as_str()))}
            data-testid={props.testid.clone()} data-status={props.status.as_str()}>
            { team_status_label(session.lang(), props.status) }
        </span>
    }
}

/// A team's kind in `lang`: the kind's own words when the list of kinds is at hand.
pub fn kind_words(lang: Lang, team: &Team, kinds: &[TeamKind]) -> String {
    kinds.iter().find(|k| k.id == team.kind.id).map(|k| kind_name(lang, k)).unwrap_or_else(|| team.kind.name.clone())
}

#[derive(Properties, PartialEq)]
pub struct TeamTableProps {
    pub teams: Rc<Vec<Team>>,
    #[prop_or_default]
    pub kinds: Rc<Vec<TeamKind>>,
}

/// Teams as a table: name, kind, status, commune, province, households, founding date.
#[component]
pub fn TeamTable(props: &TeamTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    html! {
        <div class="table-wrap">
            <table data-testid="teams-table" class="teams">
                <thead>
                    <tr>
                        <th scope="col">{ session.t("teams.name") }</th>
                        <th scope="col">{ session.t("teams.kind") }</th>
                        <th scope="col">{ session.t("teams.status") }</th>
                        <th scope="col">{ session.t("teams.commune") }</th>
                        <th scope="col">{ session.t("teams.province") }</th>
                        <th scope="col" class="num">{ session.t("teams.households") }</th>
                        <th scope="col">{ session.t("teams.founded_on") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.teams.iter().map(|team| html! {
                        <tr data-testid="team-row" key={team.id.to_string()} data-team-id={team.id.to_string()}>
                            <td class="team-name-cell">
                                <AppLink to={Route::CommunityTeam { id: team.id }} testid="team-link">{ &team.name }</AppLink>
                            </td>
                            <td>{ kind_words(lang, team, &props.kinds) }</td>
                            <td><TeamStatusBadge status={team.status} /></td>
                            <td>{ &team.area.name }</td>
                            <td>{ &team.province.name }</td>
                            <td class="num">{ format::number(lang, team.households_covered) }</td>
                            <td class="nowrap">{ crate::components::dates::date(lang, team.founded_on) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TeamMapProps {
    provinces: Rc<Vec<ProvinceTeams>>,
    selected: Option<Uuid>,
    on_select: Callback<Option<Uuid>>,
}

/// The map, its totals, and the counts of every province as a table (which also filters).
#[component]
fn TeamMap(props: &TeamMapProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let (teams, models, adoptions) = totals(&props.provinces);
    let number = |n: i64| format::number(lang, n);
    let mut rows: Vec<&ProvinceTeams> = props.provinces.iter().collect();
    rows.sort_by(|a, b| b.teams.cmp(&a.teams).then_with(|| a.name.cmp(&b.name)));
    html! {
        <section class="card teams-map" aria-labelledby="teams-map-heading" data-testid="teams-map">
            <h2 id="teams-map-heading">{ session.t("teams.map") }</h2>
            <p class="muted" data-testid="teams-map-totals">
                { [counted(lang, "map.teams", teams), counted(lang, "map.models", models), counted(lang, "teams.adoptions", adoptions)]
                    .join(" · ") }
            </p>
            <VietnamMap provinces={markers(&props.provinces)} selected={props.selected} on_select={props.on_select.clone()} />
            <details class="map-table">
                <summary>{ session.t("teams.map_table") }</summary>
                <div class="table-wrap">
                    <table data-testid="teams-map-table">
                        <thead>
                            <tr>
                                <th scope="col">{ session.t("teams.province") }</th>
                                <th scope="col" class="num">{ session.t("teams.map_teams") }</th>
                                <th scope="col" class="num">{ session.t("teams.map_models") }</th>
                                <th scope="col" class="num">{ session.t("teams.map_adoptions") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for rows.into_iter().map(|p| {
                                let onclick = {
                                    let (on_select, id) = (props.on_select.clone(), p.province_id);
                                    Callback::from(move |_| on_select.emit(Some(id)))
                                };
                                html! {
                                    <tr data-testid="map-row" data-province-id={p.province_id.to_string()} key={p.province_id.to_string()}>
                                        <td>
                                            <button type="button" class="link-button" {onclick}>{ &p.name }</button>
                                            <span class="muted">{ format!(" ({})", p.layout.as_str()) }</span>
                                        </td>
                                        <td class="num" data-testid="map-row-teams">{ number(p.teams) }</td>
                                        <td class="num" data-testid="map-row-models">{ number(p.models) }</td>
                                        <td class="num" data-testid="map-row-adoptions">{ number(p.adoptions) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

#[component]
pub fn TeamList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.community_teams"));
    let navigator = use_navigator();
    let toast = use_toast();
    let location = use_location();
    let filter = TeamFilter::from_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let apply = {
        let navigator = navigator.clone();
        Callback::from(move |next: TeamFilter| {
            if let Some(navigator) = &navigator {
                open(navigator, &next);
            }
        })
    };

    // Words typed in the search box reach the URL once typing pauses.
    let typed = use_state(|| filter.q.clone());
    let settled = use_debounced((*typed).clone(), 300);
    {
        let (filter, apply) = (filter.clone(), apply.clone());
        use_effect_with(settled, move |settled| {
            if settled.trim() != filter.q.trim() {
                apply.emit(TeamFilter { q: settled.trim().to_owned(), ..filter });
            }
        });
    }
    {
        let typed = typed.clone();
        use_effect_with(filter.q.clone(), move |q| {
            if typed.trim() != q.trim() {
                typed.set(q.clone());
            }
        });
    }

    let paged = use_paged(filter.clone(), |filter: TeamFilter, cursor| async move {
        api::community_teams::list(&filter, cursor.as_deref(), PAGE).await
    });
    let map = use_load((), |()| async { api::client().team_map().await });
    let kinds = use_load((), |()| async { api::client().list_team_kinds(None).await });
    let groups = use_load((), |()| async { api::client().all_area_groups(&[]).await });
    let exporting = use_state(|| false);

    let pick = |change: fn(&mut TeamFilter, String)| {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| {
            let mut next = filter.clone();
            change(&mut next, value);
            apply.emit(next);
        })
    };
    let on_select = {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |province: Option<Uuid>| {
            let province_id = province.map(|id| id.to_string()).unwrap_or_default();
            apply.emit(TeamFilter { province_id, ..filter.clone() });
        })
    };
    let clear = {
        let (apply, typed) = (apply.clone(), typed.clone());
        Callback::from(move |_| {
            typed.set(String::new());
            apply.emit(TeamFilter::default());
        })
    };
    let export = |format: &'static str| {
        let (filter, exporting, toast) = (filter.clone(), exporting.clone(), toast.clone());
        Callback::from(move |_| {
            if *exporting {
                return;
            }
            exporting.set(true);
            let (filter, exporting, toast) = (filter.clone(), exporting.clone(), toast.clone());
            spawn_local(async move {
                let answer = api::community_teams::export(&filter, format, lang.code()).await;
                deliver(lang, answer, &format!("community-teams.{format}"), &toast);
                exporting.set(false);
            });
        })
    };
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| typed.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };

    let provinces = map.ready().map(|list| province_choices(list)).unwrap_or_default();
    let kind_list: Rc<Vec<TeamKind>> = Rc::new(kinds.ready().cloned().unwrap_or_default());
    let kind_choices: Vec<(Uuid, String)> = kind_list.iter().map(|k| (k.id, kind_name(lang, k))).collect();
    let group_choices: Vec<(Uuid, String)> =
        groups.ready().into_iter().flatten().map(|g| (g.id, g.name.clone())).collect();
    let statuses =
        enum_options(TeamStatus::ALL, |s| s.as_str(), |s| team_status_label(lang, s), Some(t(lang, "teams.any")));
    let any = t(lang, "teams.any");
    let list = &*paged.list;
    let selected: Option<Uuid> = filter.province_id.parse().ok();

    html! {
        <section data-testid="teams-page">
            <div class="page-head">
                <h1>{ session.t("nav.community_teams") }</h1>
                <div class="actions">
                    <AppLink to={Route::TeamScorecard} class="button secondary" testid="teams-scorecard-link">
                        { session.t("nav.team_scorecard") }
                    </AppLink>
                    <AppLink to={Route::TeamModels} class="button secondary" testid="teams-models-link">
                        { session.t("nav.team_models") }
                    </AppLink>
                    if session.state.can(Action::CommunityTeamsManage) {
                        <AppLink to={Route::TeamNew} class="button primary" testid="team-new">{ session.t("teams.new") }</AppLink>
                    }
                </div>
            </div>
            <div class="teams-layout">
                <div class="teams-aside">
                    { match &*map {
                        Load::Loading => html! { <Loading /> },
                        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                        Load::Ready(provinces) => html! {
                            <TeamMap provinces={provinces.clone()} {selected} {on_select} />
                        },
                    } }
                </div>
                <div class="teams-main">
                    <form class="card filters" role="search" aria-label={session.t("teams.filters")}
                        onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                        <div class="field">
                            <label for="teams-filter-q">{ session.t("teams.search") }</label>
                            <input id="teams-filter-q" data-testid="teams-filter-q" type="search" value={(*typed).clone()} {oninput}
                                autocomplete="off" placeholder={session.t("teams.search_hint")} />
                        </div>
                        <SelectField id="teams-filter-province" field="province_id" label={session.t("teams.province")}
                            value={filter.province_id.clone()} options={id_options(any, &provinces, &filter.province_id)}
                            onchange={pick(|f, v| f.province_id = v)} />
                        <SelectField id="teams-filter-group" field="area_group_id" label={session.t("teams.area_group")}
                            value={filter.area_group_id.clone()} options={id_options(any, &group_choices, &filter.area_group_id)}
                            onchange={pick(|f, v| f.area_group_id = v)} />
                        <SelectField id="teams-filter-kind" field="kind_id" label={session.t("teams.kind")}
                            value={filter.kind_id.clone()} options={id_options(any, &kind_choices, &filter.kind_id)}
                            onchange={pick(|f, v| f.kind_id = v)} />
                        <SelectField id="teams-filter-status" field="status" label={session.t("teams.status")}
                            value={filter.status.map(|s| s.as_str()).unwrap_or_default()} options={statuses}
                            onchange={pick(|f, v: String| f.status = TeamStatus::parse(v.as_str()))} />
                        if !filter.area_id.is_empty() {
                            <p class="notice filter-note">{ session.t("teams.area_filtered") }</p>
                        }
                        <div class="actions">
                            <button type="button" class="secondary" data-testid="teams-filter-clear" onclick={clear}
                                disabled={filter.is_empty()}>{ session.t("action.clear") }</button>
                            <button type="button" class="secondary" data-testid="teams-export-csv" onclick={export("csv")}
                                disabled={*exporting}>{ session.t("teams.export_csv") }</button>
                            <button type="button" class="secondary" data-testid="teams-export-xlsx" onclick={export("xlsx")}
                                disabled={*exporting}>{ session.t("teams.export_xlsx") }</button>
                        </div>
                    </form>
                    if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
                    if list.items.is_empty() {
                        if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="teams.none" /> }
                    } else {
                        <TeamTable teams={list.items.clone()} kinds={kind_list.clone()} />
                        if list.next.is_some() {
                            <button type="button" class="secondary more" data-testid="teams-more" onclick={more} disabled={list.loading}>
                                { session.t(if list.loading { "loading" } else { "action.more" }) }
                            </button>
                        }
                    }
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{pages::community_teams::model::tests::team, testing::render};
    use danvan_domain::role::Role;

    #[tokio::test]
    async fn the_table_shows_each_team_in_both_languages() {
        fn view() -> Html {
            let mut paused = team(2);
            paused.status = TeamStatus::Paused;
            html! { <TeamTable teams={Rc::new(vec![team(1), paused])} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Viewer), view).await;
        assert!(vi.contains("Tổ COVID cộng đồng số 1") && vi.contains("Phường Bến Nghé"), "{vi}");
        assert!(vi.contains("Đang hoạt động") && vi.contains("Tạm dừng") && vi.contains("1.200"), "{vi}");
        assert!(vi.contains(r#"href="/community-teams/00000000-0000-0000-0000-000000000001""#), "{vi}");
        let en = render(Lang::En, Some(Role::Viewer), view).await;
        assert!(
            en.contains("Active") && en.contains("Paused") && en.contains("1,200") && en.contains("2021-07-15"),
            "{en}"
        );
    }
}
