//! The desk: where an operator enters the donations that come in, with the keyboard only.
//!
//! The fields come in the order a donation is told: who gives (type a name, ↓/↑ and Enter
//! pick a donor, or "anonymous"), the campaign (open ones only), how it came (arrow keys
//! between cash, bank transfer and in kind), then the amount typed the Vietnamese way
//! (`1.500.000`, echoed as read) with the bank's reference for a transfer, or the place
//! and the goods: an item typed and picked as the donor is, its quantity, its estimated
//! value, and Enter on that value adds the next line. Enter on a filled field moves on;
//! Enter on the amount, on an empty new line or anywhere with Ctrl saves. The receipt
//! number then shows large with the buttons that print the receipt on A4 or A5 and
//! "another donation", which brings the focus back to the donor.

use crate::{
    api,
    components::{
        dates::{today, DateField},
        form::{begin_send, edit, field_message, show_failure, SelectField, TextField},
        hooks::{use_debounced, use_title},
        link::AppLink,
        load::{use_load, Load},
        status::{ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::aid::{
        model::{
            channel_label, desk_query, donor_kind_label, id_options, item_matches, item_name, money, money_echo,
            offers_anonymous, quantity_echo, taken_items, DonationDraft, DonorChoice, GoodsDraft, SUGGESTIONS,
        },
        widgets::{focus, use_pending_focus, Choice, Combobox, ReceiptButtons, Segments},
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    aid::{Campaign, Donation, DonationChannel, Donor, Item, Location},
    named::NamedRef,
    validation::FieldError,
};
use std::rc::Rc;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::use_location;

/// The element ids the focus moves between.
const DONOR: &str = "desk-donor";
const CAMPAIGN: &str = "desk-campaign";

fn line_id(index: usize, part: &str) -> String {
    format!("desk-line-{index}-{part}")
}

/// What the desk offers: open campaigns, active items, active locations.
#[derive(Clone, Debug, PartialEq)]
struct DeskChoices {
    campaigns: Vec<Campaign>,
    items: Vec<Item>,
    locations: Vec<Location>,
}

async fn load_choices() -> Result<DeskChoices, api::ApiError> {
    let client = api::client();
    let campaigns = client.all_campaigns(&[("status", "open")]).await?;
    let items = client.list_aid_items(Some(true)).await?;
    let mut locations: Vec<Location> = client.all_aid_locations(&[]).await?.into_iter().filter(|l| l.active).collect();
    locations.sort_by_cached_key(|l| crate::text::fold(&l.name));
    Ok(DeskChoices { campaigns, items, locations })
}

#[component]
pub fn DonationNew() -> Html {
    let session = use_session();
    use_title(session.t("nav.donation_new"));
    let choices = use_load((), |()| load_choices());
    match &*choices {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(choices) => html! { <Desk choices={choices.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct DeskProps {
    choices: Rc<DeskChoices>,
}

#[component]
fn Desk(props: &DeskProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let location = use_location();
    let (campaign_from_link, donor_from_link) =
        desk_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let choices = &props.choices;
    let draft = {
        let campaigns = choices.campaigns.clone();
        use_state(move || {
            let mut draft = DonationDraft::new(today());
            // The campaign of the link, or the only one open.
            draft.campaign_id = campaign_from_link
                .filter(|id| campaigns.iter().any(|c| c.id == *id))
                .or_else(|| (campaigns.len() == 1).then(|| campaigns[0].id))
                .map(|id| id.to_string())
                .unwrap_or_default();
            draft
        })
    };
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let saved = use_state(|| None::<Donation>);
    let pending_focus = use_pending_focus();
    {
        // A donor named by the link (from the donor's page) is chosen already.
        let draft = draft.clone();
        use_effect_with(donor_from_link, move |donor| {
            if let Some(id) = *donor {
                spawn_local(async move {
                    if let Ok(found) = api::client().get_donor(id).await {
                        let mut next = (*draft).clone();
                        next.donor_query = found.value.name.clone();
                        next.donor = DonorChoice::Donor(NamedRef { id, name: found.value.name });
                        draft.set(next);
                    }
                });
            } else {
                focus(DONOR);
            }
        });
    }

    // The donors whose name has the words typed, once typing pauses.
    let settled = use_debounced(draft.donor_query.trim().to_owned(), 250);
    let picked_name = match &draft.donor {
        DonorChoice::Donor(donor) => Some(donor.name.clone()),
        DonorChoice::Anonymous => Some(t(lang, "aid.anonymous").to_owned()),
        DonorChoice::None => None,
    };
    let wanted = settled.clone();
    let donors = use_load(wanted, |q: String| async move {
        if q.is_empty() {
            return Ok((q, Vec::new()));
        }
        let limit = SUGGESTIONS.to_string();
        let page = api::client().list_donors(&[("q", q.as_str()), ("limit", limit.as_str())]).await?;
        Ok((q, page.items))
    });
    let typed = draft.donor_query.trim().to_owned();
    let searching = !typed.is_empty()
        && picked_name.as_deref() != Some(typed.as_str())
        && donors.ready().is_none_or(|(q, _)| *q != typed);
    let found: Vec<Donor> = match donors.ready() {
        Some((q, list)) if *q == typed => list.clone(),
        _ => Vec::new(),
    };
    let mut donor_choices: Vec<Choice> = found
        .iter()
        .map(|d| {
            let mut detail = donor_kind_label(lang, d.kind).to_owned();
            if let Some(code) = &d.tax_code {
                detail.push_str(&format!(" · {code}"));
            }
            Choice { label: AttrValue::from(d.name.clone()), detail: Some(AttrValue::from(detail)) }
        })
        .collect();
    if !searching && offers_anonymous(&typed) {
        donor_choices.push(Choice { label: AttrValue::from(t(lang, "aid.anonymous_option")), detail: None });
    }
    let on_donor_input = {
        let draft = draft.clone();
        Callback::from(move |text: String| {
            let mut next = (*draft).clone();
            next.donor_query = text;
            next.donor = DonorChoice::None;
            draft.set(next);
        })
    };
    let on_donor_pick = {
        let (draft, found, pending_focus) = (draft.clone(), found.clone(), pending_focus.clone());
        Callback::from(move |index: usize| {
            let mut next = (*draft).clone();
            match found.get(index) {
                Some(donor) => {
                    next.donor = DonorChoice::Donor(NamedRef { id: donor.id, name: donor.name.clone() });
                    next.donor_query = donor.name.clone();
                }
                None => {
                    next.donor = DonorChoice::Anonymous;
                    next.donor_query = t(lang, "aid.anonymous").to_owned();
                }
            }
            draft.set(next);
            pending_focus.set(Some(CAMPAIGN.to_owned()));
        })
    };
    // Enter on a chosen donor moves on; Enter before choosing does not save.
    let on_donor_key = {
        let chosen = draft.donor != DonorChoice::None;
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && !(event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                if chosen {
                    focus(CAMPAIGN);
                }
            }
        })
    };

    let submit = {
        let (draft, errors, busy, key, toast, saved, pending_focus) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            saved.clone(),
            pending_focus.clone(),
        );
        Callback::from(move |()| {
            let request = draft.to_request(lang);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                if let Some(first) = failed.first() {
                    focus_field(&first.field);
                }
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (errors, busy, key, toast, saved, pending_focus) =
                (errors.clone(), busy.clone(), key.clone(), toast.clone(), saved.clone(), pending_focus.clone());
            spawn_local(async move {
                match api::client().create_donation(&request, Some(&key)).await {
                    Ok(donation) => {
                        toast.emit(Toast::success(t(lang, "aid.donation_recorded")));
                        key.set(api::new_key());
                        saved.set(Some(donation));
                        // The first receipt button takes the focus: Enter prints.
                        pending_focus.set(Some("desk-receipt-a4".to_owned()));
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        if let Some(first) = error.field_errors().first() {
                            focus_field(&first.field);
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            submit.emit(());
        })
    };
    // Ctrl+Enter (⌘+Enter) saves from any field, the note included.
    let onkeydown = {
        let submit = submit.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                submit.emit(());
            }
        })
    };

    if let Some(donation) = &*saved {
        let another = {
            let (draft, saved, errors, pending_focus) =
                (draft.clone(), saved.clone(), errors.clone(), pending_focus.clone());
            Callback::from(move |_| {
                draft.set(draft.next());
                errors.set(Vec::new());
                saved.set(None);
                pending_focus.set(Some(DONOR.to_owned()));
            })
        };
        return html! { <Saved donation={donation.clone()} {another} /> };
    }

    let error = |field: &str| field_message(lang, &errors, field);
    let campaigns: Vec<(uuid::Uuid, String)> = choices.campaigns.iter().map(|c| (c.id, c.name.clone())).collect();
    let locations: Vec<(uuid::Uuid, String)> =
        choices.locations.iter().map(|l| (l.id, format!("{} ({})", l.name, l.province.name))).collect();
    let set_channel = {
        let draft = draft.clone();
        Callback::from(move |value: &'static str| {
            let mut next = (*draft).clone();
            next.channel = DonationChannel::parse(value).unwrap_or(next.channel);
            draft.set(next);
        })
    };
    let in_kind = draft.channel == DonationChannel::InKind;
    let donor_hint = match &draft.donor {
        DonorChoice::Donor(donor) => Some(t(lang, "aid.donor_chosen").replace("{name}", &donor.name)),
        DonorChoice::Anonymous => Some(t(lang, "aid.donor_anonymous").to_owned()),
        DonorChoice::None => Some(t(lang, "aid.donor_pick_hint").to_owned()),
    };
    html! {
        <section data-testid="desk-page">
            <div class="page-head">
                <h1>{ session.t("nav.donation_new") }</h1>
                <div class="actions">
                    <AppLink to={Route::DonorNew} class="button secondary" testid="desk-new-donor">{ session.t("aid.donor_new") }</AppLink>
                </div>
            </div>
            if choices.campaigns.is_empty() {
                <p class="notice" role="alert" data-testid="desk-no-campaign">{ session.t("aid.no_open_campaign") }</p>
            }
            <form class="card form" novalidate=true {onsubmit} {onkeydown} data-testid="desk-form"
                aria-describedby="desk-keys">
                <p class="hint" id="desk-keys">{ session.t("aid.desk_keys") }</p>
                <Combobox id={DONOR} field="donor_id" label={session.t("aid.donor")} required=true
                    value={draft.donor_query.clone()} oninput={on_donor_input} choices={donor_choices}
                    onpick={on_donor_pick} onkeydown={on_donor_key} {searching}
                    empty_text={AttrValue::from(session.t("aid.no_donor_found"))}
                    placeholder={AttrValue::from(session.t("aid.donor_search_hint"))}
                    hint={donor_hint.map(AttrValue::from)} error={error("donor_id")} />
                <SelectField id={CAMPAIGN} field="campaign_id" label={session.t("aid.campaign")}
                    value={draft.campaign_id.clone()} options={id_options(t(lang, "aid.choose"), &campaigns)}
                    onchange={edit(&draft, |d, v| d.campaign_id = v)} error={error("campaign_id")} />
                <Segments id="desk-channel" legend={session.t("aid.channel")} value={draft.channel.as_str()}
                    options={DonationChannel::ALL.iter().map(|c| (c.as_str(), AttrValue::from(channel_label(lang, *c)))).collect::<Vec<_>>()}
                    onchange={set_channel} />
                if in_kind {
                    <SelectField id="desk-location" field="location_id" label={session.t("aid.location_received")}
                        value={draft.location_id.clone()} options={id_options(t(lang, "aid.choose"), &locations)}
                        onchange={edit(&draft, |d, v| d.location_id = v)} error={error("location_id")} />
                    <GoodsLines draft={draft.clone()} items={Rc::new(choices.items.clone())} errors={(*errors).clone()}
                        pending_focus={pending_focus.clone()} />
                } else {
                    <div class="form-row">
                        <TextField id="desk-amount" field="cash_amount" label={session.t("aid.amount_vnd")} required=true
                            value={draft.amount.clone()} oninput={edit(&draft, |d, v| d.amount = v)} error={error("cash_amount")}
                            autocomplete="off" placeholder={AttrValue::from("1.500.000")}
                            hint={Some(AttrValue::from(money_echo(lang, &draft.amount).unwrap_or_else(|| t(lang, "aid.amount_hint").to_owned())))} />
                        if draft.channel == DonationChannel::BankTransfer {
                            <TextField id="desk-reference" field="bank_reference" label={session.t("aid.bank_reference")} required=true
                                value={draft.reference.clone()} oninput={edit(&draft, |d, v| d.reference = v)}
                                error={error("bank_reference")} autocomplete="off" />
                        }
                    </div>
                    <p class="sr-only" aria-live="polite" data-testid="desk-amount-echo">
                        { money_echo(lang, &draft.amount).unwrap_or_default() }
                    </p>
                }
                <div class="form-row">
                    <DateField id="desk-received-on" field="received_on" label={session.t("aid.received_on")} required=true
                        value={draft.received_on} onchange={edit(&draft, |d, v| d.received_on = v)} error={error("received_on")} />
                    <TextField id="desk-note" field="note" label={session.t("aid.note")}
                        value={draft.note.clone()} oninput={edit(&draft, |d, v| d.note = v)} error={error("note")} />
                </div>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="desk-submit" disabled={*busy || choices.campaigns.is_empty()}>
                        { session.t("aid.record") }
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Focuses the field an error names.
fn focus_field(field: &str) {
    focus(&field_element(field));
}

/// The element of the field an error names (`lines[2].quantity` is the quantity of line 3).
fn field_element(field: &str) -> String {
    match field {
        "donor_id" => DONOR.to_owned(),
        "campaign_id" => CAMPAIGN.to_owned(),
        "cash_amount" => "desk-amount".to_owned(),
        "bank_reference" => "desk-reference".to_owned(),
        "location_id" => "desk-location".to_owned(),
        "received_on" => "desk-received-on".to_owned(),
        "lines" => line_id(0, "item"),
        other => match other.strip_prefix("lines[").and_then(|rest| rest.split_once("].")) {
            Some((index, part)) => {
                let part = match part {
                    "item_id" => "item",
                    "estimated_value" => "value",
                    _ => "quantity",
                };
                line_id(index.parse().unwrap_or(0), part)
            }
            None => "desk-note".to_owned(),
        },
    }
}

#[derive(Properties, PartialEq)]
struct GoodsLinesProps {
    draft: UseStateHandle<DonationDraft>,
    items: Rc<Vec<Item>>,
    errors: Vec<FieldError>,
    pending_focus: UseStateHandle<Option<String>>,
}

/// The goods of a gift in kind, one line per item.
#[component]
fn GoodsLines(props: &GoodsLinesProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let draft = &props.draft;
    let error = |field: &str| field_message(lang, &props.errors, field);
    let count = draft.lines.len();
    let add_line = {
        let (draft, pending_focus) = (draft.clone(), props.pending_focus.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.lines.push(GoodsDraft::default());
            let index = next.lines.len() - 1;
            draft.set(next);
            pending_focus.set(Some(line_id(index, "item")));
        })
    };
    let lines = draft.lines.iter().enumerate().map(|(index, line)| {
        let taken = taken_items(&draft.lines, index);
        let matches: Vec<Item> = item_matches(&props.items, &line.query, &taken).into_iter().cloned().collect();
        let item = line.item_id.and_then(|id| props.items.iter().find(|i| i.id == id));
        let unit = item.map(|i| i.unit);
        let item_choices: Vec<Choice> = matches
            .iter()
            .map(|i| Choice { label: AttrValue::from(item_name(lang, i)), detail: Some(AttrValue::from(i.unit.symbol(lang))) })
            .collect();
        let set = |apply: fn(&mut GoodsDraft, String)| {
            let draft = draft.clone();
            Callback::from(move |value: String| {
                let mut next = (*draft).clone();
                if let Some(line) = next.lines.get_mut(index) {
                    apply(line, value);
                }
                draft.set(next);
            })
        };
        let on_pick = {
            let (draft, pending_focus) = (draft.clone(), props.pending_focus.clone());
            Callback::from(move |choice: usize| {
                let Some(item) = matches.get(choice) else { return };
                let mut next = (*draft).clone();
                if let Some(line) = next.lines.get_mut(index) {
                    line.item_id = Some(item.id);
                    line.query = item_name(lang, item);
                }
                draft.set(next);
                pending_focus.set(Some(line_id(index, "quantity")));
            })
        };
        // Enter on a chosen item moves to its quantity; on an empty line it saves.
        let on_item_key = {
            let (chosen, empty) = (line.item_id.is_some(), line.is_blank());
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Enter" && !(event.ctrl_key() || event.meta_key()) && !empty {
                    event.prevent_default();
                    if chosen {
                        focus(&line_id(index, "quantity"));
                    }
                }
            })
        };
        // Enter on the quantity moves to the value; Enter on the value adds the next line.
        let on_quantity_key = Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && !(event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                focus(&line_id(index, "value"));
            }
        });
        let on_value_key = {
            let (draft, pending_focus) = (draft.clone(), props.pending_focus.clone());
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Enter" && !(event.ctrl_key() || event.meta_key()) {
                    event.prevent_default();
                    if index + 1 == draft.lines.len() {
                        let mut next = (*draft).clone();
                        next.lines.push(GoodsDraft::default());
                        draft.set(next);
                    }
                    pending_focus.set(Some(line_id(index + 1, "item")));
                }
            })
        };
        let remove = {
            let (draft, pending_focus) = (draft.clone(), props.pending_focus.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = (*draft).clone();
                if next.lines.len() > 1 {
                    next.lines.remove(index);
                }
                let focus_on = index.min(next.lines.len().saturating_sub(1));
                draft.set(next);
                pending_focus.set(Some(line_id(focus_on, "item")));
            })
        };
        let quantity_label = match unit {
            Some(unit) => format!("{} ({})", t(lang, "aid.quantity"), unit.symbol(lang)),
            None => t(lang, "aid.quantity").to_owned(),
        };
        let field = |part: &str| format!("lines[{index}].{part}");
        html! {
            <fieldset class="desk-line" key={index} data-testid="desk-line">
                <legend>{ t(lang, "aid.line").replace("{n}", &(index + 1).to_string()) }</legend>
                <Combobox id={line_id(index, "item")} field={field("item_id")} label={session.t("aid.item")}
                    value={line.query.clone()} oninput={set(|l, v| { l.query = v; l.item_id = None; })} choices={item_choices}
                    onpick={on_pick} onkeydown={on_item_key} error={error(&field("item_id"))}
                    empty_text={AttrValue::from(session.t("aid.no_item_found"))} />
                <div class="form-row">
                    <div onkeydown={on_quantity_key}>
                        <TextField id={line_id(index, "quantity")} field={field("quantity")} label={quantity_label}
                            value={line.quantity.clone()} oninput={set(|l, v| l.quantity = v)} error={error(&field("quantity"))}
                            autocomplete="off" hint={quantity_echo(lang, &line.quantity, unit).map(AttrValue::from)} />
                    </div>
                    <div onkeydown={on_value_key}>
                        <TextField id={line_id(index, "value")} field={field("estimated_value")} label={session.t("aid.estimated_value")}
                            value={line.value.clone()} oninput={set(|l, v| l.value = v)} error={error(&field("estimated_value"))}
                            autocomplete="off" hint={Some(AttrValue::from(money_echo(lang, &line.value).unwrap_or_else(|| t(lang, "aid.value_hint").to_owned())))} />
                    </div>
                </div>
                if count > 1 {
                    <button type="button" class="link-button" data-testid="desk-line-remove" onclick={remove}
                        aria-label={t(lang, "aid.line_remove_n").replace("{n}", &(index + 1).to_string())}>
                        { session.t("aid.line_remove") }
                    </button>
                }
            </fieldset>
        }
    });
    html! {
        <fieldset data-testid="desk-lines">
            <legend>{ session.t("aid.goods") }</legend>
            if let Some(message) = error("lines").filter(|_| props.errors.iter().any(|e| e.field == "lines")) {
                <p class="field-error" data-testid="field-error-lines">{ message }</p>
            }
            { for lines }
            <div class="actions">
                <button type="button" class="secondary" data-testid="desk-line-add" onclick={add_line}>{ session.t("aid.line_add") }</button>
            </div>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct SavedProps {
    donation: Donation,
    another: Callback<MouseEvent>,
}

/// The donation just recorded: its receipt number, large, and what comes next.
#[component]
fn Saved(props: &SavedProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let donation = &props.donation;
    let what = match donation.channel {
        DonationChannel::InKind => money(lang, donation.goods_value),
        _ => money(lang, donation.cash_amount),
    };
    html! {
        <section data-testid="desk-page">
            <h1>{ session.t("nav.donation_new") }</h1>
            <div class="card" role="status" aria-live="polite" data-testid="desk-saved">
                <ul class="stats">
                    <li class="stat">
                        <span class="stat-label">{ session.t("aid.receipt_number") }</span>
                        <span class="stat-value" data-testid="desk-receipt-number">{ &donation.receipt_number }</span>
                        <span class="stat-detail">
                            { format!("{} · {} · {}", crate::pages::aid::model::donor_name(lang, donation.donor.as_ref()), channel_label(lang, donation.channel), what) }
                        </span>
                    </li>
                </ul>
                <div class="actions">
                    <ReceiptButtons donation={donation.id} receipt_number={donation.receipt_number.clone()} prefix="desk-receipt" />
                    <button type="button" class="secondary" id="desk-another" data-testid="desk-another" onclick={props.another.clone()}>
                        { session.t("aid.another") }
                    </button>
                    <AppLink to={Route::Donation { id: donation.id }} class="button secondary" testid="desk-open-donation">
                        { session.t("aid.open_donation") }
                    </AppLink>
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_lead_the_focus_to_their_field() {
        assert_eq!(field_element("donor_id"), DONOR);
        assert_eq!(field_element("lines[2].quantity"), "desk-line-2-quantity");
        assert_eq!(field_element("lines[0].item_id"), "desk-line-0-item");
        assert_eq!(field_element("lines[1].estimated_value"), "desk-line-1-value");
        assert_eq!(field_element("bank_reference"), "desk-reference");
    }
}
