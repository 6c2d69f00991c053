//! A team's indicators over time: a line chart of one indicator at a time (picked among
//! those in use or with values), and, for those who manage the team, the form that
//! records a month's values (filled with what the month holds; an emptied field removes
//! its value).

use crate::{
    api,
    components::{
        charts::LineChart,
        dates::today,
        form::{begin_send, field_message, message, show_failure, SelectField, TextField},
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::community_teams::model::{
        charted_indicators, default_period, indicator_name, indicator_series, latest_period, recorded_indicators,
        ValuesDraft,
    },
    state::use_session,
};
use danvan_domain::{
    community_team::{IndicatorValue, Team, TeamIndicator},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

#[derive(Properties, PartialEq)]
pub struct TeamIndicatorsProps {
    pub team: Team,
    pub indicators: Rc<Vec<TeamIndicator>>,
    pub values: Rc<Vec<IndicatorValue>>,
    pub on_changed: Callback<()>,
}

#[component]
pub fn TeamIndicators(props: &TeamIndicatorsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let shown = charted_indicators(&props.indicators, &props.values);
    let chosen = use_state(|| None::<Uuid>);
    let current = chosen.and_then(|id| shown.iter().find(|i| i.id == id)).or_else(|| shown.first()).cloned();
    let choices: Vec<(Uuid, String)> = shown.iter().map(|i| (i.id, indicator_name(lang, i))).collect();
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |value: String| chosen.set(value.parse().ok()))
    };
    let chart = match &current {
        Some(indicator) => {
            let series = vec![indicator_series(lang, indicator, &props.values)];
            let title = t(lang, "teams.indicator_chart").replace("{name}", &indicator_name(lang, indicator));
            html! { <LineChart {series} title={title} unit={AttrValue::from(indicator.unit.clone())} decimals={2} /> }
        }
        None => html! { <p class="empty">{ session.t("teams.no_indicators") }</p> },
    };
    html! {
        <section class="card team-indicators" aria-labelledby="team-indicators-heading" data-testid="team-indicators">
            <h2 id="team-indicators-heading">{ session.t("teams.indicators") }</h2>
            if choices.len() > 1 {
                <SelectField id="team-indicator-pick" field="indicator" label={session.t("teams.indicator")}
                    value={current.as_ref().map(|i| i.id.to_string()).unwrap_or_default()}
                    options={choices.iter().map(|(id, name)| (AttrValue::from(id.to_string()), AttrValue::from(name.clone()))).collect::<Vec<_>>()}
                    onchange={on_pick} />
            }
            { chart }
            if props.team.can_manage {
                <ValuesForm team={props.team.clone()} indicators={props.indicators.clone()} values={props.values.clone()}
                    on_changed={props.on_changed.clone()} />
            }
        </section>
    }
}

/// Recording a month's values.
#[component]
fn ValuesForm(props: &TeamIndicatorsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let indicators = recorded_indicators(&props.indicators);
    let start = latest_period(&props.values).unwrap_or_else(|| default_period(today()));
    let draft = use_state(|| ValuesDraft::of(lang, &start, &props.values));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let on_period = {
        let (draft, values) = (draft.clone(), props.values.clone());
        Callback::from(move |period: String| draft.set(ValuesDraft::of(lang, period.trim(), &values)))
    };
    let onsubmit = {
        let (draft, errors, busy, toast, on_changed, team, indicators) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            props.on_changed.clone(),
            props.team.id,
            indicators.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_request(lang, &indicators);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (errors, busy, toast, on_changed) = (errors.clone(), busy.clone(), toast.clone(), on_changed.clone());
            spawn_local(async move {
                match api::client().record_indicator_values(team, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "teams.values_saved")));
                        on_changed.emit(());
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form class="form values-form" novalidate=true {onsubmit} data-testid="values-form">
            <h3>{ session.t("teams.record_values") }</h3>
            <TextField id="values-period" field="period" label={session.t("teams.month")} kind="month" required=true
                value={draft.period.clone()} oninput={on_period} error={field_message(lang, &errors, "period")}
                hint={AttrValue::from(session.t("teams.values_hint"))} />
            <div class="values-grid">
                { for indicators.iter().enumerate().map(|(index, indicator)| {
                    let oninput = {
                        let (draft, id) = (draft.clone(), indicator.id);
                        Callback::from(move |value: String| {
                            let mut next = (*draft).clone();
                            next.values.insert(id, value);
                            draft.set(next);
                        })
                    };
                    let field = ValuesDraft::field(index);
                    html! {
                        <TextField id={format!("values-{}", indicator.code)} field={field.clone()}
                            label={format!("{} ({})", indicator_name(lang, indicator), indicator.unit)}
                            value={draft.values.get(&indicator.id).cloned().unwrap_or_default()} {oninput}
                            error={field_message(lang, &errors, &field)} />
                    }
                }) }
            </div>
            if let Some(error) = errors.iter().find(|e| e.field == "values") {
                <p class="form-error">{ message(lang, error) }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="values-submit" disabled={*busy}>{ session.t("action.save") }</button>
            </div>
        </form>
    }
}
