//! The round list (newest first, by status) and a round's page: its status, counts, what
//! each person gets, the moves the caller may make (the server's capability flags, never
//! re-derived here), and its people with the "leave out" button while it is a draft.

use super::model::{line_status_label, reason_label, round_status_label};
use crate::{
    api,
    components::{
        form::TextField,
        hooks::use_title,
        link::AppLink,
        load::{use_load, use_paged, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    format,
    pages::{
        aid::model::{enum_options, quantity},
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_client::distributions::RoundStep;
use danvan_domain::aid::{format_vnd, CancelRequest, DistributionRound, LineStatus, RoundStatus};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

#[component]
pub fn RoundList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.distributions"));
    let status = use_state(String::new);
    let paged = use_paged((*status).clone(), |status, cursor| async move {
        let cursor = cursor.unwrap_or_default();
        api::client().list_distribution_rounds(&[("status", status.as_str()), ("cursor", cursor.as_str())]).await
    });
    let on_status = {
        let status = status.clone();
        Callback::from(move |event: Event| {
            status.set(event.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
        })
    };
    let options = enum_options(RoundStatus::ALL, |s| s.as_str(), |s| round_status_label(lang, s), Some("aid.any"));
    let list = &*paged.list;
    html! {
        <section class="page distributions" data-testid="rounds-page">
            <header class="page-head">
                <h1>{ session.t("nav.distributions") }</h1>
                if session.state.can(danvan_domain::permission::Action::DistributionsManage) {
                    <AppLink to={Route::RoundNew} testid="round-new" class="button primary">{ session.t("distributions.new") }</AppLink>
                }
            </header>
            <div class="filters">
                <label for="round-status">{ session.t("distributions.status") }</label>
                <select id="round-status" data-testid="round-status" onchange={on_status}>
                    { for options.iter().map(|(value, label)| html! {
                        <option value={value.clone()} selected={*value == *status}>{ label.clone() }</option>
                    }) }
                </select>
            </div>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() && !list.loading { <Empty key_name="distributions.empty" /> }
            <ul class="round-cards">
                { for list.items.iter().map(|round| html! {
                    <li key={round.id.to_string()} class="round-card" data-testid="round-row">
                        <AppLink to={Route::Round { id: round.id }} testid="round-link">{ &round.name }</AppLink>
                        <span class={classes!("badge", round.status.as_str())}>{ round_status_label(lang, round.status) }</span>
                        <p class="meta">{ format!("{} · {}", round.campaign.name, round.area.name) }</p>
                        <p class="meta">{ counts(lang, round) }</p>
                    </li>
                }) }
            </ul>
            if list.loading { <Loading /> }
            if list.next.is_some() && !list.loading {
                <button type="button" class="secondary" onclick={paged.more.reform(|_| ())}>{ session.t("action.more") }</button>
            }
        </section>
    }
}

fn counts(lang: crate::i18n::Lang, round: &DistributionRound) -> String {
    crate::i18n::t(lang, "distributions.counts")
        .replace("{delivered}", &round.counts.delivered.to_string())
        .replace("{planned}", &round.counts.planned.to_string())
        .replace("{not_delivered}", &round.counts.not_delivered.to_string())
}

#[component]
pub fn RoundPage(props: &IdProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("distributions.round"));
    let toast = use_toast();
    let reload = use_state(|| 0u32);
    let id = props.id;
    let round = use_load((id, *reload), |(id, _)| async move { api::client().get_distribution_round(id).await });
    let lines = use_load((id, *reload), |(id, _)| async move { api::client().all_distribution_lines(id, &[]).await });
    let reason = use_state(String::new);
    let busy = use_state(|| false);
    let step = |step: Option<RoundStep>| {
        let (round, toast, reload, busy, reason) =
            (round.clone(), toast.clone(), reload.clone(), busy.clone(), reason.clone());
        Callback::from(move |_| {
            let Some(current) = round.ready().map(|tagged| tagged.value.clone()) else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let (toast, reload, busy, reason) = (toast.clone(), reload.clone(), busy.clone(), (*reason).clone());
            spawn_local(async move {
                let client = api::client();
                let answer = match step {
                    Some(step) => client.move_distribution_round(&current, step).await,
                    None => {
                        let etag = api::etag_of(current.version);
                        client.cancel_distribution_round(current.id, &etag, &CancelRequest { reason }).await
                    }
                };
                busy.set(false);
                match answer {
                    Ok(_) => {
                        toast.emit(Toast::success(crate::i18n::t(lang, "distributions.moved")));
                        reload.set(*reload + 1);
                    }
                    Err(error) => toast.emit(Toast::error(lang, &error)),
                }
            });
        })
    };
    let exclude = {
        let (toast, reload) = (toast.clone(), reload.clone());
        Callback::from(move |line: Uuid| {
            let (toast, reload) = (toast.clone(), reload.clone());
            spawn_local(async move {
                match api::client().exclude_distribution_line(id, line).await {
                    Ok(_) => reload.set(*reload + 1),
                    Err(error) => toast.emit(Toast::error(lang, &error)),
                }
            });
        })
    };
    let round = match &*round {
        Load::Loading => return html! { <Loading /> },
        Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(tagged) => tagged.value.clone(),
    };
    html! {
        <section class="page distributions" data-testid="round-page">
            <header class="page-head">
                <h1>{ &round.name }</h1>
                <span class={classes!("badge", round.status.as_str())} data-testid="round-status-badge">
                    { round_status_label(lang, round.status) }
                </span>
            </header>
            <dl class="facts">
                <dt>{ session.t("distributions.campaign") }</dt><dd>{ &round.campaign.name }</dd>
                <dt>{ session.t("distributions.area") }</dt><dd>{ &round.area.name }</dd>
                <dt>{ session.t("distributions.cash_each") }</dt><dd>{ format_vnd(round.cash_each, lang) }</dd>
                <dt>{ session.t("distributions.items") }</dt>
                <dd>{ round.items.iter().map(|g| format!("{} {}", g.item.name, quantity(lang, g.quantity, g.unit))).collect::<Vec<_>>().join(", ") }</dd>
                if let Some(location) = &round.location { <dt>{ session.t("distributions.location") }</dt><dd>{ &location.name }</dd> }
                <dt>{ session.t("distributions.categories") }</dt>
                <dd>{ round.categories.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ") }</dd>
                <dt>{ session.t("distributions.created_by") }</dt><dd>{ &round.created_by.name }</dd>
                if let Some(by) = &round.approved_by { <dt>{ session.t("distributions.approved_by") }</dt><dd>{ &by.name }</dd> }
            </dl>
            <p class="counts" data-testid="round-counts">{ counts(lang, &round) }</p>
            <div class="actions round-actions">
                if round.can_approve {
                    <button type="button" class="primary" data-testid="round-approve" disabled={*busy} onclick={step(Some(RoundStep::Approve))}>{ session.t("distributions.approve") }</button>
                }
                if round.can_start {
                    <button type="button" class="secondary" data-testid="round-start" disabled={*busy} onclick={step(Some(RoundStep::Start))}>{ session.t("distributions.start") }</button>
                }
                if round.can_deliver {
                    <AppLink to={Route::RoundChecklist { id: round.id }} testid="round-checklist" class="button primary">{ session.t("distributions.open_checklist") }</AppLink>
                }
                if round.can_complete {
                    <button type="button" class="primary" data-testid="round-complete" disabled={*busy} onclick={step(Some(RoundStep::Complete))}>{ session.t("distributions.complete") }</button>
                }
            </div>
            if round.can_cancel {
                <div class="cancel-round">
                    <TextField id="round-cancel-reason" field="reason" label={session.t("distributions.cancel_reason")}
                        value={(*reason).clone()} oninput={{ let reason = reason.clone(); Callback::from(move |v| reason.set(v)) }} />
                    <button type="button" class="danger" data-testid="round-cancel" disabled={*busy || reason.trim().chars().count() < 5} onclick={step(None)}>
                        { session.t("distributions.cancel") }
                    </button>
                </div>
            }
            { match &*lines {
                Load::Ready(lines) => html! {
                    <div class="table-wrap">
                        <table data-testid="round-lines">
                            <thead><tr>
                                <th scope="col">{ session.t("distributions.beneficiary") }</th>
                                <th scope="col">{ session.t("distributions.commune") }</th>
                                <th scope="col">{ session.t("distributions.status") }</th>
                                if round.can_edit { <th scope="col"></th> }
                            </tr></thead>
                            <tbody>
                                { for lines.iter().map(|line| html! {
                                    <tr key={line.id.to_string()} data-testid="round-line">
                                        <td>{ &line.beneficiary.name }<br /><small>{ &line.address }</small></td>
                                        <td>{ &line.commune.name }</td>
                                        <td>
                                            { line_status_label(lang, line.status) }
                                            if let Some(reason) = line.reason { { format!(" · {}", reason_label(lang, reason)) } }
                                            if let Some(at) = &line.delivered_at { <br /><small>{ format::datetime(lang, at) }</small> }
                                        </td>
                                        if round.can_edit {
                                            <td>
                                                if line.status == LineStatus::Planned {
                                                    <button type="button" class="secondary" data-testid="line-exclude"
                                                        onclick={{ let (exclude, line) = (exclude.clone(), line.id); Callback::from(move |_| exclude.emit(line)) }}>
                                                        { session.t("distributions.exclude") }
                                                    </button>
                                                }
                                            </td>
                                        }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Loading => html! { <Loading /> },
            } }
        </section>
    }
}
