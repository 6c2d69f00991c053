//! One person: the facts with personal data masked, the **reveal button** that asks why
//! (the reason is audited), the consent history with withdraw / give again, the merge of a
//! duplicate chosen by name with a reason, the records merged into this one, and what the
//! person received from distribution rounds.

use super::model::{category_name, consent_label, hardship_label, line_status_label, reason_label};
use crate::pages::aid::model::id_options;
use crate::{
    api,
    components::{
        form::{begin_send, check, edit, field_message, show_failure, SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::IdProps,
    route::Route,
    state::use_session,
};
use danvan_client::Tagged;
use danvan_domain::{
    aid::{Beneficiary, ConsentRequest, ConsentState, MergeRequest, RevealedPersonal},
    personal::{PersonalField, RevealRequest},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

#[component]
pub fn BeneficiaryPage(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("ben.person"));
    let version = use_state(|| 0u32);
    let person = use_load((props.id, *version), |(id, _)| async move { api::client().get_beneficiary(id).await });
    let reload = {
        let version = version.clone();
        Callback::from(move |()| version.set(*version + 1))
    };
    match &*person {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(person) => html! { <PersonView person={person.clone()} {reload} /> },
    }
}

#[derive(Properties, PartialEq)]
struct PersonViewProps {
    person: Rc<Tagged<Beneficiary>>,
    reload: Callback<()>,
}

/// A personal field: the value revealed, else masked, else a dash.
fn personal(masked: &Option<PersonalField>, full: Option<String>, testid: &'static str) -> Html {
    match (full, masked) {
        (Some(full), _) => html! { <span class="mono" data-testid={format!("{testid}-full")}>{ full }</span> },
        (None, Some(masked)) => {
            html! { <span class="mono" data-testid={format!("{testid}-masked")}>{ masked.masked().to_owned() }</span> }
        }
        (None, None) => html! { "—" },
    }
}

#[component]
fn PersonView(props: &PersonViewProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let person = &props.person.value;
    let revealed = use_state(|| None::<RevealedPersonal>);
    let asking = use_state(|| false);
    let fact = |label: &'static str, value: Html| html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> };
    let shown = (*revealed).clone();
    let has_personal = [&person.citizen_id, &person.phone, &person.birth_date, &person.disability, &person.health]
        .iter()
        .any(|field| field.is_some());
    let on_revealed = {
        let (revealed, asking) = (revealed.clone(), asking.clone());
        Callback::from(move |values: RevealedPersonal| {
            revealed.set(Some(values));
            asking.set(false);
        })
    };
    let ask = {
        let asking = asking.clone();
        Callback::from(move |_| {
            asking.set(true);
            gloo::timers::callback::Timeout::new(0, || crate::pages::aid::widgets::focus("ben-reveal-reason")).forget();
        })
    };
    let cancel = {
        let asking = asking.clone();
        Callback::from(move |()| asking.set(false))
    };
    let dash = |text: &str| if text.trim().is_empty() { "—".to_owned() } else { text.to_owned() };
    html! {
        <section data-testid="ben-person-page">
            <div class="page-head">
                <h1 data-testid="ben-name">{ &person.full_name }</h1>
            </div>
            if person.consent == ConsentState::Withdrawn {
                <div class="notice" role="status" data-testid="ben-withdrawn">{ session.t("ben.consent_withdrawn_note") }</div>
            }
            if let Some(survivor) = &person.merged_into {
                <div class="notice" role="status" data-testid="ben-merged-into">
                    { session.t("ben.merged_into") }{ ": " }
                    <AppLink to={Route::Beneficiary { id: survivor.id }}>{ &survivor.name }</AppLink>
                </div>
            }
            <div class="card">
                <dl class="facts">
                    { fact("ben.household", match &person.household {
                        Some(household) => html! {
                            <>
                                <AppLink to={Route::Household { id: household.id }} testid="ben-household-link">{ &household.name }</AppLink>
                                if person.is_head { { " · " }{ session.t("ben.head") } }
                            </>
                        },
                        None => html! { session.t("ben.alone") },
                    }) }
                    { fact("ben.commune", html! { format!("{}, {}", person.area.name, person.province.name) }) }
                    { fact("ben.address", html! { dash(&person.address) }) }
                    { fact("ben.categories", html! { person.categories.iter().map(|c| category_name(lang, c)).collect::<Vec<_>>().join(", ") }) }
                    { fact("ben.hardships", html! { dash(&person.hardships.iter().map(|h| hardship_label(lang, *h)).collect::<Vec<_>>().join(", ")) }) }
                    { fact("ben.consent", html! { consent_label(lang, person.consent) }) }
                    { fact("ben.entered_on", html! { crate::format::datetime(lang, &person.created_at) }) }
                </dl>
            </div>
            <section class="card" aria-labelledby="ben-personal-heading">
                <h2 id="ben-personal-heading">{ session.t("ben.personal") }</h2>
                <dl class="facts">
                    { fact("ben.citizen_id", personal(&person.citizen_id, shown.as_ref().and_then(|v| v.citizen_id.clone()), "ben-citizen-id")) }
                    { fact("ben.phone", personal(&person.phone, shown.as_ref().and_then(|v| v.phone.clone()), "ben-phone")) }
                    { fact("ben.birth_date", personal(&person.birth_date, shown.as_ref().and_then(|v| v.birth_date.map(|d| crate::components::dates::date(lang, d))), "ben-birth-date")) }
                    { fact("ben.disability", personal(&person.disability, shown.as_ref().and_then(|v| v.disability.clone()), "ben-disability")) }
                    { fact("ben.health", personal(&person.health, shown.as_ref().and_then(|v| v.health.clone()), "ben-health")) }
                </dl>
                if person.can_reveal && has_personal && shown.is_none() && !*asking {
                    <div class="actions">
                        <button type="button" class="secondary" data-testid="ben-reveal" onclick={ask}>{ session.t("ben.reveal") }</button>
                    </div>
                }
                if *asking {
                    <RevealForm id={person.id} {on_revealed} on_cancel={cancel} />
                }
            </section>
            <ConsentSection person={props.person.clone()} reload={props.reload.clone()} />
            if person.can_merge {
                <MergeSection person={props.person.clone()} reload={props.reload.clone()} />
            }
            if !person.merged.is_empty() {
                <section class="card" aria-labelledby="ben-merged-heading">
                    <h2 id="ben-merged-heading">{ session.t("ben.merged_records") }</h2>
                    <ul data-testid="ben-merged">
                        { for person.merged.iter().map(|merged| html! {
                            <li key={merged.id.to_string()}><AppLink to={Route::Beneficiary { id: merged.id }}>{ &merged.name }</AppLink></li>
                        }) }
                    </ul>
                </section>
            }
            <section class="card" aria-labelledby="ben-deliveries-heading">
                <h2 id="ben-deliveries-heading">{ session.t("ben.deliveries") }</h2>
                if person.deliveries.is_empty() {
                    <Empty key_name="ben.no_deliveries" />
                } else {
                    <div class="table-wrap">
                        <table data-testid="ben-deliveries">
                            <thead>
                                <tr>
                                    <th scope="col">{ session.t("ben.round") }</th>
                                    <th scope="col">{ session.t("ben.campaign") }</th>
                                    <th scope="col">{ session.t("ben.status") }</th>
                                    <th scope="col">{ session.t("ben.delivered_at") }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for person.deliveries.iter().map(|line| html! {
                                    <tr key={line.id.to_string()}>
                                        <td>{ &line.round.name }</td>
                                        <td><AppLink to={Route::Campaign { id: line.campaign.id }}>{ &line.campaign.name }</AppLink></td>
                                        <td>
                                            { line_status_label(lang, line.status) }
                                            if let Some(reason) = line.reason { { " — " }{ reason_label(lang, reason) } }
                                        </td>
                                        <td class="nowrap">{ line.delivered_at.map(|at| crate::format::datetime(lang, &at)).unwrap_or_else(|| "—".into()) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RevealFormProps {
    id: Uuid,
    on_revealed: Callback<RevealedPersonal>,
    on_cancel: Callback<()>,
}

/// Why the caller needs the personal data in full.
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
                match api::client().reveal_beneficiary(id, &request).await {
                    Ok(values) => on_revealed.emit(values),
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let on_cancel = props.on_cancel.clone();
    html! {
        <form class="form reveal-form notice" novalidate=true {onsubmit} data-testid="ben-reveal-form">
            <TextField id="ben-reveal-reason" field="reason" label={session.t("ben.reveal_reason")} required=true
                value={(*reason).clone()} oninput={edit(&reason, |r, v| *r = v)} error={field_message(lang, &errors, "reason")}
                hint={AttrValue::from(session.t("ben.reveal_hint"))} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="ben-reveal-submit" disabled={*busy}>{ session.t("ben.reveal") }</button>
                <button type="button" class="secondary" onclick={move |_| on_cancel.emit(())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct SectionProps {
    person: Rc<Tagged<Beneficiary>>,
    reload: Callback<()>,
}

/// The consent history, and consent withdrawn or given again.
#[component]
fn ConsentSection(props: &SectionProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let person = &props.person.value;
    let given_by = use_state(String::new);
    let purpose = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let next = match person.consent {
        ConsentState::Given => ConsentState::Withdrawn,
        ConsentState::Withdrawn => ConsentState::Given,
    };
    let onsubmit = {
        let (given_by, purpose, errors, busy, toast, reload, id) = (
            given_by.clone(),
            purpose.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            props.reload.clone(),
            person.id,
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request =
                ConsentRequest { kind: next, given_by: given_by.trim().to_owned(), purpose: purpose.trim().to_owned() };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, toast, reload) = (errors.clone(), busy.clone(), toast.clone(), reload.clone());
            spawn_local(async move {
                match api::client().record_beneficiary_consent(id, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "ben.consent_recorded")));
                        reload.emit(());
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    // Recording consent is for those who manage the person, whatever its state now.
    let may_record =
        person.merged_into.is_none() && session.state.can(danvan_domain::permission::Action::BeneficiariesManage);
    html! {
        <section class="card" aria-labelledby="ben-consent-heading">
            <h2 id="ben-consent-heading">{ session.t("ben.consent_history") }</h2>
            <ul class="timeline" data-testid="ben-consents">
                { for person.consents.iter().map(|consent| html! {
                    <li key={consent.id.to_string()}>
                        <strong>{ consent_label(lang, consent.kind) }</strong>
                        { format!(" · {} · {} · {}", crate::format::datetime(lang, &consent.recorded_at), consent.given_by, consent.purpose) }
                        { format!(" · {}: {}", t(lang, "ben.recorded_by"), consent.recorded_by.name) }
                        if consent.from_merged.is_some() { { " · " }{ session.t("ben.from_merged") } }
                    </li>
                }) }
            </ul>
            if may_record {
                <form class="form" novalidate=true {onsubmit} data-testid="ben-consent-form">
                    <div class="form-row">
                        <TextField id="ben-consent-by" field="given_by" label={session.t("ben.consent_given_by")} required=true
                            value={(*given_by).clone()} oninput={edit(&given_by, |g, v| *g = v)} error={field_message(lang, &errors, "given_by")} />
                        <TextField id="ben-consent-why" field="purpose" label={session.t("ben.consent_purpose")} required=true
                            value={(*purpose).clone()} oninput={edit(&purpose, |p, v| *p = v)} error={field_message(lang, &errors, "purpose")} />
                    </div>
                    <div class="actions">
                        <button type="submit" class={if next == ConsentState::Withdrawn { "danger" } else { "primary" }}
                            data-testid="ben-consent-submit" disabled={*busy}>
                            { session.t(if next == ConsentState::Withdrawn { "ben.consent_withdraw" } else { "ben.consent_give" }) }
                        </button>
                    </div>
                </form>
            }
        </section>
    }
}

/// Merges a duplicate, found by name, into this person.
#[component]
fn MergeSection(props: &SectionProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let person = &props.person.value;
    let words = use_state(|| person.full_name.clone());
    let chosen = use_state(String::new);
    let reason = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let own = person.id;
    let found = use_load(((*words).clone(), own), |(words, own)| async move {
        let page = api::client().list_beneficiaries(&[("q", words.as_str()), ("limit", "20")]).await?;
        Ok::<_, api::ApiError>(page.items.into_iter().filter(|p| p.id != own).collect::<Vec<_>>())
    });
    let candidates = found.ready().cloned().unwrap_or_default();
    let named: Vec<(Uuid, String)> =
        candidates.iter().map(|p| (p.id, format!("{} · {}", p.full_name, p.area.name))).collect();
    let options = id_options(t(lang, "ben.choose"), &named);
    let onsubmit = {
        let (chosen, reason, errors, busy, toast, reload) =
            (chosen.clone(), reason.clone(), errors.clone(), busy.clone(), toast.clone(), props.reload.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Ok(merged_id) = chosen.parse::<Uuid>() else {
                errors.set(vec![FieldError::new("merged_id", "required", "must be chosen")]);
                return;
            };
            let request = MergeRequest { merged_id, reason: reason.trim().to_owned() };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, toast, reload) = (errors.clone(), busy.clone(), toast.clone(), reload.clone());
            spawn_local(async move {
                match api::client().merge_beneficiaries(own, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "ben.merged")));
                        reload.emit(());
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="ben-merge-heading">
            <h2 id="ben-merge-heading">{ session.t("ben.merge") }</h2>
            <form class="form" novalidate=true {onsubmit} data-testid="ben-merge-form">
                <TextField id="ben-merge-search" field="q" label={session.t("ben.merge_search")}
                    value={(*words).clone()} oninput={edit(&words, |w, v| *w = v)} />
                <SelectField id="ben-merge-with" field="merged_id" label={session.t("ben.merge_with")}
                    value={(*chosen).clone()} {options} onchange={edit(&chosen, |c, v| *c = v)}
                    error={field_message(lang, &errors, "merged_id")} />
                <TextField id="ben-merge-reason" field="reason" label={session.t("ben.merge_reason")} required=true
                    value={(*reason).clone()} oninput={edit(&reason, |r, v| *r = v)} error={field_message(lang, &errors, "reason")} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="ben-merge-submit" disabled={*busy}>{ session.t("ben.merge") }</button>
                </div>
            </form>
        </section>
    }
}
