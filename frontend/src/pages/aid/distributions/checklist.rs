//! The delivery checklist, made for a phone in the field: one large row per person (name,
//! household, address), one tap "Delivered" then the name of who signed, or "Not
//! delivered" then a reason; a filter between what is left to do and what is done. On a
//! slow connection each row changes at once and keeps the `Idempotency-Key` of its
//! delivery until the server answers ([`super::model::Checklist`]), so "Retry" after a
//! timeout is recorded once.

use super::model::{is_timeout, line_status_label, reason_label, Checklist, ChecklistFilter, RowState};
use crate::{
    api,
    components::{
        hooks::use_title,
        load::{use_load, Load},
        status::{ErrorNote, Loading},
    },
    i18n::t,
    pages::IdProps,
    state::use_session,
};
use danvan_domain::aid::{DeliverRequest, DistributionLine, LineStatus, NotDeliveredReason, NotDeliveredRequest};
use std::{cell::RefCell, rc::Rc};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

/// What a row asks of the user now.
#[derive(Debug, Clone, PartialEq)]
enum Asking {
    Nothing,
    Confirmation(Uuid),
    Reason(Uuid),
}

#[component]
pub fn DeliveryChecklist(props: &IdProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("distributions.checklist"));
    let id = props.id;
    let loaded = use_load(id, |id| async move {
        let round = api::client().get_distribution_round(id).await?.value;
        let lines = api::client().all_distribution_lines(id, &[]).await?;
        Ok((round, lines))
    });
    // The list lives in a shared cell so that answers arriving late update the rows they
    // are about, whatever the user did meanwhile; `tick` re-renders.
    let checklist = use_mut_ref(|| None::<Checklist>);
    let tick = use_state(|| 0u32);
    let filter = use_state(ChecklistFilter::default);
    let asking = use_state(|| Asking::Nothing);
    let typed = use_state(String::new);
    let (round, _) = match &*loaded {
        Load::Loading => return html! { <Loading /> },
        Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(pair) => {
            if checklist.borrow().is_none() {
                *checklist.borrow_mut() = Some(Checklist::new(pair.1.clone()));
            }
            (pair.0.clone(), ())
        }
    };
    let refresh = {
        let tick = tick.clone();
        Rc::new(move || tick.set(tick.wrapping_add(1)))
    };
    let deliver = deliver_callback(id, checklist.clone(), refresh.clone(), lang);
    let not_delivered = not_delivered_callback(id, checklist.clone(), refresh.clone(), lang);
    let list = checklist.borrow().clone().unwrap_or_default();
    let (done, left) = list.progress();
    let filter_button = |value: ChecklistFilter, key: &'static str, testid: &'static str| {
        let filter_state = filter.clone();
        html! {
            <button type="button" class={classes!("segment", (*filter == value).then_some("active"))} data-testid={testid}
                aria-pressed={(*filter == value).to_string()} onclick={Callback::from(move |_| filter_state.set(value))}>
                { t(lang, key) }
            </button>
        }
    };
    html! {
        <section class="page delivery-checklist" data-testid="checklist-page">
            <header class="checklist-head">
                <h1>{ &round.name }</h1>
                <p data-testid="checklist-progress">
                    { t(lang, "distributions.progress").replace("{done}", &done.to_string()).replace("{total}", &(done + left).to_string()) }
                </p>
                <div class="segments" role="group">
                    { filter_button(ChecklistFilter::ToDo, "distributions.filter.todo", "filter-todo") }
                    { filter_button(ChecklistFilter::Done, "distributions.filter.done", "filter-done") }
                    { filter_button(ChecklistFilter::All, "distributions.filter.all", "filter-all") }
                </div>
            </header>
            <ul class="checklist-rows">
                { for list.visible(*filter).into_iter().map(|line| {
                    let state = list.state(line.id);
                    row(lang, line, state, &asking, &typed, round.can_deliver, &deliver, &not_delivered)
                }) }
            </ul>
        </section>
    }
}

type Send<T> = Callback<(Uuid, T)>;

fn deliver_callback(
    round: Uuid,
    checklist: Rc<RefCell<Option<Checklist>>>,
    refresh: Rc<dyn Fn()>,
    lang: crate::i18n::Lang,
) -> Send<String> {
    Callback::from(move |(line, confirmation): (Uuid, String)| {
        let (key, previous) = {
            let mut cell = checklist.borrow_mut();
            let Some(list) = cell.as_mut() else { return };
            let Some(previous) = list.lines.iter().find(|row| row.id == line).cloned() else { return };
            let key = list.key_for(line, api::new_key);
            list.optimistic(line, LineStatus::Delivered, &confirmation);
            (key, previous)
        };
        refresh();
        let (checklist, refresh) = (checklist.clone(), refresh.clone());
        spawn_local(async move {
            let body = DeliverRequest { confirmation, note: String::new() };
            let answer = api::client().deliver_distribution_line(round, line, &body, Some(&key)).await;
            if let Some(list) = checklist.borrow_mut().as_mut() {
                match answer {
                    Ok(stored) => list.answered(stored),
                    Err(error) => {
                        let message = if error.code() == Some("insufficient_stock") {
                            t(lang, "distributions.insufficient_stock").to_owned()
                        } else {
                            crate::components::status::describe(lang, &error).0
                        };
                        list.failed(previous, message, is_timeout(error.status()));
                    }
                }
            }
            refresh();
        });
    })
}

