//! The registry: people within the caller's provinces, personal data masked; filters by
//! category, province, commune and household, and words of the name without diacritics
//! (or a whole citizen ID or phone), all kept in the URL; "load more" paging; the export
//! of the same rows, masked.

use super::{
    form::CommunePicker,
    model::{category_name, consent_label, RegistryFilter},
};
use crate::pages::aid::model::id_options;
use crate::{
    api,
    components::{
        form::SelectField,
        hooks::{use_debounced, use_title},
        link::AppLink,
        load::{use_load, use_paged},
        status::{Empty, ErrorNote, Loading},
        toast::use_toast,
    },
    i18n::t,
    pages::aid::{
        model::{borrowed, with_export, with_paging},
        widgets::{export, ExportButtons, MoreButton, PAGE},
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{aid::Beneficiary, permission::Action};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BeneficiaryTableProps {
    pub people: Rc<Vec<Beneficiary>>,
}

/// People as a table: name, household, commune, categories, citizen ID and phone
/// (masked), consent.
#[component]
pub fn BeneficiaryTable(props: &BeneficiaryTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let masked = |field: &Option<danvan_domain::personal::PersonalField>| {
        field.as_ref().map_or("—".to_owned(), |field| field.masked().to_owned())
    };
    html! {
        <div class="table-wrap">
            <table data-testid="ben-table">
                <thead>
                    <tr>
                        <th scope="col">{ session.t("ben.full_name") }</th>
                        <th scope="col">{ session.t("ben.household") }</th>
                        <th scope="col">{ session.t("ben.commune") }</th>
                        <th scope="col">{ session.t("ben.categories") }</th>
                        <th scope="col">{ session.t("ben.citizen_id") }</th>
                        <th scope="col">{ session.t("ben.phone") }</th>
                        <th scope="col">{ session.t("ben.consent") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.people.iter().map(|person| html! {
                        <tr key={person.id.to_string()} data-testid="ben-row">
                            <td class="team-name-cell">
                                <AppLink to={Route::Beneficiary { id: person.id }} testid="ben-link">{ &person.full_name }</AppLink>
                                if person.is_head { { " · " }{ session.t("ben.head") } }
                            </td>
                            <td>{ match &person.household {
                                Some(household) => html! { <AppLink to={Route::Household { id: household.id }}>{ &household.name }</AppLink> },
                                None => html! { "—" },
                            } }</td>
                            <td>{ &person.area.name }</td>
                            <td>{ person.categories.iter().map(|c| category_name(lang, c)).collect::<Vec<_>>().join(", ") }</td>
                            <td class="nowrap mono">{ masked(&person.citizen_id) }</td>
                            <td class="nowrap mono">{ masked(&person.phone) }</td>
                            <td><span class="badge status" data-status={person.consent.as_str()}>{ consent_label(lang, person.consent) }</span></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn BeneficiaryList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.beneficiaries"));
    let navigator = use_navigator();
    let toast = use_toast();
    let location = use_location();
    let filter = RegistryFilter::from_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let apply = {
        let navigator = navigator.clone();
        Callback::from(move |next: RegistryFilter| {
            if let Some(navigator) = &navigator {
                let pairs = next.pairs();
                if pairs.is_empty() {
                    navigator.push(&Route::Beneficiaries);
                } else {
                    let _ = navigator.push_with_query(&Route::Beneficiaries, pairs);
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
                apply.emit(RegistryFilter { q: settled.trim().to_owned(), ..filter });
            }
        });
    }
    let categories = use_load((), |()| async { api::client().list_support_categories(None).await });
    let paged = use_paged(filter.clone(), |filter: RegistryFilter, cursor| async move {
        let pairs = with_paging(filter.pairs(), cursor.as_deref(), PAGE);
        api::client().list_beneficiaries(&borrowed(&pairs)).await
    });
    let exporting = use_state(|| false);
    let onexport = {
        let (filter, exporting, toast) = (filter.clone(), exporting.clone(), toast.clone());
        Callback::from(move |format: &'static str| {
            let pairs = with_export(filter.pairs(), format, lang);
            export(lang, &exporting, &toast, format!("beneficiaries.{format}"), move || async move {
                api::client().export_beneficiaries(&borrowed(&pairs)).await
            });
        })
    };
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| typed.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_category = {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| {
            apply.emit(RegistryFilter { category_id: value.parse().ok(), ..filter.clone() })
        })
    };
    let on_province = {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| {
            apply.emit(RegistryFilter { province_id: value.parse().ok(), area_id: None, ..filter.clone() })
        })
    };
    let on_area = {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| {
            apply.emit(RegistryFilter { area_id: value.parse().ok(), ..filter.clone() })
        })
    };
    let clear = {
        let (apply, typed) = (apply.clone(), typed.clone());
        Callback::from(move |_| {
            typed.set(String::new());
            apply.emit(RegistryFilter::default());
        })
    };
    let category_options = {
        let list = categories.ready().cloned().unwrap_or_default();
        let named: Vec<(uuid::Uuid, String)> = list
            .iter()
            .map(|c| (c.id, if lang == crate::i18n::Lang::En { c.name_en.clone() } else { c.name_vi.clone() }))
            .collect();
        id_options(t(lang, "ben.any"), &named)
    };
    let list = &*paged.list;
    let text = |id: Option<uuid::Uuid>| AttrValue::from(id.map(|id| id.to_string()).unwrap_or_default());
    html! {
        <section data-testid="ben-page">
            <div class="page-head">
                <h1>{ session.t("nav.beneficiaries") }</h1>
                <div class="actions">
                    if session.state.can(Action::BeneficiariesManage) {
                        <AppLink to={Route::HouseholdNew} class="button secondary" testid="household-new">{ session.t("ben.household_new") }</AppLink>
                        <AppLink to={Route::BeneficiaryNew} class="button primary" testid="ben-new">{ session.t("ben.new") }</AppLink>
                    }
                </div>
            </div>
            <form class="card filters" role="search" aria-label={session.t("ben.filters")}
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field">
                    <label for="ben-filter-q">{ session.t("ben.search") }</label>
                    <input id="ben-filter-q" data-testid="ben-filter-q" type="search" value={(*typed).clone()} {oninput}
                        autocomplete="off" placeholder={session.t("ben.search_hint")} />
                </div>
                <SelectField id="ben-filter-category" field="category_id" label={session.t("ben.category")}
                    value={text(filter.category_id)} options={category_options} onchange={on_category} />
                <CommunePicker id_prefix="ben-filter-area" value={text(filter.area_id)} onchange={on_area}
                    optional=true on_province={on_province} province={text(filter.province_id)} />
                if let Some(household) = filter.household_id {
                    <p data-testid="ben-filter-household">
                        <AppLink to={Route::Household { id: household }}>{ session.t("ben.household") }</AppLink>
                    </p>
                }
                <div class="actions">
                    <button type="button" class="secondary" data-testid="ben-filter-clear" onclick={clear}
                        disabled={filter.is_empty()}>{ session.t("action.clear") }</button>
                    <ExportButtons testid="ben-export" {onexport} busy={*exporting} />
                </div>
            </form>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="ben.none" /> }
            } else {
                <BeneficiaryTable people={list.items.clone()} />
                if list.next.is_some() {
                    <MoreButton testid="ben-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use chrono::{DateTime, Utc};
    use danvan_domain::{
        aid::{CategoryRef, ConsentState},
        named::NamedRef,
        personal::PersonalField,
        role::Role,
    };
    use uuid::Uuid;

    fn person(n: u128) -> Beneficiary {
        Beneficiary {
            id: Uuid::from_u128(n),
            full_name: format!("Nguyễn Văn An {n}"),
            household: Some(NamedRef { id: Uuid::from_u128(50), name: "Hộ ông An".into() }),
            is_head: true,
            area: NamedRef { id: Uuid::from_u128(60), name: "Phường Phúc Xá".into() },
            province: NamedRef { id: Uuid::from_u128(61), name: "Hà Nội".into() },
            address: "Số 5".into(),
            categories: vec![CategoryRef {
                id: Uuid::from_u128(70),
                code: "poor_households".into(),
                name_vi: "Hộ nghèo".into(),
                name_en: "Poor households".into(),
            }],
            hardships: Vec::new(),
            citizen_id: Some(PersonalField::hide("001099012345")),
            phone: Some(PersonalField::hide("0912345678")),
            birth_date: Some(PersonalField::hide_all("1961-03-04")),
            disability: None,
            health: None,
            consent: ConsentState::Given,
            merged_into: None,
            consents: Vec::new(),
            merged: Vec::new(),
            deliveries: Vec::new(),
            can_manage: true,
            can_reveal: true,
            can_merge: true,
            version: 1,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[tokio::test]
    async fn the_registry_masks_personal_data_in_both_languages() {
        fn view() -> Html {
            html! { <BeneficiaryTable people={Rc::new(vec![person(1), person(2)])} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains("•••••••••345") && vi.contains("•••••••678") && vi.contains("Hộ nghèo"), "{vi}");
        assert!(!vi.contains("001099012345") && !vi.contains("0912345678"), "{vi}");
        assert!(vi.contains(r#"href="/beneficiaries/00000000-0000-0000-0000-000000000001""#), "{vi}");
        assert!(vi.contains("Đã đồng ý") && vi.contains("Chủ hộ"), "{vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("Poor households") && en.contains("Given") && en.contains("Citizen ID"), "{en}");
    }
}
