//! Donors: the list (words of the name without diacritics or a tax code, the kind, kept in
//! the URL; "load more" paging; the export of the same rows), the form that adds one (a
//! business needs its tax code; a donor the server already has is named with a link to
//! it), and a donor's page: the facts, the masked phone and e-mail revealed with a reason,
//! the statement of what they gave, their donations and their pledges.

use crate::{
    api,
    components::{
        dates::date,
        form::{begin_send, check, edit, field_message, show_failure, Checkbox, SelectField, TextField},
        hooks::{use_debounced, use_title},
        link::AppLink,
        load::{use_load, use_paged, Load},
        status::{Empty, ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::{
        aid::{
            model::{
                borrowed, donor_kind_label, enum_options, money, named_item, pledge_status_label, quantity,
                with_export, with_paging, DonorDraft, DonorFilter,
            },
            widgets::{export, use_items, DonationTable, ExportButtons, MoreButton, PAGE},
        },
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_client::{aid::existing_donor, Tagged};
use danvan_domain::{
    aid::{Donor, DonorKind, Pledge, RevealedContact},
    named::NamedRef,
    permission::Action,
    personal::RevealRequest,
    validation::FieldError,
};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DonorTableProps {
    pub donors: Rc<Vec<Donor>>,
}

/// Donors as a table: name, kind, tax code, contact, phone (masked).
#[component]
pub fn DonorTable(props: &DonorTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    html! {
        <div class="table-wrap">
            <table data-testid="donors-table">
                <thead>
                    <tr>
                        <th scope="col">{ session.t("aid.donor_name") }</th>
                        <th scope="col">{ session.t("aid.donor_kind") }</th>
                        <th scope="col">{ session.t("aid.tax_code") }</th>
                        <th scope="col">{ session.t("aid.contact_person") }</th>
                        <th scope="col">{ session.t("aid.phone") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.donors.iter().map(|donor| html! {
                        <tr key={donor.id.to_string()} data-testid="donor-row">
                            <td class="team-name-cell">
                                <AppLink to={Route::Donor { id: donor.id }} testid="donor-link">{ &donor.name }</AppLink>
                            </td>
                            <td>{ donor_kind_label(lang, donor.kind) }</td>
                            <td class="nowrap">{ donor.tax_code.clone().unwrap_or_else(|| "—".into()) }</td>
                            <td>{ if donor.contact_person.is_empty() { "—".to_owned() } else { donor.contact_person.clone() } }</td>
                            <td class="nowrap mono">{ donor.phone.as_ref().map_or("—".to_owned(), |p| p.masked().to_owned()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn DonorList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.donors"));
    let navigator = use_navigator();
    let toast = use_toast();
    let location = use_location();
    let filter = DonorFilter::from_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let apply = {
        let navigator = navigator.clone();
        Callback::from(move |next: DonorFilter| {
            if let Some(navigator) = &navigator {
                let pairs = next.pairs();
                if pairs.is_empty() {
                    navigator.push(&Route::Donors);
                } else {
                    let _ = navigator.push_with_query(&Route::Donors, pairs);
                }
            }
        })
    };
    // Words typed reach the URL once typing pauses.
    let typed = use_state(|| filter.q.clone());
    let settled = use_debounced((*typed).clone(), 300);
    {
        let (filter, apply) = (filter.clone(), apply.clone());
        use_effect_with(settled, move |settled| {
            if settled.trim() != filter.q.trim() {
                apply.emit(DonorFilter { q: settled.trim().to_owned(), ..filter });
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
    let paged = use_paged(filter.clone(), |filter: DonorFilter, cursor| async move {
        let pairs = with_paging(filter.pairs(), cursor.as_deref(), PAGE);
        api::client().list_donors(&borrowed(&pairs)).await
    });
    let exporting = use_state(|| false);
    let onexport = {
        let (filter, exporting, toast) = (filter.clone(), exporting.clone(), toast.clone());
        Callback::from(move |format: &'static str| {
            let pairs = with_export(filter.pairs(), format, lang);
            export(lang, &exporting, &toast, format!("donors.{format}"), move || async move {
                api::client().export_donors(&borrowed(&pairs)).await
            });
        })
    };
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| typed.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_kind = {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| {
            apply.emit(DonorFilter { kind: DonorKind::parse(&value), ..filter.clone() })
        })
    };
    let clear = {
        let (apply, typed) = (apply.clone(), typed.clone());
        Callback::from(move |_| {
            typed.set(String::new());
            apply.emit(DonorFilter::default());
        })
    };
    let kinds = enum_options(DonorKind::ALL, |k| k.as_str(), |k| donor_kind_label(lang, k), Some(t(lang, "aid.any")));
    let list = &*paged.list;
    html! {
        <section data-testid="donors-page">
            <div class="page-head">
                <h1>{ session.t("nav.donors") }</h1>
                <div class="actions">
                    if session.state.can(Action::DonationsRecord) {
                        <AppLink to={Route::DonationNew} class="button secondary" testid="donors-record">{ session.t("nav.donation_new") }</AppLink>
                        <AppLink to={Route::DonorNew} class="button primary" testid="donor-new">{ session.t("aid.donor_new") }</AppLink>
                    }
                </div>
            </div>
            <form class="card filters" role="search" aria-label={session.t("aid.donor_filters")}
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field">
                    <label for="donors-filter-q">{ session.t("aid.donor_search") }</label>
                    <input id="donors-filter-q" data-testid="donors-filter-q" type="search" value={(*typed).clone()} {oninput}
                        autocomplete="off" placeholder={session.t("aid.donor_search_hint")} />
                </div>
                <SelectField id="donors-filter-kind" field="kind" label={session.t("aid.donor_kind")}
                    value={filter.kind.map(|k| k.as_str()).unwrap_or_default()} options={kinds} onchange={on_kind} />
                <div class="actions">
                    <button type="button" class="secondary" data-testid="donors-filter-clear" onclick={clear}
                        disabled={filter.is_empty()}>{ session.t("action.clear") }</button>
                    <ExportButtons testid="donors-export" {onexport} busy={*exporting} />
                </div>
            </form>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_donors" /> }
            } else {
                <DonorTable donors={list.items.clone()} />
                if list.next.is_some() {
                    <MoreButton testid="donors-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </section>
    }
}

/// The donor form's fields.
#[derive(Properties, PartialEq)]
struct DonorFieldsProps {
    draft: UseStateHandle<DonorDraft>,
    errors: Vec<FieldError>,
}

#[component]
fn DonorFields(props: &DonorFieldsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let draft = &props.draft;
    let error = |field: &str| field_message(lang, &props.errors, field);
    let kinds = enum_options(DonorKind::ALL, |k| k.as_str(), |k| donor_kind_label(lang, k), None);
    html! {
        <>
            <div class="form-row">
                <SelectField id="donor-kind" field="kind" label={session.t("aid.donor_kind")} value={draft.kind.as_str()}
                    options={kinds} onchange={edit(draft, |d, v: String| d.kind = DonorKind::parse(&v).unwrap_or(d.kind))}
                    error={error("kind")} />
                <TextField id="donor-tax-code" field="tax_code" label={session.t("aid.tax_code")} required={draft.needs_tax_code()}
                    value={draft.tax_code.clone()} oninput={edit(draft, |d, v| d.tax_code = v)} error={error("tax_code")}
                    hint={AttrValue::from(session.t("aid.tax_code_hint"))} autocomplete="off" />
            </div>
            <TextField id="donor-name" field="name" label={session.t("aid.donor_name")} required=true
                value={draft.name.clone()} oninput={edit(draft, |d, v| d.name = v)} error={error("name")} />
            <TextField id="donor-contact" field="contact_person" label={session.t("aid.contact_person")}
                value={draft.contact_person.clone()} oninput={edit(draft, |d, v| d.contact_person = v)} error={error("contact_person")} />
            <div class="form-row">
                <TextField id="donor-phone" field="phone" label={session.t("aid.phone")} kind="tel"
                    value={draft.phone.clone()} oninput={edit(draft, |d, v| d.phone = v)} error={error("phone")}
                    hint={AttrValue::from(session.t("aid.phone_hint"))} />
                <TextField id="donor-email" field="email" label={session.t("aid.email")} kind="email"
                    value={draft.email.clone()} oninput={edit(draft, |d, v| d.email = v)} error={error("email")} />
            </div>
            <Checkbox id="donor-consent" label={session.t("aid.public_consent")} checked={draft.public_consent}
                onchange={edit(draft, |d, v| d.public_consent = v)} />
            <TextAreaField id="donor-note" field="note" label={session.t("aid.note")} rows={2}
                value={draft.note.clone()} oninput={edit(draft, |d, v| d.note = v)} error={error("note")} />
        </>
    }
}

#[component]
pub fn DonorNew() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("aid.donor_new"));
    let navigator = use_navigator();
    let toast = use_toast();
    let draft = use_state(DonorDraft::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let duplicate = use_state(|| None::<NamedRef>);
    let onsubmit = {
        let (draft, errors, busy, key, toast, duplicate) =
            (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone(), duplicate.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_create();
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            duplicate.set(None);
            let (errors, busy, key, toast, duplicate, navigator) =
                (errors.clone(), busy.clone(), key.clone(), toast.clone(), duplicate.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_donor(&request, Some(&key)).await {
                    Ok(donor) => {
                        toast.emit(Toast::success(t(lang, "aid.donor_created")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Donor { id: donor.id });
                        }
                    }
                    Err(error) if existing_donor(&error).is_some() => {
                        // Another try, with other details, is another request.
                        key.set(api::new_key());
                        duplicate.set(existing_donor(&error).cloned());
                        busy.set(false);
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        busy.set(false);
                    }
                }
            });
        })
    };
    html! {
        <section>
            <h1>{ session.t("aid.donor_new") }</h1>
            <form class="card form" novalidate=true {onsubmit} data-testid="donor-form">
                if let Some(existing) = &*duplicate {
                    <div class="form-error" role="alert" data-testid="donor-duplicate">
                        <strong>{ session.t("aid.donor_duplicate") }</strong>
                        { ": " }
                        <AppLink to={Route::Donor { id: existing.id }} testid="donor-duplicate-link">{ &existing.name }</AppLink>
                    </div>
                }
                <DonorFields draft={draft.clone()} errors={(*errors).clone()} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="donor-submit" disabled={*busy}>{ session.t("action.save") }</button>
                    <AppLink to={Route::Donors} class="button secondary">{ session.t("action.cancel") }</AppLink>
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn DonorPage(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("aid.donor"));
    let donor = use_load(props.id, |id| async move { api::client().get_donor(id).await });
    match &*donor {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(donor) => html! { <DonorView donor={donor.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct DonorViewProps {
    donor: Rc<Tagged<Donor>>,
}

#[component]
fn DonorView(props: &DonorViewProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let donor = &props.donor.value;
    let revealed = use_state(|| None::<RevealedContact>);
    let asking = use_state(|| false);
    let may_reveal = session.state.can(Action::DonationsRecord) && (donor.phone.is_some() || donor.email.is_some());
    let fact = |label: &'static str, value: Html| html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> };
    let dash = |text: &str| if text.trim().is_empty() { "—".to_owned() } else { text.to_owned() };
    let contact = |masked: Option<&str>, full: Option<String>, testid: &'static str, href: fn(&str) -> String| match (
        full, masked,
    ) {
        (Some(full), _) => {
            html! { <a href={href(&full)} class="phone" data-testid={format!("{testid}-full")}>{ full }</a> }
        }
        (None, Some(masked)) => {
            html! { <span class="phone mono" data-testid={format!("{testid}-masked")}>{ masked.to_owned() }</span> }
        }
        (None, None) => html! { "—" },
    };
    let shown = (*revealed).clone();
    let on_revealed = {
        let (revealed, asking) = (revealed.clone(), asking.clone());
        Callback::from(move |contact: RevealedContact| {
            revealed.set(Some(contact));
            asking.set(false);
        })
    };
    let ask = {
        let asking = asking.clone();
        Callback::from(move |_| {
            asking.set(true);
            gloo::timers::callback::Timeout::new(0, || crate::pages::aid::widgets::focus("donor-reveal-reason"))
                .forget();
        })
    };
    let cancel = {
        let asking = asking.clone();
        Callback::from(move |()| asking.set(false))
    };
    html! {
        <section data-testid="donor-page">
            <div class="page-head">
                <h1 data-testid="donor-name">{ &donor.name }</h1>
                <div class="actions">
                    if session.state.can(Action::DonationsRecord) {
                        <crate::components::query_link::QueryLink to={Route::DonationNew} class="button primary" testid="donor-record"
                            query={vec![("donor_id", donor.id.to_string())]}>
                            { session.t("nav.donation_new") }
                        </crate::components::query_link::QueryLink>
                    }
                </div>
            </div>
            <div class="card">
                <dl class="facts">
                    { fact("aid.donor_kind", html! { donor_kind_label(lang, donor.kind) }) }
                    { fact("aid.tax_code", html! { donor.tax_code.clone().unwrap_or_else(|| "—".into()) }) }
                    { fact("aid.contact_person", html! { dash(&donor.contact_person) }) }
                    { fact("aid.phone", contact(donor.phone.as_ref().map(|p| p.masked()), shown.as_ref().and_then(|c| c.phone.clone()), "donor-phone", |v| format!("tel:{}", v.replace(' ', "")))) }
                    { fact("aid.email", contact(donor.email.as_ref().map(|p| p.masked()), shown.as_ref().and_then(|c| c.email.clone()), "donor-email", |v| format!("mailto:{v}"))) }
                    { fact("aid.public_consent", html! { session.t(if donor.public_consent { "aid.yes" } else { "aid.no" }) }) }
                    { fact("aid.note", html! { <span class="prose">{ dash(&donor.note) }</span> }) }
                    { fact("aid.created_at", html! { crate::format::datetime(lang, &donor.created_at) }) }
                </dl>
                if may_reveal && shown.is_none() && !*asking {
                    <div class="actions">
                        <button type="button" class="secondary" data-testid="donor-reveal" onclick={ask}>{ session.t("aid.reveal") }</button>
                    </div>
                }
                if *asking {
                    <RevealForm id={donor.id} {on_revealed} on_cancel={cancel} />
                }
            </div>
            <Statement id={donor.id} />
            <section class="card" aria-labelledby="donor-donations-heading">
                <h2 id="donor-donations-heading">{ session.t("aid.donations") }</h2>
                <DonorDonations id={donor.id} />
            </section>
            <section class="card" aria-labelledby="donor-pledges-heading">
                <h2 id="donor-pledges-heading">{ session.t("aid.pledges") }</h2>
                <PledgeList donor_id={donor.id} />
            </section>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RevealFormProps {
    id: uuid::Uuid,
    on_revealed: Callback<RevealedContact>,
    on_cancel: Callback<()>,
}

/// Why the caller needs the donor's contact in full.
#[component]
fn RevealForm(props: &RevealFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let reason = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (reason, errors, busy, toast, on_revealed, id) =
            (reason.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_revealed.clone(), props.id);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = RevealRequest { reason: reason.trim().to_owned() };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, toast, on_revealed) = (errors.clone(), busy.clone(), toast.clone(), on_revealed.clone());
            spawn_local(async move {
                match api::client().reveal_donor(id, &request).await {
                    Ok(contact) => on_revealed.emit(contact),
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let on_cancel = props.on_cancel.clone();
    html! {
        <form class="form reveal-form notice" novalidate=true {onsubmit} data-testid="donor-reveal-form">
            <TextField id="donor-reveal-reason" field="reason" label={session.t("aid.reveal_reason")} required=true
                value={(*reason).clone()} oninput={edit(&reason, |r, v| *r = v)} error={field_message(lang, &errors, "reason")}
                hint={AttrValue::from(session.t("aid.reveal_hint"))} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="donor-reveal-submit" disabled={*busy}>{ session.t("aid.reveal") }</button>
                <button type="button" class="secondary" onclick={move |_| on_cancel.emit(())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct StatementProps {
    id: uuid::Uuid,
}

/// What the donor gave, in total and by campaign.
#[component]
fn Statement(props: &StatementProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let statement = use_load(props.id, |id| async move { api::client().donor_statement(id).await });
    let body = match &*statement {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(statement) => html! {
            <>
                <ul class="stats" data-testid="donor-statement-totals">
                    <li class="stat">
                        <span class="stat-label">{ session.t("aid.donations_count") }</span>
                        <span class="stat-value">{ crate::format::number(lang, statement.donations) }</span>
                    </li>
                    <li class="stat">
                        <span class="stat-label">{ session.t("aid.cash_given") }</span>
                        <span class="stat-value" data-testid="donor-statement-cash">{ money(lang, statement.cash) }</span>
                    </li>
                    <li class="stat">
                        <span class="stat-label">{ session.t("aid.goods_value") }</span>
                        <span class="stat-value">{ money(lang, statement.goods_value) }</span>
                    </li>
                </ul>
                if !statement.by_campaign.is_empty() {
                    <div class="table-wrap">
                        <table data-testid="donor-statement">
                            <thead>
                                <tr>
                                    <th scope="col">{ session.t("aid.campaign") }</th>
                                    <th scope="col" class="num">{ session.t("aid.donations_count") }</th>
                                    <th scope="col" class="num">{ session.t("aid.cash_given") }</th>
                                    <th scope="col" class="num">{ session.t("aid.goods_value") }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for statement.by_campaign.iter().map(|line| html! {
                                    <tr key={line.campaign.id.to_string()}>
                                        <td><AppLink to={Route::Campaign { id: line.campaign.id }}>{ &line.campaign.name }</AppLink></td>
                                        <td class="num">{ crate::format::number(lang, line.donations) }</td>
                                        <td class="num nowrap">{ money(lang, line.cash) }</td>
                                        <td class="num nowrap">{ money(lang, line.goods_value) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </>
        },
    };
    html! {
        <section class="card" aria-labelledby="donor-statement-heading" data-testid="donor-statement-card">
            <h2 id="donor-statement-heading">{ session.t("aid.statement") }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DonorDonationsProps {
    id: uuid::Uuid,
}

#[component]
fn DonorDonations(props: &DonorDonationsProps) -> Html {
    let paged = use_paged(props.id, |id: uuid::Uuid, cursor| async move {
        let pairs = with_paging(vec![("donor_id", id.to_string())], cursor.as_deref(), PAGE);
        api::client().list_donations(&borrowed(&pairs)).await
    });
    let list = &*paged.list;
    html! {
        <>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_donations" /> }
            } else {
                <DonationTable donations={list.items.clone()} show_donor={false} />
                if list.next.is_some() {
                    <MoreButton testid="donor-donations-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct PledgeListProps {
    #[prop_or_default]
    pub donor_id: Option<uuid::Uuid>,
    #[prop_or_default]
    pub campaign_id: Option<uuid::Uuid>,
}

/// Pledges of a donor or a campaign: what was promised and what came.
#[component]
pub fn PledgeList(props: &PledgeListProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let items = use_items();
    let paged = use_paged((props.donor_id, props.campaign_id), |(donor, campaign), cursor| async move {
        let pairs = with_paging(
            vec![
                ("donor_id", donor.map(|id| id.to_string()).unwrap_or_default()),
                ("campaign_id", campaign.map(|id| id.to_string()).unwrap_or_default()),
            ],
            cursor.as_deref(),
            PAGE,
        );
        api::client().list_pledges(&borrowed(&pairs)).await
    });
    let item_list = items.ready().cloned().unwrap_or_default();
    let list = &*paged.list;
    let promised = |pledge: &Pledge| {
        let mut parts = Vec::new();
        if pledge.cash_amount > 0 {
            parts.push(format!("{} / {}", money(lang, pledge.cash_received), money(lang, pledge.cash_amount)));
        }
        for line in &pledge.lines {
            parts.push(format!(
                "{}: {} / {}",
                named_item(lang, &item_list, &line.item),
                quantity(lang, line.received, line.unit),
                quantity(lang, line.quantity, line.unit)
            ));
        }
        parts.join("; ")
    };
    html! {
        <>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_pledges" /> }
            } else {
                <div class="table-wrap">
                    <table data-testid="pledges-table">
                        <thead>
                            <tr>
                                if props.donor_id.is_none() { <th scope="col">{ session.t("aid.donor") }</th> }
                                if props.campaign_id.is_none() { <th scope="col">{ session.t("aid.campaign") }</th> }
                                <th scope="col">{ session.t("aid.pledge_received") }</th>
                                <th scope="col">{ session.t("aid.due_on") }</th>
                                <th scope="col">{ session.t("aid.status") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for list.items.iter().map(|pledge| html! {
                                <tr key={pledge.id.to_string()} data-testid="pledge-row">
                                    if props.donor_id.is_none() {
                                        <td><AppLink to={Route::Donor { id: pledge.donor.id }}>{ &pledge.donor.name }</AppLink></td>
                                    }
                                    if props.campaign_id.is_none() {
                                        <td><AppLink to={Route::Campaign { id: pledge.campaign.id }}>{ &pledge.campaign.name }</AppLink></td>
                                    }
                                    <td>{ promised(pledge) }</td>
                                    <td class="nowrap">{ pledge.due_on.map(|d| date(lang, d)).unwrap_or_else(|| "—".into()) }</td>
                                    <td><span class="badge status" data-status={pledge.status.as_str()}>{ pledge_status_label(lang, pledge.status) }</span></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if list.next.is_some() {
                    <MoreButton testid="pledges-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use chrono::{DateTime, Utc};
    use danvan_domain::{personal::PersonalField, role::Role};

    fn donor(n: u128, kind: DonorKind) -> Donor {
        Donor {
            id: uuid::Uuid::from_u128(n),
            kind,
            name: format!("Công ty TNHH Hoàng Phúc {n}"),
            tax_code: Some("0101234567".into()),
            contact_person: "Trần Văn Phúc".into(),
            phone: Some(PersonalField::hide("0912345678")),
            email: None,
            public_consent: true,
            note: String::new(),
            version: 1,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[tokio::test]
    async fn the_donor_table_masks_phones_in_both_languages() {
        fn view() -> Html {
            html! { <DonorTable donors={Rc::new(vec![donor(1, DonorKind::Business), donor(2, DonorKind::OverseasVietnamese)])} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains("Doanh nghiệp") && vi.contains("Kiều bào") && vi.contains("•••••••678"), "{vi}");
        assert!(!vi.contains("0912345678"), "{vi}");
        assert!(vi.contains(r#"href="/donors/00000000-0000-0000-0000-000000000001""#), "{vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("Business") && en.contains("Overseas Vietnamese"), "{en}");
    }

    #[tokio::test]
    async fn the_donor_form_labels_its_fields() {
        fn view() -> Html {
            #[component]
            fn Fields() -> Html {
                let draft = use_state(|| DonorDraft { kind: DonorKind::Business, ..DonorDraft::default() });
                let errors = vec![FieldError::new("tax_code", "required", "a business donor needs its tax code")];
                html! { <DonorFields {draft} {errors} /> }
            }
            html! { <Fields /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains(r#"<label for="donor-tax-code">"#) && vi.contains("Mã số thuế"), "{vi}");
        assert!(vi.contains(r#"data-testid="field-error-tax_code""#), "{vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("Tax code") && en.contains("Required"), "{en}");
    }
}
