//! One community team: its facts; its line in the scorecard (score, ranks, trend) for the
//! latest month it recorded; its indicators over time with the month form
//! ([`super::indicators`]); its roster ([`super::roster`]); its activity log with photos
//! ([`super::activities`]); its history as a model, and the form that nominates it. What
//! the caller may change follows the team's `can_manage` and `can_nominate`.

use crate::{
    api::{self, Tagged},
    components::{
        charts::Sparkline,
        dates::{date, today},
        form::{begin_send, field_message, show_failure},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        model_status::ModelStatusBadge,
        query_link::QueryLink,
        status::{ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::t,
    pages::{
        community_teams::{
            activities::ActivityLog,
            indicators::TeamIndicators,
            list::TeamStatusBadge,
            model::{group_ranks, latest_period, live_model, period_label, trend, values_span, NominationDraft},
            photos::Attachments,
            roster::Roster,
        },
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    attachment::AttachmentOwnerKind,
    community_team::{IndicatorValue, Team, TeamModel},
    validation::FieldError,
};
use std::rc::Rc;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::use_navigator;

#[component]
pub fn TeamPage(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("teams.detail"));
    let reload = use_state(|| 0u32);
    let team = use_load((props.id, *reload), |(id, _)| async move { api::client().get_team(id).await });
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match &*team {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(team) => html! { <TeamView team={team.clone()} {on_changed} /> },
    }
}

#[derive(Properties, PartialEq)]
struct TeamViewProps {
    team: Rc<Tagged<Team>>,
    on_changed: Callback<()>,
}

#[component]
fn TeamView(props: &TeamViewProps) -> Html {
    let session = use_session();
    let team = &props.team.value;
    let values_reload = use_state(|| 0u32);
    let (from, to) = values_span(team.founded_on, today());
    let values = use_load((team.id, from, to, *values_reload), |(id, from, to, _)| async move {
        api::client().list_indicator_values(id, &[("from", from.as_str()), ("to", to.as_str())]).await
    });
    let indicators = use_load((), |()| async { api::client().list_team_indicators(None).await });
    let models_reload = use_state(|| 0u32);
    let models = use_load((team.id, *models_reload), |(id, _)| async move {
        api::client().all_team_models(&[("team_id", id.to_string().as_str())]).await
    });
    let on_values = {
        let values_reload = values_reload.clone();
        Callback::from(move |()| values_reload.set(values_reload.wrapping_add(1)))
    };
    let on_models = {
        let models_reload = models_reload.clone();
        Callback::from(move |()| models_reload.set(models_reload.wrapping_add(1)))
    };
    let value_list: Rc<Vec<IndicatorValue>> = Rc::new(values.ready().cloned().unwrap_or_default());
    html! {
        <section data-testid="team-page">
            <TeamFacts team={props.team.clone()} />
            if let Load::Ready(_) = &*values {
                <TeamScore team={team.clone()} values={value_list.clone()} />
            }
            { match (&*indicators, &*values) {
                (Load::Failed(error), _) | (_, Load::Failed(error)) => html! { <ErrorNote error={error.clone()} /> },
                (Load::Ready(indicators), Load::Ready(_)) => html! {
                    <TeamIndicators team={team.clone()} indicators={indicators.clone()} values={value_list.clone()}
                        on_changed={on_values} />
                },
                _ => html! { <Loading /> },
            } }
            <Roster team={team.clone()} />
            <ActivityLog team={team.clone()} />
            <section class="card" data-testid="team-files">
                <h2>{ session.t("teams.files") }</h2>
                <Attachments owner_kind={AttachmentOwnerKind::Team} owner={team.id} can_attach={team.can_manage} />
            </section>
            { match &*models {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(models) => html! {
                    <TeamModels team={team.clone()} models={models.clone()} on_changed={on_models} />
                },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TeamFactsProps {
    team: Rc<Tagged<Team>>,
}

#[component]
fn TeamFacts(props: &TeamFactsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let team = &props.team.value;
    let fact = |label: &'static str, value: Html| html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> };
    let dash = |text: &str| if text.trim().is_empty() { "—".to_owned() } else { text.to_owned() };
    html! {
        <>
            <div class="page-head">
                <h1 data-testid="team-name">{ &team.name }</h1>
                <div class="actions">
                    <TeamStatusBadge status={team.status} testid="team-status" />
                    if team.can_manage {
                        <AppLink to={Route::TeamEdit { id: team.id }} class="button secondary" testid="team-edit">
                            { session.t("action.edit") }
                        </AppLink>
                    }
                </div>
            </div>
            <div class="card">
                if !team.description.trim().is_empty() {
                    <p class="team-description" data-testid="team-description">{ &team.description }</p>
                }
                <dl class="facts">
                    { fact("teams.kind", html! { &team.kind.name }) }
                    { fact("teams.commune", html! { &team.area.name }) }
                    { fact("teams.province", html! {
                        <QueryLink to={Route::CommunityTeams} query={vec![("province_id", team.province.id.to_string())]}>
                            { &team.province.name }
                        </QueryLink>
                    }) }
                    { fact("teams.founded_on", html! { date(lang, team.founded_on) }) }
                    { fact("teams.households", html! { format::number(lang, team.households_covered) }) }
                    { fact("teams.partner_body", html! { dash(&team.partner_body) }) }
                    { fact("teams.org_unit", html! { team.org_unit.as_ref().map_or("—".to_owned(), |u| u.name.clone()) }) }
                    { fact("teams.updated_at", html! { format::datetime(lang, &team.updated_at) }) }
                </dl>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TeamScoreProps {
    team: Team,
    values: Rc<Vec<IndicatorValue>>,
}

/// The team's line of the scorecard for the latest month it recorded.
#[component]
fn TeamScore(props: &TeamScoreProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let period = latest_period(&props.values);
    let line = use_load((props.team.id, period.clone()), |(team, period)| async move {
        match period {
            Some(period) => api::community_teams::scorecard_line(team, &period).await,
            None => Ok(None),
        }
    });
    let body = match (&*line, &period) {
        (_, None) => html! { <p class="empty">{ session.t("teams.no_score") }</p> },
        (Load::Loading, _) => html! { <Loading /> },
        (Load::Failed(error), _) => html! { <ErrorNote error={error.clone()} /> },
        (Load::Ready(found), Some(period)) => match found.as_ref() {
            None => html! { <p class="empty">{ session.t("teams.no_score") }</p> },
            Some(line) => {
                let groups = group_ranks(line);
                html! {
                    <>
                        <dl class="facts score-facts">
                            <dt>{ session.t("scorecard.score") }</dt>
                            <dd><strong class="score" data-testid="team-score">{ format::decimal(lang, line.score, 2) }</strong></dd>
                            <dt>{ session.t("scorecard.rank_national") }</dt>
                            <dd data-testid="team-rank-national">{ line.rank_national }</dd>
                            <dt>{ session.t("scorecard.rank_province") }</dt>
                            <dd>{ line.rank_province }</dd>
                            if !groups.is_empty() {
                                <dt>{ session.t("scorecard.rank_groups") }</dt>
                                <dd>{ groups }</dd>
                            }
                            <dt>{ session.t("scorecard.trend") }</dt>
                            <dd><Sparkline values={trend(line)} label={session.t("scorecard.trend")} decimals={2} /></dd>
                        </dl>
                        <QueryLink to={Route::TeamScorecard} testid="team-scorecard-link"
                            query={vec![("period", period.clone()), ("province_id", props.team.province.id.to_string())]}>
                            { session.t("teams.see_scorecard") }
                        </QueryLink>
                    </>
                }
            }
        },
    };
    let heading = match &period {
        Some(period) => t(lang, "teams.score_of").replace("{month}", &period_label(period)),
        None => session.t("scorecard.score").to_owned(),
    };
    html! {
        <section class="card team-score" aria-labelledby="team-score-heading" data-testid="team-score-card">
            <h2 id="team-score-heading">{ heading }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TeamModelsProps {
    team: Team,
    models: Rc<Vec<TeamModel>>,
    on_changed: Callback<()>,
}

/// The team's models, newest first, and the nomination form while none is live.
#[component]
fn TeamModels(props: &TeamModelsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let mut models: Vec<&TeamModel> = props.models.iter().collect();
    models.sort_by_key(|m| std::cmp::Reverse(m.created_at));
    let live = live_model(&props.models);
    html! {
        <section class="card team-models" aria-labelledby="team-models-heading" data-testid="team-models">
            <h2 id="team-models-heading">{ session.t("teams.models") }</h2>
            if models.is_empty() {
                <p class="empty">{ session.t("teams.no_models") }</p>
            } else {
                <ul class="plain-list">
                    { for models.into_iter().map(|model| html! {
                        <li data-testid="team-model" key={model.id.to_string()}>
                            <AppLink to={Route::TeamModel { id: model.id }} testid="team-model-link">
                                { t(lang, "teams.model_of").replace("{date}", &format::datetime(lang, &model.created_at)) }
                            </AppLink>
                            { " " }
                            <ModelStatusBadge status={model.status} />
                        </li>
                    }) }
                </ul>
            }
            if props.team.can_nominate && live.is_none() {
                <NominateForm team={props.team.clone()} on_changed={props.on_changed.clone()} />
            } else if props.team.can_nominate {
                <p class="hint">{ session.t("teams.in_pipeline") }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NominateFormProps {
    team: Team,
    on_changed: Callback<()>,
}

/// Nominating the team: a rationale and evidence; the model's page opens.
#[component]
fn NominateForm(props: &NominateFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let toast = use_toast();
    let open = use_state(|| false);
    let draft = use_state(NominationDraft::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    if !*open {
        let onclick = {
            let open = open.clone();
            Callback::from(move |_| open.set(true))
        };
        return html! {
            <div class="actions">
                <button type="button" class="primary" data-testid="team-nominate" {onclick}>{ session.t("teams.nominate") }</button>
            </div>
        };
    }
    let onsubmit = {
        let (draft, errors, busy, key, toast, on_changed, team) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            props.on_changed.clone(),
            props.team.id,
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_request(team);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (errors, busy, key, toast, on_changed, navigator) =
                (errors.clone(), busy.clone(), (*key).clone(), toast.clone(), on_changed.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().nominate_team(&request, Some(&key)).await {
                    Ok(model) => {
                        toast.emit(Toast::success(t(lang, "teams.nominated")));
                        on_changed.emit(());
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::TeamModel { id: model.id });
                        }
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        if error.status() == Some(409) {
                            on_changed.emit(());
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    let set = |apply: fn(&mut NominationDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    html! {
        <form class="form nominate-form" novalidate=true {onsubmit} data-testid="nominate-form">
            <h3>{ session.t("teams.nominate") }</h3>
            <TextAreaField id="nominate-rationale" field="rationale" label={session.t("models.rationale")} required=true rows={4}
                value={draft.rationale.clone()} oninput={set(|d, v| d.rationale = v)} error={field_message(lang, &errors, "rationale")} />
            <TextAreaField id="nominate-evidence" field="evidence" label={session.t("models.evidence")} rows={3}
                hint={AttrValue::from(session.t("models.evidence_hint"))}
                value={draft.evidence.clone()} oninput={set(|d, v| d.evidence = v)} error={field_message(lang, &errors, "evidence")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="nominate-submit" disabled={*busy}>{ session.t("teams.nominate") }</button>
                <button type="button" class="secondary" onclick={Callback::from(move |_| open.set(false))}>
                    { session.t("action.cancel") }
                </button>
            </div>
        </form>
    }
}