fn not_delivered_callback(
    round: Uuid,
    checklist: Rc<RefCell<Option<Checklist>>>,
    refresh: Rc<dyn Fn()>,
    lang: crate::i18n::Lang,
) -> Send<NotDeliveredReason> {
    Callback::from(move |(line, reason): (Uuid, NotDeliveredReason)| {
        let previous = {
            let mut cell = checklist.borrow_mut();
            let Some(list) = cell.as_mut() else { return };
            let Some(previous) = list.lines.iter().find(|row| row.id == line).cloned() else { return };
            list.optimistic(line, LineStatus::NotDelivered, "");
            previous
        };
        refresh();
        let (checklist, refresh) = (checklist.clone(), refresh.clone());
        spawn_local(async move {
            let body = NotDeliveredRequest { reason, note: String::new() };
            let answer = api::client().not_delivered_distribution_line(round, line, &body).await;
            if let Some(list) = checklist.borrow_mut().as_mut() {
                match answer {
                    Ok(stored) => list.answered(stored),
                    Err(error) => list.failed(previous, crate::components::status::describe(lang, &error).0, false),
                }
            }
            refresh();
        });
    })
}

#[allow(clippy::too_many_arguments)]
fn row(
    lang: crate::i18n::Lang,
    line: &DistributionLine,
    state: RowState,
    asking: &UseStateHandle<Asking>,
    typed: &UseStateHandle<String>,
    can_deliver: bool,
    deliver: &Send<String>,
    not_delivered: &Send<NotDeliveredReason>,
) -> Html {
    let id = line.id;
    let open = line.status == LineStatus::Planned || line.status == LineStatus::NotDelivered;
    let ask = |what: Asking| {
        let (asking, typed) = (asking.clone(), typed.clone());
        Callback::from(move |_| {
            typed.set(String::new());
            asking.set(what.clone());
        })
    };
    let close = ask(Asking::Nothing);
    let body = match &**asking {
        Asking::Confirmation(line) if *line == id => {
            let on_input = {
                let typed = typed.clone();
                Callback::from(move |event: InputEvent| {
                    typed.set(event.target_unchecked_into::<HtmlInputElement>().value())
                })
            };
            let confirm = {
                let (deliver, typed, asking) = (deliver.clone(), typed.clone(), asking.clone());
                Callback::from(move |_| {
                    let name = typed.trim().to_owned();
                    if !name.is_empty() {
                        deliver.emit((id, name));
                        asking.set(Asking::Nothing);
                    }
                })
            };
            html! {
                <div class="row-ask">
                    <label for={format!("confirm-{id}")}>{ t(lang, "distributions.confirmation") }</label>
                    <input id={format!("confirm-{id}")} data-testid="confirmation" type="text" value={(**typed).clone()}
                        oninput={on_input} autocomplete="off" placeholder={t(lang, "distributions.confirmation_hint")} />
                    <div class="row-actions">
                        <button type="button" class="primary big" data-testid="confirm-delivery" disabled={typed.trim().is_empty()} onclick={confirm}>
                            { t(lang, "distributions.confirm") }
                        </button>
                        <button type="button" class="secondary big" onclick={close.clone()}>{ t(lang, "distributions.back") }</button>
                    </div>
                </div>
            }
        }
        Asking::Reason(line) if *line == id => html! {
            <div class="row-actions reasons">
                { for NotDeliveredReason::ALL.iter().map(|reason| {
                    let (not_delivered, asking, reason) = (not_delivered.clone(), asking.clone(), *reason);
                    html! {
                        <button type="button" class="secondary big" data-testid={format!("reason-{}", reason.as_str())}
                            onclick={Callback::from(move |_| { not_delivered.emit((id, reason)); asking.set(Asking::Nothing); })}>
                            { reason_label(lang, reason) }
                        </button>
                    }
                }) }
                <button type="button" class="secondary big" onclick={close}>{ t(lang, "distributions.back") }</button>
            </div>
        },
        _ if can_deliver && open && state != RowState::Sending => html! {
            <div class="row-actions">
                <button type="button" class="primary big" data-testid="deliver" onclick={ask(Asking::Confirmation(id))}>
                    { if matches!(state, RowState::Failed(_)) { t(lang, "distributions.retry") } else { t(lang, "distributions.deliver") } }
                </button>
                <button type="button" class="secondary big" data-testid="not-delivered" onclick={ask(Asking::Reason(id))}>
                    { t(lang, "distributions.not_delivered") }
                </button>
            </div>
        },
        _ => html! {},
    };
    html! {
        <li key={id.to_string()} class={classes!("checklist-row", line.status.as_str())} data-testid="checklist-row" data-line-id={id.to_string()}>
            <div class="who">
                <strong>{ &line.beneficiary.name }</strong>
                if let Some(household) = &line.household { <span class="household">{ household }</span> }
                <span class="address">{ format!("{} · {}", line.address, line.commune.name) }</span>
            </div>
            <div class="where" data-testid="row-status">
                { line_status_label(lang, line.status) }
                if let Some(reason) = line.reason { { format!(" · {}", reason_label(lang, reason)) } }
                if line.status == LineStatus::Delivered && !line.confirmation.is_empty() { { format!(" · {}", line.confirmation) } }
                if state == RowState::Sending { <span class="sending" role="status">{ t(lang, "distributions.sending") }</span> }
                if let RowState::Failed(message) = &state { <span class="row-error" role="alert">{ message.clone() }</span> }
            </div>
            { body }
        </li>
    }
}
