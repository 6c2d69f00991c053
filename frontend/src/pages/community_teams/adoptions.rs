//! A recommended model's adoptions by other localities: each with its team, place, date and
//! what was adapted, and the adopting team's indicators over the six months before and the
//! six from the adoption (the means before and after, whether the change goes the good way,
//! and a line chart of one indicator with the adoption month marked). While the model is
//! recommended, the Office records an adoption by an existing team or by one registered
//! with it.

use crate::{
    api,
    components::{
        charts::{LineChart, Month},
        dates::{date, DateField},
        form::{begin_send, edit, field_message, show_failure, SelectField},
        hooks::use_debounced,
        link::AppLink,
        load::{use_load, Load},
        status::{ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::t,
    pages::community_teams::{
        form::{load_team_choices, TeamFields},
        model::{change_key, comparison_series, id_options, period_label, AdoptionDraft, TeamDraft},
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    community_team::{AdoptionComparison, ModelAdoption, TeamModel},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

/// Teams offered by the adoption form's search.
const TEAM_MATCHES: &str = "20";

#[derive(Properties, PartialEq)]
pub struct AdoptionsProps {
    pub model: TeamModel,
    pub reload: u32,
    pub on_changed: Callback<()>,
}

#[component]
pub fn Adoptions(props: &AdoptionsProps) -> Html {
    let session = use_session();
    let adoptions =
        use_load((props.model.id, props.reload), |(id, _)| async move { api::client().list_model_adoptions(id).await });
    let shown = props.model.adoption_count > 0 || props.model.can_record_adoption;
    if !shown && matches!(*adoptions, Load::Ready(ref list) if list.is_empty()) {
        return html! {};
    }
    html! {
        <section class="card model-adoptions" aria-labelledby="model-adoptions-heading" data-testid="model-adoptions">
            <h2 id="model-adoptions-heading">{ session.t("models.adoptions") }</h2>
            { match &*adoptions {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(list) if list.is_empty() => html! { <p class="empty">{ session.t("models.no_adoptions") }</p> },
                Load::Ready(list) => html! {
                    <ul class="adoption-list">
                        { for list.iter().map(|adoption| html! {
                            <AdoptionCard key={adoption.id.to_string()} adoption={adoption.clone()} />
                        }) }
                    </ul>
                },
            } }
            if props.model.can_record_adoption {
                <AdoptionForm model={props.model.clone()} on_changed={props.on_changed.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AdoptionCardProps {
    adoption: ModelAdoption,
}

#[component]
fn AdoptionCard(props: &AdoptionCardProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let adoption = &props.adoption;
    let comparison = use_load(adoption.id, |id| async move { api::client().model_adoption_comparison(id).await });
    html! {
        <li class="adoption" data-testid="adoption" data-adoption-id={adoption.id.to_string()}>
            <h3>
                <AppLink to={Route::CommunityTeam { id: adoption.team.id }} testid="adoption-team">{ &adoption.team.name }</AppLink>
            </h3>
            <p class="muted">
                { format!("{} · {} · ", adoption.area.name, adoption.province.name) }
                { t(lang, "models.adopted_on").replace("{date}", &date(lang, adoption.adopted_on)) }
            </p>
            if !adoption.adaptations.trim().is_empty() {
                <p class="prose">{ &adoption.adaptations }</p>
            }
            { match &*comparison {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(comparison) => html! { <Comparison comparison={comparison.clone()} /> },
            } }
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct ComparisonProps {
    pub comparison: Rc<AdoptionComparison>,
}

/// Before and after: a table of every indicator's means and a chart of one.
#[component]
pub fn Comparison(props: &ComparisonProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let comparison = &props.comparison;
    let chosen = use_state(|| None::<Uuid>);
    let with_values: Vec<_> = comparison.indicators.iter().filter(|i| !i.series.is_empty()).collect();
    if with_values.is_empty() {
        return html! { <p class="empty">{ session.t("models.no_comparison") }</p> };
    }
    let current =
        chosen.and_then(|id| with_values.iter().find(|i| i.indicator.id == id)).or(with_values.first()).copied();
    let marker = Month::of(comparison.adoption.adopted_on);
    let value = |v: Option<f64>| v.map(|v| format::decimal(lang, v, 2)).unwrap_or_else(|| "—".to_owned());
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |value: String| chosen.set(value.parse().ok()))
    };
    let options: Vec<(AttrValue, AttrValue)> = with_values
        .iter()
        .map(|i| (AttrValue::from(i.indicator.id.to_string()), AttrValue::from(i.indicator.name.clone())))
        .collect();
    let select_id = format!("comparison-pick-{}", comparison.adoption.id);
    html! {
        <div class="comparison" data-testid="comparison">
            <p class="hint">
                { t(lang, "models.comparison_span").replace("{from}", &period_label(&comparison.from_period))
                    .replace("{to}", &period_label(&comparison.to_period)) }
            </p>
            <div class="table-wrap">
                <table class="comparison-table" data-testid="comparison-table">
                    <thead>
                        <tr>
                            <th scope="col">{ session.t("teams.indicator") }</th>
                            <th scope="col" class="num">{ session.t("models.before") }</th>
                            <th scope="col" class="num">{ session.t("models.after") }</th>
                            <th scope="col">{ session.t("models.change") }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for comparison.indicators.iter().map(|i| {
                            let change = change_key(i);
                            html! {
                                <tr data-testid="comparison-row" key={i.indicator.id.to_string()}>
                                    <th scope="row">{ format!("{} ({})", i.indicator.name, i.unit) }</th>
                                    <td class="num">{ value(i.before) }</td>
                                    <td class="num">{ value(i.after) }</td>
                                    <td class={classes!(change.map(|key| key.rsplit('.').next().unwrap_or_default().to_owned()))}>
                                        { change.map(|key| session.t(key)).unwrap_or("—") }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if options.len() > 1 {
                <SelectField id={select_id} field="indicator" label={session.t("teams.indicator")}
                    value={current.map(|i| i.indicator.id.to_string()).unwrap_or_default()} {options} onchange={on_pick} />
            }
            if let Some(indicator) = current {
                <LineChart series={vec![comparison_series(indicator)]}
                    title={t(lang, "models.comparison_chart").replace("{name}", &indicator.indicator.name)}
                    unit={AttrValue::from(indicator.unit.clone())} marker={marker} decimals={2} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AdoptionFormProps {
    model: TeamModel,
    on_changed: Callback<()>,
}

/// Recording an adoption.
#[component]
fn AdoptionForm(props: &AdoptionFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let open = use_state(|| false);
    let draft = use_state(AdoptionDraft::default);
    let team = use_state(TeamDraft::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let search = use_state(String::new);
    let settled = use_debounced((*search).clone(), 300);
    let own = props.model.team.id;
    let matches = use_load((settled, *open), move |(q, open)| async move {
        if !open {
            return Ok(Vec::new());
        }
        let page = api::client().list_teams(&[("q", q.trim()), ("limit", TEAM_MATCHES)]).await?;
        Ok(page
            .items
            .into_iter()
            .filter(|t| t.id != own)
            .map(|t| (t.id, format!("{} — {}", t.name, t.province.name)))
            .collect::<Vec<_>>())
    });
    let choices = use_load(*open && draft.new_team, |wanted| async move {
        if wanted {
            load_team_choices().await.map(Some)
        } else {
            Ok(None)
        }
    });
    if !*open {
        let onclick = {
            let open = open.clone();
            Callback::from(move |_| open.set(true))
        };
        return html! {
            <div class="actions">
                <button type="button" class="primary" data-testid="adoption-add" {onclick}>{ session.t("models.record_adoption") }</button>
            </div>
        };
    }
    let onsubmit = {
        let (draft, team, errors, busy, key, toast, on_changed, model) = (
            draft.clone(),
            team.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            props.on_changed.clone(),
            props.model.id,
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = AdoptionDraft { team: (*team).clone(), ..(*draft).clone() }.to_request();
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (draft, errors, busy, key, toast, on_changed) =
                (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone(), on_changed.clone());
            spawn_local(async move {
                match api::client().record_model_adoption(model, &request, Some(&key)).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "models.adoption_recorded")));
                        draft.set(AdoptionDraft::default());
                        key.set(api::new_key());
                        on_changed.emit(());
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let choose = |new_team: bool| {
        let draft = draft.clone();
        Callback::from(move |_: Event| draft.set(AdoptionDraft { new_team, ..(*draft).clone() }))
    };
    let on_search = {
        let search = search.clone();
        Callback::from(move |event: InputEvent| search.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let found: Vec<(Uuid, String)> = matches.ready().cloned().unwrap_or_default();
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <form class="form adoption-form" novalidate=true {onsubmit} data-testid="adoption-form">
            <h3>{ session.t("models.record_adoption") }</h3>
            <fieldset class="choice">
                <legend>{ session.t("models.adopting_team") }</legend>
                <div class="field check">
                    <input type="radio" id="adoption-existing" name="adoption-team-kind" data-testid="adoption-existing"
                        checked={!draft.new_team} onchange={choose(false)} />
                    <label for="adoption-existing">{ session.t("models.existing_team") }</label>
                </div>
                <div class="field check">
                    <input type="radio" id="adoption-new" name="adoption-team-kind" data-testid="adoption-new"
                        checked={draft.new_team} onchange={choose(true)} />
                    <label for="adoption-new">{ session.t("models.new_team") }</label>
                </div>
            </fieldset>
            if draft.new_team {
                { match &*choices {
                    Load::Ready(loaded) if loaded.is_some() => html! {
                        <TeamFields draft={team.clone()} errors={(*errors).clone()}
                            choices={Rc::new(loaded.as_ref().clone().unwrap_or_default())}
                            id_prefix="adoption-team" field_prefix="new_team." />
                    },
                    Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                    _ => html! { <Loading /> },
                } }
            } else {
                <div class="field">
                    <label for="adoption-search">{ session.t("models.find_team") }</label>
                    <input id="adoption-search" data-testid="adoption-search" type="search" value={(*search).clone()}
                        oninput={on_search} autocomplete="off" placeholder={session.t("teams.search_hint")} />
                </div>
                <SelectField id="adoption-team-id" field="team_id" label={session.t("models.team")} value={draft.team_id.clone()}
                    options={id_options(t(lang, "teams.choose"), &found, &draft.team_id)}
                    onchange={edit(&draft, |d, v| d.team_id = v)} error={field_message(lang, &errors, "team_id")} />
            }
            <DateField id="adoption-date" field="adopted_on" label={session.t("models.adoption_date")} required=true
                value={draft.adopted_on} onchange={edit(&draft, |d, v| d.adopted_on = v)}
                error={field_message(lang, &errors, "adopted_on")} />
            <TextAreaField id="adoption-adaptations" field="adaptations" label={session.t("models.adaptations")} rows={3}
                value={draft.adaptations.clone()} oninput={edit(&draft, |d, v| d.adaptations = v)}
                error={field_message(lang, &errors, "adaptations")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="adoption-submit" disabled={*busy}>
                    { session.t("models.record_adoption") }
                </button>
                <button type="button" class="secondary" onclick={close}>{ session.t("action.close") }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, pages::community_teams::model::tests::named, testing::render};
    use chrono::NaiveDate;
    use danvan_domain::{
        community_team::{IndicatorComparison, PeriodScore},
        role::Role,
    };

    #[tokio::test]
    async fn a_comparison_tells_before_and_after_and_marks_the_adoption() {
        fn view() -> Html {
            let adoption = ModelAdoption {
                id: Uuid::from_u128(1),
                model_id: Uuid::from_u128(2),
                team: named(3, "Tổ COVID xã An Bình"),
                area: named(4, "Xã An Bình"),
                province: named(5, "Tỉnh Đồng Nai"),
                adopted_on: NaiveDate::from_ymd_opt(2021, 10, 1).unwrap_or_default(),
                adaptations: String::new(),
                recorded_by: named(6, "Cán bộ Văn phòng"),
                version: 1,
                created_at: chrono::DateTime::UNIX_EPOCH,
            };
            let series = ["2021-08", "2021-09", "2021-10", "2021-11"]
                .iter()
                .zip([10.0, 20.0, 30.0, 50.0])
                .map(|(p, score)| PeriodScore { period: (*p).into(), score })
                .collect();
            let comparison = AdoptionComparison {
                adoption,
                from_period: "2021-04".into(),
                to_period: "2022-03".into(),
                indicators: vec![IndicatorComparison {
                    indicator: named(7, "Số hộ được bao phủ"),
                    unit: "hộ".into(),
                    higher_is_better: true,
                    before: Some(15.0),
                    after: Some(40.0),
                    improved: Some(true),
                    series,
                }],
            };
            html! { <Comparison comparison={Rc::new(comparison)} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(
            vi.contains("Tốt lên") && vi.contains("15") && vi.contains("40") && vi.contains("Áp dụng: 10/2021"),
            "{vi}"
        );
        assert!(vi.contains("4/2021") && vi.contains("3/2022"), "{vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("Better") && en.contains("Adopted: 10/2021"), "{en}");
    }
}
