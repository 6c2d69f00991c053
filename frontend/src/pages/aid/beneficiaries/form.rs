//! Entering people and households: the commune picker (province, then district in the 2021
//! layout, then commune), the new-household form, and the new-person form with its
//! **duplicate prompt**: a citizen ID already registered names the record when the caller
//! may see it; a likely duplicate lists the candidates as links, and "Enter anyway" sends
//! the request again with the reason it asks for.

use super::model::{hardship_label, toggled, Duplicate, PersonDraft};
use crate::pages::aid::{model::id_options, stock::province_choices};
use crate::{
    api,
    components::{
        dates::{today, DateField},
        form::{begin_send, check, edit, field_message, show_failure, Checkbox, SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    route::Route,
    state::use_session,
};
use danvan_domain::{
    aid::{CreateHousehold, Hardship, SupportCategory},
    area::{Area, AreaLevel},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

fn choices(areas: &[Area]) -> Vec<(Uuid, String)> {
    areas.iter().map(|area| (area.id, area.name.clone())).collect()
}

#[derive(Properties, PartialEq)]
pub struct CommunePickerProps {
    pub id_prefix: AttrValue,
    /// The chosen commune's id, or empty.
    pub value: AttrValue,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Whether "any" may be chosen (a filter) rather than a commune being required.
    #[prop_or_default]
    pub optional: bool,
    /// Also reports the province chosen (filters by province alone).
    #[prop_or_default]
    pub on_province: Option<Callback<String>>,
    #[prop_or_default]
    pub province: AttrValue,
}

/// Province, then (in the 2021 layout) district, then commune or ward.
#[component]
pub fn CommunePicker(props: &CommunePickerProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let provinces = use_load((), |()| province_choices());
    let province = use_state(|| props.province.to_string());
    let district = use_state(String::new);
    let province_id: Option<Uuid> = province.parse().ok();
    let below = use_load(province_id, |province| async move {
        match province {
            Some(id) => api::client().area_children(id).await,
            None => Ok(Vec::new()),
        }
    });
    let below_list = below.ready().cloned().unwrap_or_default();
    let has_districts = below_list.iter().any(|a| a.level == AreaLevel::District);
    let district_id: Option<Uuid> = district.parse().ok().filter(|_| has_districts);
    let communes = use_load(district_id, |district| async move {
        match district {
            Some(id) => api::client().area_children(id).await,
            None => Ok(Vec::new()),
        }
    });
    let commune_list = if has_districts { communes.ready().cloned().unwrap_or_default() } else { below_list.clone() };
    let first = if props.optional { t(lang, "ben.any") } else { t(lang, "ben.choose") };
    let id = |name: &str| AttrValue::from(format!("{}-{name}", props.id_prefix));
    let on_province = {
        let (province, district, onchange, report) =
            (province.clone(), district.clone(), props.onchange.clone(), props.on_province.clone());
        Callback::from(move |value: String| {
            province.set(value.clone());
            district.set(String::new());
            onchange.emit(String::new());
            if let Some(report) = &report {
                report.emit(value);
            }
        })
    };
    let on_district = {
        let (district, onchange) = (district.clone(), props.onchange.clone());
        Callback::from(move |value: String| {
            district.set(value);
            onchange.emit(String::new());
        })
    };
    let province_options = provinces.ready().map(|list| id_options(first, list)).unwrap_or_default();
    html! {
        <fieldset class="area-picker">
            <legend>{ session.t("ben.area") }</legend>
            <SelectField id={id("province")} field="province_id" label={session.t("ben.province")}
                value={(*province).clone()} options={province_options} onchange={on_province} />
            if has_districts {
                <SelectField id={id("district")} field="district_id" label={session.t("ben.district")}
                    value={(*district).clone()} options={id_options(first, &choices(&below_list))} onchange={on_district} />
            }
            <SelectField id={id("commune")} field="area_id" label={session.t("ben.commune")}
                value={props.value.clone()} options={id_options(first, &choices(&commune_list))}
                onchange={props.onchange.clone()} error={props.error.clone()}
                disabled={commune_list.is_empty() && props.value.is_empty()} />
            if let Load::Failed(error) = &*below { <ErrorNote error={error.clone()} /> }
        </fieldset>
    }
}

/// The household a member is entered into, from `?household_id=` (the household's page
/// links here).
fn household_of(query: &str) -> Option<Uuid> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|part| part.strip_prefix("household_id="))
        .and_then(|value| value.parse().ok())
}

#[derive(Properties, PartialEq)]
struct CategoryChecksProps {
    categories: Rc<Vec<SupportCategory>>,
    draft: UseStateHandle<PersonDraft>,
    error: Option<AttrValue>,
}

/// One box per live category.
#[component]
fn CategoryChecks(props: &CategoryChecksProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    html! {
        <fieldset class="checks" data-testid="ben-categories">
            <legend>{ session.t("ben.categories") }</legend>
            { for props.categories.iter().map(|category| {
                let (draft, id) = (props.draft.clone(), category.id);
                let onchange = Callback::from(move |_: bool| {
                    let mut next = (*draft).clone();
                    next.category_ids = toggled(&next.category_ids, id);
                    draft.set(next);
                });
                let name = if lang == crate::i18n::Lang::En { category.name_en.clone() } else { category.name_vi.clone() };
                html! {
                    <Checkbox id={format!("ben-category-{}", category.code)} label={name}
                        checked={props.draft.category_ids.contains(&category.id)} {onchange} />
                }
            }) }
            if let Some(error) = &props.error {
                <p class="field-error" data-testid="field-error-category_ids">{ error.clone() }</p>
            }
        </fieldset>
    }
}

#[component]
pub fn BeneficiaryNew() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("ben.new"));
    let navigator = use_navigator();
    let location = use_location();
    let toast = use_toast();
    let household = household_of(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let draft = use_state(|| PersonDraft { household_id: household, ..PersonDraft::default() });
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let duplicate = use_state(|| Duplicate::None);
    let reason = use_state(String::new);
    let categories = use_load((), |()| async { api::client().list_support_categories(Some(true)).await });
    let household_read = use_load(household, |id| async move {
        match id {
            Some(id) => api::client().get_household(id).await.map(|tagged| Some(tagged.value)),
            None => Ok(None),
        }
    });
    let send = {
        let (draft, errors, busy, key, toast, duplicate, reason, navigator) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            duplicate.clone(),
            reason.clone(),
            navigator.clone(),
        );
        Callback::from(move |overriding: bool| {
            let override_reason = overriding.then(|| (*reason).clone());
            let request = draft.to_create(today(), override_reason);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (errors, busy, key, toast, duplicate, navigator) =
                (errors.clone(), busy.clone(), key.clone(), toast.clone(), duplicate.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_beneficiary(&request, Some(&key)).await {
                    Ok(person) => {
                        toast.emit(Toast::success(t(lang, "ben.created")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Beneficiary { id: person.id });
                        }
                    }
                    Err(error) => {
                        match super::model::duplicate_of(&error) {
                            Duplicate::None => show_failure(lang, &error, &errors, &toast),
                            found => {
                                // Sending again (with a reason, or other details) is another request.
                                key.set(api::new_key());
                                duplicate.set(found);
                            }
                        }
                        busy.set(false);
                    }
                }
            });
        })
    };
    let onsubmit = {
        let send = send.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            send.emit(false);
        })
    };
    let anyway = {
        let (send, reason, errors) = (send.clone(), reason.clone(), errors.clone());
        Callback::from(move |_| {
            let failed = check(danvan_domain::personal::RevealRequest { reason: reason.trim().to_owned() }.validate())
                .into_iter()
                .map(|e| FieldError { field: "override_reason".into(), ..e })
                .collect::<Vec<_>>();
            if failed.is_empty() {
                send.emit(true);
            } else {
                errors.set(failed);
            }
        })
    };
    let error = |field: &str| field_message(lang, &errors, field);
    let prompt = match &*duplicate {
        Duplicate::None => html! {},
        Duplicate::SameCitizenId(existing) => html! {
            <div class="form-error" role="alert" data-testid="ben-duplicate-id">
                <strong>{ session.t("ben.duplicate_id") }</strong>
                { match existing {
                    Some(existing) => html! { <>{ ": " }<AppLink to={Route::Beneficiary { id: existing.id }} testid="ben-duplicate-link">{ &existing.name }</AppLink></> },
                    None => html! { <p>{ session.t("ben.duplicate_id_hidden") }</p> },
                } }
            </div>
        },
        Duplicate::Likely(candidates) => html! {
            <div class="notice" role="alert" data-testid="ben-duplicate-prompt">
                <strong>{ session.t("ben.likely_title") }</strong>
                <p>{ session.t("ben.likely_hint") }</p>
                <ul>
                    { for candidates.iter().map(|candidate| html! {
                        <li key={candidate.id.to_string()}>
                            <AppLink to={Route::Beneficiary { id: candidate.id }} testid="ben-candidate">{ &candidate.name }</AppLink>
                        </li>
                    }) }
                </ul>
                <TextField id="ben-override-reason" field="override_reason" label={session.t("ben.override_reason")} required=true
                    value={(*reason).clone()} oninput={edit(&reason, |r, v| *r = v)} error={error("override_reason")} />
                <div class="actions">
                    <button type="button" class="primary" data-testid="ben-enter-anyway" disabled={*busy} onclick={anyway}>
                        { session.t("ben.enter_anyway") }
                    </button>
                </div>
            </div>
        },
    };
    let hardships = Hardship::ALL.iter().map(|hardship| {
        let (handle, hardship) = (draft.clone(), *hardship);
        let onchange = Callback::from(move |_: bool| {
            let draft = &handle;
            let mut next = (**draft).clone();
            next.hardships = toggled(&next.hardships, hardship);
            draft.set(next);
        });
        html! {
            <Checkbox id={format!("ben-hardship-{}", hardship.as_str())} label={hardship_label(lang, hardship)}
                checked={draft.hardships.contains(&hardship)} {onchange} />
        }
    });
    let in_household = draft.household_id.is_some();
    html! {
        <section>
            <h1>{ session.t("ben.new") }</h1>
            <form class="card form" novalidate=true {onsubmit} data-testid="ben-form">
                { prompt }
                <TextField id="ben-full-name" field="full_name" label={session.t("ben.full_name")} required=true
                    value={draft.full_name.clone()} oninput={edit(&draft, |d, v| d.full_name = v)} error={error("full_name")} />
                if in_household {
                    <p data-testid="ben-household">
                        { session.t("ben.household") }{ ": " }
                        { match &*household_read {
                            Load::Ready(found) => found.as_ref().as_ref().map(|h| h.name.clone()).unwrap_or_default(),
                            _ => String::new(),
                        } }
                    </p>
                    <Checkbox id="ben-is-head" label={session.t("ben.is_head")} checked={draft.is_head}
                        onchange={edit(&draft, |d, v| d.is_head = v)} />
                } else {
                    <CommunePicker id_prefix="ben-area" value={draft.area_id.clone()}
                        onchange={edit(&draft, |d, v| d.area_id = v)} error={error("area_id")} />
                }
                <TextField id="ben-address" field="address" label={session.t("ben.address")}
                    hint={in_household.then(|| AttrValue::from(session.t("ben.address_hint")))}
                    value={draft.address.clone()} oninput={edit(&draft, |d, v| d.address = v)} error={error("address")} />
                { match &*categories {
                    Load::Loading => html! { <Loading /> },
                    Load::Failed(failure) => html! { <ErrorNote error={failure.clone()} /> },
                    Load::Ready(list) => html! { <CategoryChecks categories={list.clone()} draft={draft.clone()} error={error("category_ids")} /> },
                } }
                <fieldset class="checks">
                    <legend>{ session.t("ben.hardships") }</legend>
                    { for hardships }
                </fieldset>
                <fieldset>
                    <legend>{ session.t("ben.personal") }</legend>
                    <p class="hint">{ session.t("ben.personal_hint") }</p>
                    <div class="form-row">
                        <TextField id="ben-citizen-id" field="citizen_id" label={session.t("ben.citizen_id")} kind="text"
                            hint={AttrValue::from(session.t("ben.citizen_id_hint"))} autocomplete="off"
                            value={draft.citizen_id.clone()} oninput={edit(&draft, |d, v| d.citizen_id = v)} error={error("citizen_id")} />
                        <TextField id="ben-phone" field="phone" label={session.t("ben.phone")} kind="tel" autocomplete="off"
                            value={draft.phone.clone()} oninput={edit(&draft, |d, v| d.phone = v)} error={error("phone")} />
                    </div>
                    <DateField id="ben-birth-date" field="birth_date" label={session.t("ben.birth_date")}
                        value={draft.birth_date} onchange={edit(&draft, |d, v| d.birth_date = v)} error={error("birth_date")} />
                    <TextField id="ben-disability" field="disability" label={session.t("ben.disability")}
                        value={draft.disability.clone()} oninput={edit(&draft, |d, v| d.disability = v)} error={error("disability")} />
                    <TextField id="ben-health" field="health" label={session.t("ben.health")}
                        value={draft.health.clone()} oninput={edit(&draft, |d, v| d.health = v)} error={error("health")} />
                </fieldset>
                <fieldset>
                    <legend>{ session.t("ben.consent") }</legend>
                    <TextField id="ben-consent-given-by" field="consent.given_by" label={session.t("ben.consent_given_by")} required=true
                        hint={AttrValue::from(session.t("ben.consent_given_by_hint"))}
                        value={draft.given_by.clone()} oninput={edit(&draft, |d, v| d.given_by = v)} error={error("consent.given_by")} />
                    <TextField id="ben-consent-purpose" field="consent.purpose" label={session.t("ben.consent_purpose")} required=true
                        value={draft.purpose.clone()} oninput={edit(&draft, |d, v| d.purpose = v)} error={error("consent.purpose")} />
                </fieldset>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="ben-submit" disabled={*busy}>{ session.t("action.save") }</button>
                    <AppLink to={Route::Beneficiaries} class="button secondary">{ session.t("action.cancel") }</AppLink>
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn HouseholdNew() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("ben.household_new"));
    let navigator = use_navigator();
    let toast = use_toast();
    let name = use_state(String::new);
    let area = use_state(String::new);
    let address = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (name, area, address, errors, busy, key, toast) =
            (name.clone(), area.clone(), address.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Ok(area_id) = area.parse::<Uuid>() else {
                errors.set(vec![FieldError::new("area_id", "required", "must be chosen")]);
                return;
            };
            let request = CreateHousehold {
                name: Some(name.trim().to_owned()).filter(|name| !name.is_empty()),
                area_id,
                address: address.trim().to_owned(),
            };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, key, toast, navigator) =
                (errors.clone(), busy.clone(), key.clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_household(&request, Some(&key)).await {
                    Ok(household) => {
                        toast.emit(Toast::success(t(lang, "ben.household_created")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Household { id: household.id });
                        }
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        busy.set(false);
                    }
                }
            });
        })
    };
    let error = |field: &str| field_message(lang, &errors, field);
    html! {
        <section>
            <h1>{ session.t("ben.household_new") }</h1>
            <form class="card form" novalidate=true {onsubmit} data-testid="household-form">
                <TextField id="household-name" field="name" label={session.t("ben.household_name")}
                    hint={AttrValue::from(session.t("ben.household_name_hint"))}
                    value={(*name).clone()} oninput={edit(&name, |n, v| *n = v)} error={error("name")} />
                <CommunePicker id_prefix="household-area" value={(*area).clone()} onchange={edit(&area, |a, v| *a = v)}
                    error={error("area_id")} />
                <TextField id="household-address" field="address" label={session.t("ben.address")} required=true
                    value={(*address).clone()} oninput={edit(&address, |a, v| *a = v)} error={error("address")} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="household-submit" disabled={*busy}>{ session.t("action.save") }</button>
                    <AppLink to={Route::Beneficiaries} class="button secondary">{ session.t("action.cancel") }</AppLink>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_form_reads_its_household_from_the_link() {
        let id = Uuid::from_u128(4);
        assert_eq!(household_of(&format!("?household_id={id}")), Some(id));
        assert_eq!(household_of("?household_id=x"), None);
        assert_eq!(household_of(""), None);
    }
}
