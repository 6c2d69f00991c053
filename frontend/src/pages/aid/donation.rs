//! One donation: its receipt number, who gave what to which campaign, its goods lines, the
//! receipt on A4 or A5, and its reversal: asked for with a reason by those who may
//! (`can_reverse`), shown with who undid it, when and why once done.

use crate::{
    api,
    components::{
        dates::date,
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{ErrorNote, Loading},
    },
    format,
    pages::{
        aid::{
            model::{channel_label, donor_name, money, named_item, quantity},
            widgets::{use_items, ReceiptButtons, ReverseForm, ReversedBadge, Reversible},
        },
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::aid::{Donation, DonationChannel};
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn DonationPage(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("aid.donation"));
    let reload = use_state(|| 0u32);
    let donation = use_load((props.id, *reload), |(id, _)| async move { api::client().get_donation(id).await });
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match &*donation {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(donation) => html! { <DonationView donation={donation.clone()} {on_changed} /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct DonationViewProps {
    pub donation: Rc<Donation>,
    pub on_changed: Callback<()>,
}

#[component]
pub fn DonationView(props: &DonationViewProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let items = use_items();
    let item_list = items.ready().cloned().unwrap_or_default();
    let d = &props.donation;
    let fact = |label: &'static str, value: Html| html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> };
    html! {
        <section data-testid="donation-page">
            <div class="page-head">
                <h1>
                    { session.t("aid.donation") }{ " " }
                    <span data-testid="donation-receipt-number">{ &d.receipt_number }</span>
                </h1>
                <div class="actions">
                    if d.reversal.is_some() { <ReversedBadge /> }
                    <ReceiptButtons donation={d.id} receipt_number={d.receipt_number.clone()} prefix="donation-receipt" />
                </div>
            </div>
            if let Some(reversal) = &d.reversal {
                <div class="error-note" role="note" data-testid="donation-reversal">
                    <strong>{ session.t("aid.reversed_by") }</strong>
                    <p>{ format!("{} · {}", reversal.by.name, format::datetime(lang, &reversal.at)) }</p>
                    <p class="prose">{ &reversal.reason }</p>
                </div>
            }
            <div class="card">
                <dl class="facts">
                    { fact("aid.received_on", html! { date(lang, d.received_on) }) }
                    { fact("aid.donor", match &d.donor {
                        Some(donor) => html! { <AppLink to={Route::Donor { id: donor.id }} testid="donation-donor">{ &donor.name }</AppLink> },
                        None => html! { <span data-testid="donation-donor">{ donor_name(lang, None) }</span> },
                    }) }
                    { fact("aid.campaign", html! { <AppLink to={Route::Campaign { id: d.campaign.id }}>{ &d.campaign.name }</AppLink> }) }
                    { fact("aid.channel", html! { <span data-testid="donation-channel">{ channel_label(lang, d.channel) }</span> }) }
                    if let Some(reference) = &d.bank_reference { { fact("aid.bank_reference", html! { reference }) } }
                    if d.channel != DonationChannel::InKind {
                        { fact("aid.amount", html! { <strong data-testid="donation-amount">{ money(lang, d.cash_amount) }</strong> }) }
                    }
                    if let Some(location) = &d.location {
                        { fact("aid.location_received", html! { <AppLink to={Route::StockLocation { id: location.id }}>{ &location.name }</AppLink> }) }
                    }
                    if !d.note.trim().is_empty() { { fact("aid.note", html! { <span class="prose">{ &d.note }</span> }) } }
                    { fact("aid.recorded_by", html! { format!("{} · {}", d.recorded_by.name, format::datetime(lang, &d.created_at)) }) }
                </dl>
            </div>
            if !d.lines.is_empty() {
                <section class="card" aria-labelledby="donation-lines-heading">
                    <h2 id="donation-lines-heading">{ session.t("aid.goods") }</h2>
                    <div class="table-wrap">
                        <table data-testid="donation-lines">
                            <thead>
                                <tr>
                                    <th scope="col">{ session.t("aid.item") }</th>
                                    <th scope="col" class="num">{ session.t("aid.quantity") }</th>
                                    <th scope="col" class="num">{ session.t("aid.estimated_value") }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for d.lines.iter().map(|line| html! {
                                    <tr data-testid="donation-line">
                                        <td>{ named_item(lang, &item_list, &line.item) }</td>
                                        <td class="num nowrap">{ quantity(lang, line.quantity, line.unit) }</td>
                                        <td class="num nowrap">{ money(lang, line.estimated_value) }</td>
                                    </tr>
                                }) }
                                <tr>
                                    <th scope="row" colspan="2">{ session.t("aid.goods_value") }</th>
                                    <td class="num nowrap"><strong data-testid="donation-goods-value">{ money(lang, d.goods_value) }</strong></td>
                                </tr>
                            </tbody>
                        </table>
                    </div>
                </section>
            }
            if d.can_reverse && d.reversal.is_none() {
                <section class="card">
                    <p class="hint">{ session.t("aid.reverse_donation_hint") }</p>
                    <ReverseForm target={Reversible::Donation(d.id)} prefix="donation-reverse" button="aid.reverse_donation"
                        on_done={props.on_changed.clone()} />
                </section>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use chrono::{DateTime, NaiveDate, Utc};
    use danvan_domain::{
        aid::{DonationLine, ItemUnit, Quantity, Reversal},
        named::NamedRef,
        role::Role,
    };
    use uuid::Uuid;

    fn view() -> Html {
        let named = |n: u128, name: &str| NamedRef { id: Uuid::from_u128(n), name: name.into() };
        let donation = Donation {
            id: Uuid::from_u128(1),
            receipt_number: "BN-2021-000123".into(),
            donor: None,
            campaign: named(2, "Chung tay vì Thành phố Hồ Chí Minh"),
            pledge_id: None,
            received_on: NaiveDate::from_ymd_opt(2021, 8, 20).unwrap_or_default(),
            channel: DonationChannel::InKind,
            bank_reference: None,
            cash_amount: 0,
            lines: vec![DonationLine {
                item: named(3, "Gạo"),
                unit: ItemUnit::Kg,
                quantity: Quantity(1_234_500),
                estimated_value: 18_500_000,
            }],
            goods_value: 18_500_000,
            location: Some(named(4, "Kho Quận 7")),
            note: String::new(),
            recorded_by: named(5, "Cán bộ Văn phòng (demo)"),
            reversal: Some(Reversal {
                by: named(6, "Quản trị"),
                at: DateTime::<Utc>::UNIX_EPOCH,
                reason: "Nhập nhầm chiến dịch".into(),
            }),
            can_reverse: true,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
        };
        html! { <DonationView donation={Rc::new(donation)} on_changed={Callback::noop()} /> }
    }

    #[tokio::test]
    async fn a_donation_shows_its_goods_and_reversal() {
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains("BN-2021-000123") && vi.contains("1.234,5 kg") && vi.contains("18.500.000 ₫"), "{vi}");
        assert!(
            vi.contains("Nhập nhầm chiến dịch") && vi.contains("Ẩn danh") && vi.contains("In biên nhận A5"),
            "{vi}"
        );
        assert!(!vi.contains("donation-reverse-open"), "a reversed donation cannot be reversed again: {vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("1,234.5 kg") && en.contains("₫18,500,000") && en.contains("Print receipt A4"), "{en}");
    }
}
