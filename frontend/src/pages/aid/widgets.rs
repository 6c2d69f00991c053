//! What aid's pages share: the autocomplete the desk and the stock forms type into, the
//! progress bars of campaigns, export and receipt buttons, the form that undoes a posted
//! record, status badges, and the table of donations a donor's and a campaign's pages show.

use crate::{
    api::{self, ApiError},
    components::{
        dates::date,
        download::deliver,
        form::{begin_send, check, edit, field_message, show_failure, FieldErrorText, TextField},
        link::AppLink,
        toast::{use_toast, Toast},
    },
    format,
    i18n::{t, Lang},
    pages::aid::model::{
        adjustment_status_label, campaign_status_label, channel_label, donor_name, money, reverse_request, step,
    },
    route::Route,
    state::use_session,
};
use danvan_client::{aid::Paper, Download};
use danvan_domain::{
    aid::{AdjustmentStatus, CampaignStatus, Donation, DonationChannel, Item},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

/// Rows per page of aid's lists.
pub const PAGE: u32 = 50;

/// Puts the keyboard focus on the element `id`, if the page has it.
pub fn focus(id: &str) {
    use web_sys::wasm_bindgen::JsCast;
    if let Some(element) = gloo::utils::document().get_element_by_id(id) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Focuses the element whose id `pending` holds once the page has drawn it (a line just
/// added, the first field of a fresh form), then forgets it.
#[hook]
pub fn use_pending_focus() -> UseStateHandle<Option<String>> {
    let pending = use_state(|| None::<String>);
    {
        let pending = pending.clone();
        use_effect(move || {
            if let Some(id) = (*pending).clone() {
                focus(&id);
                pending.set(None);
            }
        });
    }
    pending
}

/// The item list, retired items included (old records name them).
#[hook]
pub fn use_items() -> UseStateHandle<crate::components::load::Load<Vec<Item>>> {
    crate::components::load::use_load((), |()| async { api::client().list_aid_items(None).await })
}

// --- the autocomplete ---

/// One choice of an autocomplete.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub label: AttrValue,
    /// Said after the label, in grey (a donor's kind and tax code, an item's unit).
    pub detail: Option<AttrValue>,
}

#[derive(Properties, PartialEq)]
pub struct ComboboxProps {
    /// The input's id and `data-testid`; its options are `<id>-option`.
    pub id: AttrValue,
    /// The API field its errors come under.
    pub field: AttrValue,
    pub label: AttrValue,
    /// What is typed in the box.
    pub value: AttrValue,
    pub oninput: Callback<String>,
    pub choices: Vec<Choice>,
    /// The index of the choice picked (Enter, or a click).
    pub onpick: Callback<usize>,
    /// Keys the box does not handle itself: Enter while the list is closed, for one.
    #[prop_or_default]
    pub onkeydown: Callback<KeyboardEvent>,
    /// The choices are being looked for: Enter waits rather than picking a stale one.
    #[prop_or_default]
    pub searching: bool,
    /// Said in the open list when nothing matches (else the list stays closed).
    #[prop_or_default]
    pub empty_text: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
}

/// A text box with a list of choices under it (the WAI-ARIA combobox): typing opens the
/// list with its first choice active, ↓ and ↑ move through it, Enter picks the active
/// choice, Escape closes it. Nothing needs the mouse.
#[component]
pub fn Combobox(props: &ComboboxProps) -> Html {
    let session = use_session();
    let open = use_state(|| false);
    let active = use_state(|| None::<usize>);
    let len = props.choices.len();
    let current = (*active).filter(|a| *a < len);
    let shown = *open && (len > 0 || props.searching || props.empty_text.is_some());
    let list_id = format!("{}-list", props.id);
    let option_id = |index: usize| format!("{}-option-{index}", props.id);

    let oninput = {
        let (oninput, open, active) = (props.oninput.clone(), open.clone(), active.clone());
        Callback::from(move |event: InputEvent| {
            open.set(true);
            active.set(Some(0));
            oninput.emit(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onkeydown = {
        let (open, active, onpick, forward, searching) =
            (open.clone(), active.clone(), props.onpick.clone(), props.onkeydown.clone(), props.searching);
        Callback::from(move |event: KeyboardEvent| {
            let modified = event.ctrl_key() || event.meta_key() || event.alt_key();
            match event.key().as_str() {
                "ArrowDown" | "ArrowUp" if !modified => {
                    event.prevent_default();
                    let down = event.key() == "ArrowDown";
                    if *open {
                        active.set(step(current, len, down));
                    } else {
                        open.set(true);
                        active.set(step(None, len, down));
                    }
                }
                "Enter" if !modified && *open && current.is_some() => {
                    event.prevent_default();
                    open.set(false);
                    if let Some(index) = current {
                        onpick.emit(index);
                    }
                }
                "Enter" if !modified && *open && searching => event.prevent_default(),
                "Escape" if *open => {
                    event.prevent_default();
                    open.set(false);
                }
                _ => forward.emit(event),
            }
        })
    };
    let onblur = {
        let open = open.clone();
        Callback::from(move |_: FocusEvent| open.set(false))
    };
    let described: Vec<String> = [(props.hint.is_some(), "hint"), (props.error.is_some(), "error")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, kind)| format!("{}-{kind}", props.id))
        .collect();
    html! {
        <div class={classes!("field", "combobox", props.error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>
                { props.label.clone() }
                if props.required { <span class="req" aria-hidden="true">{ " *" }</span> }
            </label>
            <input id={props.id.clone()} name={props.field.clone()} data-testid={props.id.clone()} type="text"
                role="combobox" aria-autocomplete="list" aria-expanded={if shown { "true" } else { "false" }}
                aria-controls={list_id.clone()} aria-activedescendant={current.filter(|_| shown).map(option_id)}
                autocomplete="off" spellcheck="false" value={props.value.clone()} placeholder={props.placeholder.clone()}
                {oninput} {onkeydown} {onblur}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))} />
            if shown {
                <ul id={list_id} role="listbox" class="results card" aria-label={props.label.clone()}
                    data-testid={format!("{}-options", props.id)}>
                    if len == 0 && props.searching {
                        <li class="muted" role="presentation">{ session.t("aid.searching") }</li>
                    } else if len == 0 {
                        <li class="muted" role="presentation" data-testid={format!("{}-none", props.id)}>
                            { props.empty_text.clone().unwrap_or_default() }
                        </li>
                    }
                    { for props.choices.iter().enumerate().map(|(index, choice)| {
                        let selected = current == Some(index);
                        let onclick = {
                            let (onpick, open) = (props.onpick.clone(), open.clone());
                            Callback::from(move |_: MouseEvent| {
                                open.set(false);
                                onpick.emit(index);
                            })
                        };
                        // Keeps the focus in the box, so that its blur does not close the list first.
                        let onmousedown = Callback::from(|event: MouseEvent| event.prevent_default());
                        html! {
                            <li id={option_id(index)} role="option" aria-selected={if selected { "true" } else { "false" }}
                                class={classes!("tree-label", selected.then_some("selected"))}
                                data-testid={format!("{}-option", props.id)} {onclick} {onmousedown}>
                                { choice.label.clone() }
                                if let Some(detail) = &choice.detail { <span class="muted">{ format!(" · {detail}") }</span> }
                            </li>
                        }
                    }) }
                </ul>
            }
            if let Some(hint) = &props.hint { <p class="hint" id={format!("{}-hint", props.id)}>{ hint.clone() }</p> }
            if let Some(error) = &props.error {
                <FieldErrorText field={props.field.clone()} input={props.id.clone()} message={error.clone()} />
            }
        </div>
    }
}

// --- a choice among a few ---

#[derive(Properties, PartialEq)]
pub struct SegmentsProps {
    /// Prefix of the buttons' ids and test ids: `<id>-<value>`.
    pub id: AttrValue,
    pub legend: AttrValue,
    /// `(value, label)` in order.
    pub options: Vec<(&'static str, AttrValue)>,
    pub value: &'static str,
    pub onchange: Callback<&'static str>,
}

/// A radio group drawn as joined buttons (the WAI-ARIA radio group): Tab reaches the
/// chosen one, the arrow keys (and Home, End) choose another.
#[component]
pub fn Segments(props: &SegmentsProps) -> Html {
    let len = props.options.len();
    let current = props.options.iter().position(|(value, _)| *value == props.value).unwrap_or(0);
    let choose = {
        let (options, onchange, id) = (props.options.clone(), props.onchange.clone(), props.id.clone());
        move |index: usize| {
            if let Some((value, _)) = options.get(index) {
                onchange.emit(value);
                focus(&format!("{id}-{value}"));
            }
        }
    };
    let onkeydown = {
        let choose = choose.clone();
        Callback::from(move |event: KeyboardEvent| {
            let next = match event.key().as_str() {
                "ArrowRight" | "ArrowDown" => Some((current + 1) % len.max(1)),
                "ArrowLeft" | "ArrowUp" => Some((current + len.max(1) - 1) % len.max(1)),
                "Home" => Some(0),
                "End" => Some(len.saturating_sub(1)),
                _ => None,
            };
            if let Some(next) = next {
                event.prevent_default();
                choose(next);
            }
        })
    };
    let legend_id = format!("{}-legend", props.id);
    html! {
        <div class="field">
            <span id={legend_id.clone()}><strong>{ props.legend.clone() }</strong></span>
            <div class="segments" role="radiogroup" aria-labelledby={legend_id} data-testid={props.id.clone()} {onkeydown}>
                { for props.options.iter().enumerate().map(|(index, (value, label))| {
                    let on = index == current;
                    let onclick = {
                        let choose = choose.clone();
                        Callback::from(move |_: MouseEvent| choose(index))
                    };
                    let id = format!("{}-{value}", props.id);
                    html! {
                        <button type="button" {id} data-testid={format!("{}-{value}", props.id)} role="radio"
                            class={classes!("segment", on.then_some("on"))} aria-checked={if on { "true" } else { "false" }}
                            tabindex={if on { "0" } else { "-1" }} {onclick}>
                            { label.clone() }
                        </button>
                    }
                }) }
            </div>
        </div>
    }
}

// --- figures ---

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub label: AttrValue,
    /// The figure reached and the target, as the reader writes them.
    pub value: AttrValue,
    pub target: Option<AttrValue>,
    /// Percent of the target; no bar without a target.
    pub percent: Option<f64>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A labelled progress bar: "Đã nhận: 1.500.000 ₫ / 5.000.000 ₫ (30%)".
#[component]
pub fn Progress(props: &ProgressProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let text = match (&props.target, props.percent) {
        (Some(target), Some(percent)) => {
            format!(
                "{} / {} ({}%)",
                props.value,
                target,
                format::decimal(lang, percent, if percent < 10.0 { 1 } else { 0 })
            )
        }
        (Some(target), None) => format!("{} / {}", props.value, target),
        (None, _) => props.value.to_string(),
    };
    html! {
        <div class="item-progress" data-testid={props.testid.clone()}>
            <span>{ format!("{}:", props.label) }</span>
            if let Some(percent) = props.percent {
                <progress max="100" value={format!("{:.1}", percent.clamp(0.0, 100.0))} aria-label={props.label.clone()}>
                    { format!("{percent:.0}%") }
                </progress>
            }
            <strong data-testid={props.testid.as_ref().map(|id| format!("{id}-text"))}>{ text }</strong>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CampaignStatusBadgeProps {
    pub status: CampaignStatus,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[component]
pub fn CampaignStatusBadge(props: &CampaignStatusBadgeProps) -> Html {
    let session = use_session();
    let class = match props.status {
        CampaignStatus::Planned => "status-new",
        CampaignStatus::Open => "status-done",
        CampaignStatus::Closed => "off",
    };
    html! {
        <span class={classes!("badge", "status", class)} data-testid={props.testid.clone()} data-status={props.status.as_str()}>
            { campaign_status_label(session.lang(), props.status) }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct AdjustmentStatusBadgeProps {
    pub status: AdjustmentStatus,
}

#[component]
pub fn AdjustmentStatusBadge(props: &AdjustmentStatusBadgeProps) -> Html {
    let session = use_session();
    let class = match props.status {
        AdjustmentStatus::Pending => "status-in_progress",
        AdjustmentStatus::Approved => "status-done",
        AdjustmentStatus::Rejected => "status-cancelled",
    };
    html! {
        <span class={classes!("badge", "status", class)} data-testid="adjustment-status" data-status={props.status.as_str()}>
            { adjustment_status_label(session.lang(), props.status) }
        </span>
    }
}

/// A badge saying a posted record was undone.
#[component]
pub fn ReversedBadge() -> Html {
    let session = use_session();
    html! { <span class="badge status status-blocked" data-testid="reversed">{ session.t("aid.reversed") }</span> }
}

// --- files ---

#[derive(Properties, PartialEq)]
pub struct ExportButtonsProps {
    /// Prefix of the buttons' test ids: `<prefix>-csv`, `<prefix>-xlsx`.
    pub testid: AttrValue,
    /// Called with `csv` or `xlsx`.
    pub onexport: Callback<&'static str>,
    pub busy: bool,
}

#[component]
pub fn ExportButtons(props: &ExportButtonsProps) -> Html {
    let session = use_session();
    let button = |format: &'static str, key: &'static str| {
        let onexport = props.onexport.clone();
        html! {
            <button type="button" class="secondary" data-testid={format!("{}-{format}", props.testid)} disabled={props.busy}
                onclick={Callback::from(move |_| onexport.emit(format))}>{ session.t(key) }</button>
        }
    };
    html! { <>{ button("csv", "aid.export_csv") }{ button("xlsx", "aid.export_xlsx") }</> }
}

/// Starts an export: `fetch` reads the file, which is then saved as `fallback` unless the
/// answer names it; `busy` guards against a second click meanwhile.
pub fn export<F, Fut>(lang: Lang, busy: &UseStateHandle<bool>, toast: &Callback<Toast>, fallback: String, fetch: F)
where
    F: FnOnce() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<Download, ApiError>> + 'static,
{
    if **busy {
        return;
    }
    busy.set(true);
    let (busy, toast) = (busy.clone(), toast.clone());
    spawn_local(async move {
        deliver(lang, fetch().await, &fallback, &toast);
        busy.set(false);
    });
}

/// An object URL of `bytes` as a `type` Blob (a PDF the browser shows rather than saves).
/// The Blob is built through its constructor, as the crate's web-sys does not describe
/// its options.
fn blob_url(bytes: &[u8], content_type: &str) -> Option<String> {
    use js_sys::{Array, Function, Object, Reflect, Uint8Array};
    use web_sys::wasm_bindgen::{JsCast, JsValue};
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("type"), &JsValue::from_str(content_type)).ok()?;
    let constructor: Function = Reflect::get(&js_sys::global(), &JsValue::from_str("Blob")).ok()?.dyn_into().ok()?;
    let blob = Reflect::construct(&constructor, &Array::of2(&parts, &options)).ok()?;
    web_sys::Url::create_object_url_with_blob(blob.unchecked_ref()).ok()
}

/// Opens a donation's receipt: a tab opens at once (while the click still counts as the
/// user's, so no pop-up blocker stops it), the PDF is fetched with the session's token and
/// shown in it; without a tab it is saved instead.
pub fn open_receipt(lang: Lang, id: Uuid, paper: Paper, number: String, toast: Callback<Toast>) {
    use web_sys::wasm_bindgen::JsValue;
    let window = gloo::utils::window();
    let tab = window.open_with_url_and_target("", "_blank").ok().flatten();
    spawn_local(async move {
        let answer = api::client().donation_receipt(id, paper).await;
        let download = match answer {
            Ok(download) => download,
            Err(error) => {
                if let Some(tab) = &tab {
                    let _ = tab.close();
                }
                toast.emit(Toast::error(lang, &error));
                return;
            }
        };
        let name = download.file_name().unwrap_or_else(|| format!("{number}-{}.pdf", paper.as_str()));
        let shown = tab.as_ref().and_then(|tab| {
            let url = blob_url(&download.bytes, "application/pdf")?;
            let location = js_sys::Reflect::get(tab, &JsValue::from_str("location")).ok()?;
            js_sys::Reflect::set(&location, &JsValue::from_str("href"), &JsValue::from_str(&url)).ok()?;
            // The tab has read the object long before this runs.
            gloo::timers::callback::Timeout::new(120_000, move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            })
            .forget();
            Some(())
        });
        if shown.is_none() {
            if let Some(tab) = &tab {
                let _ = tab.close();
            }
            deliver(lang, Ok(download), &name, &toast);
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct ReceiptButtonsProps {
    pub donation: Uuid,
    pub receipt_number: AttrValue,
    /// Prefix of the element ids and test ids: `<prefix>-a4`, `<prefix>-a5`.
    #[prop_or(AttrValue::Static("receipt"))]
    pub prefix: AttrValue,
}

/// "In biên nhận A4" and "In biên nhận A5".
#[component]
pub fn ReceiptButtons(props: &ReceiptButtonsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let button = |paper: Paper, key: &'static str| {
        let (toast, id, number) = (toast.clone(), props.donation, props.receipt_number.to_string());
        let onclick = Callback::from(move |_| open_receipt(lang, id, paper, number.clone(), toast.clone()));
        let testid = format!("{}-{}", props.prefix, paper.as_str());
        html! { <button type="button" class="primary" id={testid.clone()} data-testid={testid} {onclick}>{ session.t(key) }</button> }
    };
    html! { <>{ button(Paper::A4, "aid.receipt_a4") }{ button(Paper::A5, "aid.receipt_a5") }</> }
}

// --- undoing a posted record ---

/// What a reversal undoes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reversible {
    Donation(Uuid),
    CashEntry(Uuid),
    Transfer(Uuid),
}

#[derive(Properties, PartialEq)]
pub struct ReverseFormProps {
    pub target: Reversible,
    /// Prefix of the ids and test ids (`<prefix>-open`, `<prefix>-reason`, `<prefix>-submit`).
    pub prefix: AttrValue,
    /// The button's catalogue key.
    #[prop_or("aid.reverse")]
    pub button: &'static str,
    pub on_done: Callback<()>,
}

/// A "reverse" button that asks why, then undoes the record.
#[component]
pub fn ReverseForm(props: &ReverseFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let open = use_state(|| false);
    let reason = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let id = |part: &str| format!("{}-{part}", props.prefix);
    if !*open {
        let (open, prefix) = (open.clone(), props.prefix.clone());
        let onclick = Callback::from(move |_| {
            open.set(true);
            let reason = format!("{prefix}-reason");
            gloo::timers::callback::Timeout::new(0, move || focus(&reason)).forget();
        });
        return html! {
            <button type="button" class="danger small" data-testid={id("open")} {onclick}>{ session.t(props.button) }</button>
        };
    }
    let onsubmit = {
        let (reason, errors, busy, toast, on_done, target, open) = (
            reason.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            props.on_done.clone(),
            props.target,
            open.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = reverse_request(&reason);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, check(Ok(()))) {
                return;
            }
            let (errors, busy, toast, on_done, open) =
                (errors.clone(), busy.clone(), toast.clone(), on_done.clone(), open.clone());
            spawn_local(async move {
                let client = api::client();
                let answer = match target {
                    Reversible::Donation(id) => client.reverse_donation(id, &request).await.map(drop),
                    Reversible::CashEntry(id) => client.reverse_cash_entry(id, &request).await.map(drop),
                    Reversible::Transfer(id) => client.reverse_stock_transfer(id, &request).await.map(drop),
                };
                busy.set(false);
                match answer {
                    Ok(()) => {
                        toast.emit(Toast::success(t(lang, "aid.reversed_done")));
                        open.set(false);
                        on_done.emit(());
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        if error.status() == Some(409) {
                            on_done.emit(());
                        }
                    }
                }
            });
        })
    };
    let cancel = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <form class="form reveal-form notice" novalidate=true {onsubmit} data-testid={id("form")}>
            <TextField id={id("reason")} field="reason" label={session.t("aid.reverse_reason")} required=true
                value={(*reason).clone()} oninput={edit(&reason, |r, v| *r = v)}
                error={field_message(lang, &errors, "reason")} hint={AttrValue::from(session.t("aid.reverse_hint"))} />
            <div class="actions">
                <button type="submit" class="danger" data-testid={id("submit")} disabled={*busy}>{ session.t(props.button) }</button>
                <button type="button" class="secondary" onclick={cancel}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

// --- donations ---

/// What a donation brought: its cash, or its goods' estimated value.
pub fn donation_amount(lang: Lang, donation: &Donation) -> String {
    match donation.channel {
        DonationChannel::InKind => {
            let lines = donation.lines.len();
            let goods = t(lang, if lines == 1 { "aid.goods_lines_one" } else { "aid.goods_lines" })
                .replace("{n}", &lines.to_string());
            format!("{goods} · {}", money(lang, donation.goods_value))
        }
        _ => money(lang, donation.cash_amount),
    }
}

#[derive(Properties, PartialEq)]
pub struct DonationTableProps {
    pub donations: Rc<Vec<Donation>>,
    #[prop_or(true)]
    pub show_donor: bool,
    #[prop_or(true)]
    pub show_campaign: bool,
}

/// Donations as a table: receipt, day, donor, campaign, channel, amount.
#[component]
pub fn DonationTable(props: &DonationTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    html! {
        <div class="table-wrap">
            <table data-testid="donations-table">
                <thead>
                    <tr>
                        <th scope="col">{ session.t("aid.receipt_number") }</th>
                        <th scope="col">{ session.t("aid.received_on") }</th>
                        if props.show_donor { <th scope="col">{ session.t("aid.donor") }</th> }
                        if props.show_campaign { <th scope="col">{ session.t("aid.campaign") }</th> }
                        <th scope="col">{ session.t("aid.channel") }</th>
                        <th scope="col" class="num">{ session.t("aid.amount") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.donations.iter().map(|d| html! {
                        <tr key={d.id.to_string()} data-testid="donation-row" class={classes!(d.reversal.is_some().then_some("inactive"))}>
                            <td class="nowrap">
                                <AppLink to={Route::Donation { id: d.id }} testid="donation-link">{ &d.receipt_number }</AppLink>
                                if d.reversal.is_some() { { " " }<ReversedBadge /> }
                            </td>
                            <td class="nowrap">{ date(lang, d.received_on) }</td>
                            if props.show_donor {
                                <td>{ match &d.donor {
                                    Some(donor) => html! { <AppLink to={Route::Donor { id: donor.id }}>{ &donor.name }</AppLink> },
                                    None => html! { <span class="muted">{ donor_name(lang, None) }</span> },
                                } }</td>
                            }
                            if props.show_campaign {
                                <td><AppLink to={Route::Campaign { id: d.campaign.id }}>{ &d.campaign.name }</AppLink></td>
                            }
                            <td>{ channel_label(lang, d.channel) }</td>
                            <td class="num nowrap">{ donation_amount(lang, d) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct MoreButtonProps {
    pub testid: AttrValue,
    pub loading: bool,
    pub onclick: Callback<()>,
}

/// "Xem thêm": the next page of a list.
#[component]
pub fn MoreButton(props: &MoreButtonProps) -> Html {
    let session = use_session();
    let onclick = props.onclick.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="secondary more" data-testid={props.testid.clone()} {onclick} disabled={props.loading}>
            { session.t(if props.loading { "loading" } else { "action.more" }) }
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::render;
    use chrono::{DateTime, NaiveDate, Utc};
    use danvan_domain::{aid::DonationLine, aid::ItemUnit, aid::Quantity, named::NamedRef, role::Role};

    pub fn donation(n: u128, channel: DonationChannel) -> Donation {
        let named = |id: u128, name: &str| NamedRef { id: Uuid::from_u128(id), name: name.into() };
        Donation {
            id: Uuid::from_u128(n),
            receipt_number: format!("BN-2021-{n:06}"),
            donor: (n % 2 == 1).then(|| named(100, "Công ty TNHH Hoàng Phúc")),
            campaign: named(200, "Chung tay vì Thành phố Hồ Chí Minh"),
            pledge_id: None,
            received_on: NaiveDate::from_ymd_opt(2021, 8, 20).unwrap_or_default(),
            channel,
            bank_reference: None,
            cash_amount: if channel == DonationChannel::InKind { 0 } else { 1_500_000 },
            lines: if channel == DonationChannel::InKind {
                vec![DonationLine {
                    item: named(1, "Gạo"),
                    unit: ItemUnit::Kg,
                    quantity: Quantity::units(500),
                    estimated_value: 7_500_000,
                }]
            } else {
                vec![]
            },
            goods_value: if channel == DonationChannel::InKind { 7_500_000 } else { 0 },
            location: None,
            note: String::new(),
            recorded_by: named(300, "Cán bộ Văn phòng (demo)"),
            reversal: None,
            can_reverse: false,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[tokio::test]
    async fn donations_show_money_the_readers_way() {
        fn view() -> Html {
            let donations = Rc::new(vec![donation(1, DonationChannel::Cash), donation(2, DonationChannel::InKind)]);
            html! { <DonationTable {donations} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains("BN-2021-000001") && vi.contains("1.500.000 ₫") && vi.contains("7.500.000 ₫"), "{vi}");
        assert!(vi.contains("Ẩn danh") && vi.contains("Tiền mặt") && vi.contains("20/08/2021"), "{vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("₫1,500,000") && en.contains("Anonymous") && en.contains("In kind"), "{en}");
    }

    #[tokio::test]
    async fn a_combobox_is_labelled_and_closed_until_typed_in() {
        fn view() -> Html {
            let choices = vec![Choice { label: "Gạo".into(), detail: Some("kg".into()) }];
            html! {
                <Combobox id="desk-donor" field="donor_id" label="Nhà hảo tâm" value="" oninput={Callback::noop()}
                    {choices} onpick={Callback::noop()} required=true />
            }
        }
        let html = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(html.contains(r#"<label for="desk-donor">"#) && html.contains(r#"role="combobox""#), "{html}");
        assert!(html.contains(r#"aria-expanded="false""#) && !html.contains(r#"role="listbox""#), "{html}");
    }
}
