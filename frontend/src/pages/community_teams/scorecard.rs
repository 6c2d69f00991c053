//! The scorecard of a month: rank, team, province, score (0–100), trend over the last six
//! months as a sparkline, and the national, province and area-group ranks. The month, a
//! province and an area group are the filters, kept in the URL; with a province (or a
//! group) the order and the first column are the rank within it. Exports give the same rows
//! as CSV or Excel. Without a month in the URL the page opens on the latest month the
//! registry's first teams recorded values for (else last month).

use crate::{
    api::{self, community_teams::ScorecardFilter, ApiError},
    components::{
        charts::Sparkline,
        dates::today,
        download::deliver,
        form::{SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, use_paged, Load},
        status::{Empty, ErrorNote, Loading},
        toast::use_toast,
    },
    format,
    i18n::t,
    pages::community_teams::model::{
        default_period, group_ranks, id_options, latest_period, period_label, province_choices, rank_heading, shift,
        shown_rank, trend,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::community_team::ScorecardLine;
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

/// Lines per page.
const PAGE: u32 = 50;
/// How many of the registry's teams are asked for their latest month.
const PROBE_TEAMS: &str = "5";

/// The latest month the first teams of the registry recorded values for, else last month.
async fn latest_month() -> Result<String, ApiError> {
    let client = api::client();
    let fallback = default_period(today());
    let teams = client.list_teams(&[("limit", PROBE_TEAMS)]).await?.items;
    let to = shift(&fallback, 1);
    let from = shift(&to, -120);
    let query = [("from", from.as_str()), ("to", to.as_str())];
    let reads = teams.iter().map(|team| client.list_indicator_values(team.id, &query));
    let values: Vec<_> = futures::future::join_all(reads).await.into_iter().flatten().flatten().collect();
    Ok(latest_period(&values).unwrap_or(fallback))
}

fn open(navigator: &Navigator, filter: &ScorecardFilter, replace: bool) {
    let pairs = filter.pairs();
    let _ = if replace {
        navigator.replace_with_query(&Route::TeamScorecard, pairs)
    } else {
        navigator.push_with_query(&Route::TeamScorecard, pairs)
    };
}

#[derive(Properties, PartialEq)]
pub struct ScorecardTableProps {
    pub lines: Rc<Vec<ScorecardLine>>,
    pub filter: ScorecardFilter,
}

/// The scorecard's lines as a table.
#[component]
pub fn ScorecardTable(props: &ScorecardTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let (province, group) = (&props.filter.province_id, &props.filter.area_group_id);
    let heading = rank_heading(province, group);
    let (national_first, province_first) = (heading == "scorecard.rank_national", heading == "scorecard.rank_province");
    html! {
        <div class="table-wrap">
            <table data-testid="scorecard-table" class="scorecard">
                <thead>
                    <tr>
                        <th scope="col" class="num">{ session.t(heading) }</th>
                        <th scope="col">{ session.t("teams.name") }</th>
                        <th scope="col">{ session.t("teams.province") }</th>
                        <th scope="col" class="num">{ session.t("scorecard.score") }</th>
                        <th scope="col">{ session.t("scorecard.trend") }</th>
                        // The rank the first column shows is not repeated.
                        if !national_first { <th scope="col" class="num">{ session.t("scorecard.rank_national") }</th> }
                        if !province_first { <th scope="col" class="num">{ session.t("scorecard.rank_province") }</th> }
                        <th scope="col">{ session.t("scorecard.rank_groups") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.lines.iter().map(|line| html! {
                        <tr data-testid="scorecard-row" key={line.team.id.to_string()} data-team-id={line.team.id.to_string()}>
                            <td class="num rank" data-testid="scorecard-rank">{ shown_rank(line, province, group) }</td>
                            <td class="team-name-cell">
                                <AppLink to={Route::CommunityTeam { id: line.team.id }}>{ &line.team.name }</AppLink>
                            </td>
                            <td>{ &line.province.name }</td>
                            <td class="num" data-testid="scorecard-score">{ format::decimal(lang, line.score, 2) }</td>
                            <td><Sparkline values={trend(line)} label={session.t("scorecard.trend")} decimals={2} /></td>
                            if !national_first { <td class="num">{ line.rank_national }</td> }
                            if !province_first { <td class="num">{ line.rank_province }</td> }
                            <td>{ group_ranks(line) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn Scorecard() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.team_scorecard"));
    let navigator = use_navigator();
    let toast = use_toast();
    let location = use_location();
    let filter = ScorecardFilter::from_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let needs_month = filter.period.is_empty();
    let latest = use_load(needs_month, |needs| async move {
        if needs {
            latest_month().await.map(Some)
        } else {
            Ok(None)
        }
    });
    {
        // The month found goes into the URL, so the page can be linked and exported as seen.
        let (navigator, filter) = (navigator.clone(), filter.clone());
        let found = latest.ready().cloned().flatten();
        use_effect_with(found, move |found| {
            if let (Some(period), Some(navigator)) = (found, navigator) {
                if filter.period.is_empty() {
                    open(&navigator, &ScorecardFilter { period: period.clone(), ..filter }, true);
                }
            }
        });
    }
    let apply = {
        let navigator = navigator.clone();
        Callback::from(move |next: ScorecardFilter| {
            if let Some(navigator) = &navigator {
                open(navigator, &next, false);
            }
        })
    };
    let paged = use_paged(filter.clone(), |filter: ScorecardFilter, cursor| async move {
        if filter.period.is_empty() {
            return Ok(danvan_domain::page::Page { items: Vec::new(), next_cursor: None });
        }
        api::community_teams::scorecard(&filter, cursor.as_deref(), PAGE).await
    });
    let map = use_load((), |()| async { api::client().team_map().await });
    let groups = use_load((), |()| async { api::client().all_area_groups(&[]).await });
    let exporting = use_state(|| false);

    let pick = |change: fn(&mut ScorecardFilter, String)| {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| {
            let mut next = filter.clone();
            change(&mut next, value);
            apply.emit(next);
        })
    };
    let step = |offset: i32| {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |_: MouseEvent| {
            apply.emit(ScorecardFilter { period: shift(&filter.period, offset), ..filter.clone() });
        })
    };
    let on_month = {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| {
            if danvan_domain::community_team::parse_period(value.trim()).is_some() {
                apply.emit(ScorecardFilter { period: value.trim().to_owned(), ..filter.clone() });
            }
        })
    };
    let export = |format: &'static str| {
        let (filter, exporting, toast) = (filter.clone(), exporting.clone(), toast.clone());
        Callback::from(move |_| {
            if *exporting || filter.period.is_empty() {
                return;
            }
            exporting.set(true);
            let (filter, exporting, toast) = (filter.clone(), exporting.clone(), toast.clone());
            spawn_local(async move {
                let answer = api::community_teams::export_scorecard(&filter, format, lang.code()).await;
                deliver(lang, answer, &format!("team-scorecard.{format}"), &toast);
                exporting.set(false);
            });
        })
    };
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    let provinces: Vec<(Uuid, String)> = map.ready().map(|list| province_choices(list)).unwrap_or_default();
    let group_choices: Vec<(Uuid, String)> =
        groups.ready().into_iter().flatten().map(|g| (g.id, g.name.clone())).collect();
    let any = t(lang, "teams.any");
    let list = &*paged.list;
    let heading = if filter.period.is_empty() {
        session.t("nav.team_scorecard").to_owned()
    } else {
        t(lang, "scorecard.title_of").replace("{month}", &period_label(&filter.period))
    };

    html! {
        <section data-testid="scorecard-page">
            <div class="page-head">
                <h1 data-testid="scorecard-heading">{ heading }</h1>
                <div class="actions">
                    <AppLink to={Route::CommunityTeams} class="button secondary">{ session.t("nav.community_teams") }</AppLink>
                </div>
            </div>
            <form class="card filters" role="search" aria-label={session.t("scorecard.filters")}
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="month-picker">
                    <TextField id="scorecard-period" field="period" label={session.t("teams.month")} kind="month"
                        value={filter.period.clone()} oninput={on_month} />
                    <div class="month-steps">
                        <button type="button" class="secondary small" data-testid="scorecard-previous" onclick={step(-1)}
                            disabled={filter.period.is_empty()} aria-label={session.t("scorecard.previous")}>{ "‹" }</button>
                        <button type="button" class="secondary small" data-testid="scorecard-next" onclick={step(1)}
                            disabled={filter.period.is_empty()} aria-label={session.t("scorecard.next")}>{ "›" }</button>
                    </div>
                </div>
                <SelectField id="scorecard-province" field="province_id" label={session.t("teams.province")}
                    value={filter.province_id.clone()} options={id_options(any, &provinces, &filter.province_id)}
                    onchange={pick(|f, v| {
                        f.province_id = v;
                        f.area_group_id.clear();
                    })} />
                <SelectField id="scorecard-group" field="area_group_id" label={session.t("teams.area_group")}
                    value={filter.area_group_id.clone()} options={id_options(any, &group_choices, &filter.area_group_id)}
                    onchange={pick(|f, v| {
                        f.area_group_id = v;
                        f.province_id.clear();
                    })} />
                <div class="actions">
                    <button type="button" class="secondary" data-testid="scorecard-export-csv" onclick={export("csv")}
                        disabled={*exporting || filter.period.is_empty()}>{ session.t("teams.export_csv") }</button>
                    <button type="button" class="secondary" data-testid="scorecard-export-xlsx" onclick={export("xlsx")}
                        disabled={*exporting || filter.period.is_empty()}>{ session.t("teams.export_xlsx") }</button>
                </div>
            </form>
            <p class="hint">{ session.t("scorecard.explain") }</p>
            if let Load::Failed(error) = &*latest { <ErrorNote error={error.clone()} /> }
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading || (filter.period.is_empty() && matches!(*latest, Load::Loading)) { <Loading /> }
                else if list.error.is_none() { <Empty key_name="scorecard.none" /> }
            } else {
                <ScorecardTable lines={list.items.clone()} filter={filter.clone()} />
                if list.next.is_some() {
                    <button type="button" class="secondary more" data-testid="scorecard-more" onclick={more} disabled={list.loading}>
                        { session.t(if list.loading { "loading" } else { "action.more" }) }
                    </button>
                }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, pages::community_teams::model::tests::named, testing::render};
    use danvan_domain::{
        community_team::{GroupRank, PeriodScore},
        role::Role,
    };

    #[tokio::test]
    async fn the_table_ranks_and_scores_in_both_languages() {
        fn view() -> Html {
            let line = ScorecardLine {
                id: Uuid::from_u128(1),
                team: named(1, "Tổ COVID phường Bến Nghé"),
                province: named(70, "Thành phố Hồ Chí Minh"),
                period: "2021-10".into(),
                score: 66.67,
                rank_national: 3,
                rank_province: 1,
                group_ranks: vec![GroupRank { area_group: named(80, "Nam Bộ"), rank: 2 }],
                trend: vec![
                    PeriodScore { period: "2021-09".into(), score: 50.0 },
                    PeriodScore { period: "2021-10".into(), score: 66.67 },
                ],
            };
            let filter = ScorecardFilter {
                period: "2021-10".into(),
                province_id: Uuid::from_u128(70).to_string(),
                ..ScorecardFilter::default()
            };
            html! { <ScorecardTable lines={Rc::new(vec![line])} {filter} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Leader), view).await;
        assert!(vi.contains("66,67") && vi.contains("Nam Bộ: 2") && vi.contains("Hạng trong tỉnh"), "{vi}");
        assert_eq!(vi.matches("Hạng trong tỉnh").count(), 1, "the province's rank shows once: {vi}");
        assert!(vi.contains(r#"data-testid="scorecard-rank" class="num rank">1<"#), "the province's rank leads: {vi}");
        let en = render(Lang::En, Some(Role::Leader), view).await;
        assert!(en.contains("66.67") && en.contains("Rank in province") && en.contains("sparkline"), "{en}");
    }
}
