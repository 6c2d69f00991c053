//! One household: its commune and address, its head, its members (each a link, with
//! their consent), and "add a member", which opens the new-person form for this household.

use super::model::consent_label;
use crate::{
    api,
    components::{
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        query_link::QueryLink,
        status::{Empty, ErrorNote, Loading},
    },
    pages::IdProps,
    route::Route,
    state::use_session,
};
use danvan_domain::aid::Household;
use yew::prelude::*;

#[component]
pub fn HouseholdPage(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("ben.household"));
    let household = use_load(props.id, |id| async move { api::client().get_household(id).await });
    match &*household {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(household) => html! { <HouseholdView household={household.value.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct HouseholdViewProps {
    pub household: Household,
}

#[component]
pub fn HouseholdView(props: &HouseholdViewProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let household = &props.household;
    let fact = |label: &'static str, value: Html| html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> };
    html! {
        <section data-testid="household-page">
            <div class="page-head">
                <h1 data-testid="household-name">{ &household.name }</h1>
                <div class="actions">
                    if household.can_manage {
                        <QueryLink to={Route::BeneficiaryNew} class="button primary" testid="household-add-member"
                            query={vec![("household_id", household.id.to_string())]}>
                            { session.t("ben.add_member") }
                        </QueryLink>
                    }
                </div>
            </div>
            <div class="card">
                <dl class="facts">
                    { fact("ben.commune", html! { format!("{}, {}", household.area.name, household.province.name) }) }
                    { fact("ben.address", html! { &household.address }) }
                    { fact("ben.head", match &household.head {
                        Some(head) => html! { <AppLink to={Route::Beneficiary { id: head.id }} testid="household-head">{ &head.name }</AppLink> },
                        None => html! { session.t("ben.not_yet") },
                    }) }
                    { fact("ben.member_count", html! { crate::format::number(lang, household.member_count) }) }
                </dl>
            </div>
            <section class="card" aria-labelledby="household-members-heading">
                <h2 id="household-members-heading">{ session.t("ben.members") }</h2>
                if household.members.is_empty() {
                    <Empty key_name="ben.none" />
                } else {
                    <ul class="members" data-testid="household-members">
                        { for household.members.iter().map(|member| html! {
                            <li key={member.id.to_string()} data-testid="household-member">
                                <AppLink to={Route::Beneficiary { id: member.id }}>{ &member.full_name }</AppLink>
                                if member.is_head { { " · " }{ session.t("ben.head") } }
                                { " · " }{ consent_label(lang, member.consent) }
                            </li>
                        }) }
                    </ul>
                }
            </section>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use chrono::{DateTime, Utc};
    use danvan_domain::{
        aid::{ConsentState, HouseholdMember},
        named::NamedRef,
        role::Role,
    };
    use uuid::Uuid;

    #[tokio::test]
    async fn a_household_shows_its_head_and_members_in_both_languages() {
        fn view() -> Html {
            let member = |n: u128, name: &str, is_head| HouseholdMember {
                id: Uuid::from_u128(n),
                full_name: name.into(),
                is_head,
                consent: ConsentState::Given,
            };
            let household = Household {
                id: Uuid::from_u128(1),
                name: "Hộ ông Nguyễn Văn An".into(),
                area: NamedRef { id: Uuid::from_u128(2), name: "Phường Phúc Xá".into() },
                province: NamedRef { id: Uuid::from_u128(3), name: "Hà Nội".into() },
                address: "Số 5 ngõ 12".into(),
                head: Some(NamedRef { id: Uuid::from_u128(10), name: "Nguyễn Văn An".into() }),
                members: vec![member(10, "Nguyễn Văn An", true), member(11, "Trần Thị Bình", false)],
                member_count: 2,
                can_manage: true,
                version: 1,
                created_at: DateTime::<Utc>::UNIX_EPOCH,
                updated_at: DateTime::<Utc>::UNIX_EPOCH,
            };
            html! { <HouseholdView {household} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains("Trần Thị Bình") && vi.contains("Chủ hộ") && vi.contains("Thêm thành viên"), "{vi}");
        assert!(vi.contains("household_id=00000000-0000-0000-0000-000000000001"), "{vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("Head of household") && en.contains("Add a member"), "{en}");
    }
}
