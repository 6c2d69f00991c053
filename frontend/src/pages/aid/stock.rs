//! Stock: the locations that keep goods (by province, words of the name; kept in the URL),
//! and one location's page: what it holds of each item, the movements that made it so
//! (newest first, each linked to the donation, transfer or adjustment behind it), the
//! transfers in and out with the form that sends goods to another location (a transfer
//! that would take a balance below zero is refused and says so), and the adjustments: the
//! form that asks for one and the list where someone else than who asked approves or
//! rejects it.

use crate::{
    api::{self, Tagged},
    components::{
        form::{begin_send, edit, field_message, show_failure, SelectField, TextField},
        hooks::{use_debounced, use_title},
        link::AppLink,
        load::{use_load, use_paged, Load},
        status::{Empty, ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::t,
    pages::{
        aid::{
            model::{
                borrowed, enum_options, id_options, item_matches, item_name, location_kind_label, movement_kind_label,
                named_item, quantity, quantity_echo, reason_label, signed_quantity, taken_items, with_export,
                with_paging, AdjustmentDraft, GoodsDraft, LocationFilter, TransferDraft,
            },
            widgets::{
                export, focus, use_items, use_pending_focus, AdjustmentStatusBadge, Choice, Combobox, ExportButtons,
                MoreButton, ReverseForm, ReversedBadge, Reversible, PAGE,
            },
        },
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    aid::{
        AdjustmentReason, AdjustmentStatus, DecideAdjustment, Item, Location, StockAdjustment, StockBalance,
        StockMovement, StockTransfer,
    },
    area::Layout,
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

/// The problem code of a move that would take a balance below zero.
const INSUFFICIENT: &str = "insufficient_stock";

/// Provinces of both layouts, a name found in both carrying its layout's year.
pub(crate) async fn province_choices() -> Result<Vec<(Uuid, String)>, api::ApiError> {
    let mut all = Vec::new();
    for layout in [Layout::L2025, Layout::L2021] {
        all.extend(api::provinces(layout).await?.into_iter().map(|a| (a.id, a.name, layout)));
    }
    let mut choices: Vec<(Uuid, String)> = all
        .iter()
        .map(|(id, name, layout)| {
            let twice = all.iter().filter(|(_, other, _)| other == name).count() > 1;
            (*id, if twice { format!("{name} ({})", layout.as_str()) } else { name.clone() })
        })
        .collect();
    choices.sort_by_cached_key(|(_, name)| crate::text::fold(name));
    Ok(choices)
}

#[derive(Properties, PartialEq)]
pub struct LocationTableProps {
    pub locations: Rc<Vec<Location>>,
}

#[component]
pub fn LocationTable(props: &LocationTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    html! {
        <div class="table-wrap">
            <table data-testid="locations-table">
                <thead>
                    <tr>
                        <th scope="col">{ session.t("aid.location") }</th>
                        <th scope="col">{ session.t("aid.location_kind") }</th>
                        <th scope="col">{ session.t("aid.province") }</th>
                        <th scope="col">{ session.t("aid.commune") }</th>
                        <th scope="col">{ session.t("aid.org_unit") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.locations.iter().map(|l| html! {
                        <tr key={l.id.to_string()} data-testid="location-row" data-location-id={l.id.to_string()}
                            class={classes!((!l.active).then_some("inactive"))}>
                            <td class="team-name-cell">
                                <AppLink to={Route::StockLocation { id: l.id }} testid="location-link">{ &l.name }</AppLink>
                            </td>
                            <td>{ location_kind_label(lang, l.kind) }</td>
                            <td>{ &l.province.name }</td>
                            <td>{ &l.area.name }</td>
                            <td>{ &l.org_unit.name }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn StockList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.stock"));
    let navigator = use_navigator();
    let location = use_location();
    let filter = LocationFilter::from_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let apply = {
        let navigator = navigator.clone();
        Callback::from(move |next: LocationFilter| {
            if let Some(navigator) = &navigator {
                let pairs = next.pairs();
                if pairs.is_empty() {
                    navigator.push(&Route::Stock);
                } else {
                    let _ = navigator.push_with_query(&Route::Stock, pairs);
                }
            }
        })
    };
    let typed = use_state(|| filter.q.clone());
    let settled = use_debounced((*typed).clone(), 300);
    {
        let (filter, apply) = (filter.clone(), apply.clone());
        use_effect_with(settled, move |settled| {
            if settled.trim() != filter.q.trim() {
                apply.emit(LocationFilter { q: settled.trim().to_owned(), ..filter });
            }
        });
    }
    let provinces = use_load((), |()| province_choices());
    let paged = use_paged(filter.clone(), |filter: LocationFilter, cursor| async move {
        let pairs = with_paging(filter.pairs(), cursor.as_deref(), PAGE);
        api::client().list_aid_locations(&borrowed(&pairs)).await
    });
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| typed.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_province = {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| apply.emit(LocationFilter { province_id: value, ..filter.clone() }))
    };
    let clear = {
        let (apply, typed) = (apply.clone(), typed.clone());
        Callback::from(move |_| {
            typed.set(String::new());
            apply.emit(LocationFilter::default());
        })
    };
    let province_list = provinces.ready().cloned().unwrap_or_default();
    let list = &*paged.list;
    html! {
        <section data-testid="stock-page">
            <div class="page-head"><h1>{ session.t("nav.stock") }</h1></div>
            <form class="card filters" role="search" aria-label={session.t("aid.location_filters")}
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field">
                    <label for="stock-filter-q">{ session.t("aid.location_search") }</label>
                    <input id="stock-filter-q" data-testid="stock-filter-q" type="search" value={(*typed).clone()} {oninput} autocomplete="off" />
                </div>
                <SelectField id="stock-filter-province" field="province_id" label={session.t("aid.province")}
                    value={filter.province_id.clone()} options={id_options(t(lang, "aid.any"), &province_list)} onchange={on_province} />
                <div class="actions">
                    <button type="button" class="secondary" data-testid="stock-filter-clear" onclick={clear}
                        disabled={filter.is_empty()}>{ session.t("action.clear") }</button>
                </div>
            </form>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_locations" /> }
            } else {
                <LocationTable locations={list.items.clone()} />
                if list.next.is_some() {
                    <MoreButton testid="locations-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </section>
    }
}

// --- one location ---

#[component]
pub fn StockLocationPage(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("aid.location"));
    let location = use_load(props.id, |id| async move { api::client().get_aid_location(id).await });
    match &*location {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(location) => html! { <LocationView location={location.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct LocationViewProps {
    location: Rc<Tagged<Location>>,
}

#[component]
fn LocationView(props: &LocationViewProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let location = &props.location.value;
    let id = location.id;
    // Every post changes the balances, the movements and the lists: they read again.
    let reload = use_state(|| 0u32);
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let items = use_items();
    let item_list: Rc<Vec<Item>> = Rc::new(items.ready().cloned().unwrap_or_default());
    let balances = use_paged((id, *reload), |(id, _), cursor| async move {
        let pairs = with_paging(vec![("location_id", id.to_string())], cursor.as_deref(), PAGE);
        api::client().list_stock_balances(&borrowed(&pairs)).await
    });
    let exporting = use_state(|| false);
    let onexport = {
        let (exporting, toast) = (exporting.clone(), toast.clone());
        Callback::from(move |format: &'static str| {
            let pairs = with_export(vec![("location_id", id.to_string())], format, lang);
            export(lang, &exporting, &toast, format!("stock.{format}"), move || async move {
                api::client().export_stock_balances(&borrowed(&pairs)).await
            });
        })
    };
    let fact = |label: &'static str, value: Html| html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> };
    let balance_list = &*balances.list;
    html! {
        <section data-testid="location-page">
            <div class="page-head">
                <h1 data-testid="location-name">{ &location.name }</h1>
            </div>
            <div class="card">
                <dl class="facts">
                    { fact("aid.location_kind", html! { location_kind_label(lang, location.kind) }) }
                    { fact("aid.province", html! { &location.province.name }) }
                    { fact("aid.commune", html! { &location.area.name }) }
                    { fact("aid.address", html! { { if location.address.is_empty() { "—".to_owned() } else { location.address.clone() } } }) }
                    { fact("aid.org_unit", html! { &location.org_unit.name }) }
                </dl>
            </div>
            <section class="card" aria-labelledby="balances-heading" data-testid="balances">
                <h2 id="balances-heading">{ session.t("aid.balances") }</h2>
                if let Some(error) = &balance_list.error { <ErrorNote error={error.clone()} /> }
                if balance_list.items.is_empty() {
                    if balance_list.loading { <Loading /> } else if balance_list.error.is_none() { <Empty key_name="aid.no_stock" /> }
                } else {
                    <div class="table-wrap">
                        <table data-testid="balances-table">
                            <thead>
                                <tr>
                                    <th scope="col">{ session.t("aid.item") }</th>
                                    <th scope="col" class="num">{ session.t("aid.in_stock") }</th>
                                    <th scope="col">{ session.t("aid.updated_at") }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for balance_list.items.iter().map(|b| html! {
                                    <tr key={b.item.id.to_string()} data-testid="balance-row" data-item-id={b.item.id.to_string()}>
                                        <td>{ named_item(lang, &item_list, &b.item) }</td>
                                        <td class="num nowrap" data-testid="balance-quantity">{ quantity(lang, b.quantity, b.unit) }</td>
                                        <td class="nowrap">{ format::datetime(lang, &b.updated_at) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if balance_list.next.is_some() {
                        <MoreButton testid="balances-more" loading={balance_list.loading} onclick={balances.more.clone()} />
                    }
                }
                <div class="actions">
                    <ExportButtons testid="balances-export" {onexport} busy={*exporting} />
                </div>
            </section>
            if location.can_manage_stock {
                <TransferForm from={id} items={item_list.clone()} balances={balance_list.items.clone()} on_changed={on_changed.clone()} />
                <AdjustmentForm location={id} items={item_list.clone()} on_changed={on_changed.clone()} />
            }
            <Adjustments location={id} reload={*reload} items={item_list.clone()} on_changed={on_changed.clone()} />
            <Movements location={id} reload={*reload} items={item_list.clone()} />
            <Transfers location={id} reload={*reload} items={item_list.clone()} can_reverse={location.can_manage_stock} {on_changed} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MovementsProps {
    location: Uuid,
    reload: u32,
    items: Rc<Vec<Item>>,
}

/// The location's movements, newest first.
#[component]
fn Movements(props: &MovementsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let paged = use_paged((props.location, props.reload), |(id, _), cursor| async move {
        let pairs = with_paging(vec![("location_id", id.to_string())], cursor.as_deref(), PAGE);
        api::client().list_stock_movements(&borrowed(&pairs)).await
    });
    let list = &*paged.list;
    let source = |m: &StockMovement| {
        if let Some(donation) = m.donation_id {
            html! { <AppLink to={Route::Donation { id: donation }} testid="movement-donation">{ session.t("aid.donation") }</AppLink> }
        } else if let Some(transfer) = m.transfer_id {
            html! { <a href={format!("#transfer-{transfer}")} data-testid="movement-transfer">{ session.t("aid.transfer") }</a> }
        } else if let Some(adjustment) = m.adjustment_id {
            html! { <a href={format!("#adjustment-{adjustment}")} data-testid="movement-adjustment">{ session.t("aid.adjustment") }</a> }
        } else {
            html! { "—" }
        }
    };
    html! {
        <section class="card" aria-labelledby="movements-heading" data-testid="movements">
            <h2 id="movements-heading">{ session.t("aid.movements") }</h2>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_movements" /> }
            } else {
                <div class="table-wrap">
                    <table data-testid="movements-table">
                        <thead>
                            <tr>
                                <th scope="col">{ session.t("aid.posted_at") }</th>
                                <th scope="col">{ session.t("aid.movement_kind") }</th>
                                <th scope="col">{ session.t("aid.item") }</th>
                                <th scope="col" class="num">{ session.t("aid.quantity") }</th>
                                <th scope="col" class="num">{ session.t("aid.balance_after") }</th>
                                <th scope="col">{ session.t("aid.source") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for list.items.iter().map(|m| html! {
                                <tr key={m.id.to_string()} data-testid="movement-row" data-kind={m.kind.as_str()}>
                                    <td class="nowrap">{ format::datetime(lang, &m.posted_at) }</td>
                                    <td>
                                        { movement_kind_label(lang, m.kind) }
                                        if m.reverses.is_some() { <span class="cell-note">{ session.t("aid.reversal") }</span> }
                                    </td>
                                    <td>{ named_item(lang, &props.items, &m.item) }</td>
                                    <td class="num nowrap" data-testid="movement-quantity">{ signed_quantity(lang, m.quantity, m.unit) }</td>
                                    <td class="num nowrap">{ quantity(lang, m.balance_after, m.unit) }</td>
                                    <td>
                                        { source(m) }
                                        <span class="cell-note">{ &m.recorded_by.name }</span>
                                        if !m.note.is_empty() { <span class="cell-note">{ &m.note }</span> }
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if list.next.is_some() {
                    <MoreButton testid="movements-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TransfersProps {
    location: Uuid,
    reload: u32,
    items: Rc<Vec<Item>>,
    can_reverse: bool,
    on_changed: Callback<()>,
}

/// Transfers in and out of the location.
#[component]
fn Transfers(props: &TransfersProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let paged = use_paged((props.location, props.reload), |(id, _), cursor| async move {
        let pairs = with_paging(vec![("location_id", id.to_string())], cursor.as_deref(), PAGE);
        api::client().list_stock_transfers(&borrowed(&pairs)).await
    });
    let list = &*paged.list;
    let lines = |transfer: &StockTransfer| {
        transfer
            .lines
            .iter()
            .map(|l| format!("{} {}", named_item(lang, &props.items, &l.item), quantity(lang, l.quantity, l.unit)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    html! {
        <section class="card" aria-labelledby="transfers-heading" data-testid="transfers">
            <h2 id="transfers-heading">{ session.t("aid.transfers") }</h2>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_transfers" /> }
            } else {
                <ul class="activity-log">
                    { for list.items.iter().map(|tr| {
                        let outgoing = tr.from_location.id == props.location;
                        html! {
                            <li class="activity" id={format!("transfer-{}", tr.id)} key={tr.id.to_string()} data-testid="transfer"
                                data-direction={if outgoing { "out" } else { "in" }}>
                                <div class="activity-head">
                                    <span class="activity-date">{ format::datetime(lang, &tr.posted_at) }</span>
                                    <strong>
                                        if outgoing {
                                            { session.t("aid.transfer_to") }{ " " }
                                            <AppLink to={Route::StockLocation { id: tr.to_location.id }}>{ &tr.to_location.name }</AppLink>
                                        } else {
                                            { session.t("aid.transfer_from") }{ " " }
                                            <AppLink to={Route::StockLocation { id: tr.from_location.id }}>{ &tr.from_location.name }</AppLink>
                                        }
                                    </strong>
                                    if tr.reversal.is_some() { <ReversedBadge /> }
                                </div>
                                <p data-testid="transfer-lines">{ lines(tr) }</p>
                                if !tr.note.is_empty() { <p class="activity-note">{ &tr.note }</p> }
                                <p class="activity-by muted">{ &tr.recorded_by.name }</p>
                                if let Some(reversal) = &tr.reversal {
                                    <p class="activity-by muted">
                                        { format!("{}: {} · {} · {}", t(lang, "aid.reversed_by"), reversal.by.name, format::datetime(lang, &reversal.at), reversal.reason) }
                                    </p>
                                } else if props.can_reverse {
                                    <ReverseForm target={Reversible::Transfer(tr.id)} prefix={format!("transfer-reverse-{}", tr.id)}
                                        on_done={props.on_changed.clone()} />
                                }
                            </li>
                        }
                    }) }
                </ul>
                if list.next.is_some() {
                    <MoreButton testid="transfers-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TransferFormProps {
    from: Uuid,
    items: Rc<Vec<Item>>,
    balances: Rc<Vec<StockBalance>>,
    on_changed: Callback<()>,
}

/// Sends goods from this location to another.
#[component]
fn TransferForm(props: &TransferFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let draft = use_state(TransferDraft::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let refused = use_state(|| None::<String>);
    let pending_focus = use_pending_focus();
    let from = props.from;
    let targets = use_load(from, |from| async move {
        let all = api::client().all_aid_locations(&[]).await?;
        Ok(all.into_iter().filter(|l| l.active && l.id != from).map(|l| (l.id, l.name)).collect::<Vec<_>>())
    });
    let onsubmit = {
        let (draft, errors, busy, key, toast, refused, on_changed) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            refused.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_request(lang, from);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            refused.set(None);
            let (draft, errors, busy, key, toast, refused, on_changed) = (
                draft.clone(),
                errors.clone(),
                busy.clone(),
                key.clone(),
                toast.clone(),
                refused.clone(),
                on_changed.clone(),
            );
            spawn_local(async move {
                match api::client().create_stock_transfer(&request, Some(&key)).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "aid.transferred")));
                        draft.set(TransferDraft::default());
                        key.set(api::new_key());
                        on_changed.emit(());
                    }
                    Err(error) if error.code() == Some(INSUFFICIENT) => {
                        let detail = error.problem().and_then(|p| p.detail.clone()).unwrap_or_default();
                        refused.set(Some(detail));
                        // Nothing was kept: a smaller transfer is another request.
                        key.set(api::new_key());
                        // The balances may have moved meanwhile.
                        on_changed.emit(());
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let error = |field: &str| field_message(lang, &errors, field);
    let target_list = targets.ready().cloned().unwrap_or_default();
    let lines = draft.lines.iter().enumerate().map(|(index, line)| {
        let taken = taken_items(&draft.lines, index);
        let matches: Vec<Item> = item_matches(&props.items, &line.query, &taken).into_iter().cloned().collect();
        let unit = line.item_id.and_then(|id| props.items.iter().find(|i| i.id == id)).map(|i| i.unit);
        let held = line.item_id.and_then(|id| props.balances.iter().find(|b| b.item.id == id));
        let choices: Vec<Choice> = matches
            .iter()
            .map(|i| {
                let held = props.balances.iter().find(|b| b.item.id == i.id).map(|b| quantity(lang, b.quantity, b.unit));
                Choice {
                    label: AttrValue::from(item_name(lang, i)),
                    detail: Some(AttrValue::from(held.unwrap_or_else(|| quantity(lang, Default::default(), i.unit)))),
                }
            })
            .collect();
        let item_id = format!("transfer-line-{index}-item");
        let quantity_id = format!("transfer-line-{index}-quantity");
        let on_input = {
            let draft = draft.clone();
            Callback::from(move |value: String| {
                let mut next = (*draft).clone();
                if let Some(line) = next.lines.get_mut(index) {
                    line.query = value;
                    line.item_id = None;
                }
                draft.set(next);
            })
        };
        let on_pick = {
            let (draft, pending_focus, quantity_id) = (draft.clone(), pending_focus.clone(), quantity_id.clone());
            Callback::from(move |choice: usize| {
                let Some(item) = matches.get(choice) else { return };
                let mut next = (*draft).clone();
                if let Some(line) = next.lines.get_mut(index) {
                    line.item_id = Some(item.id);
                    line.query = item_name(lang, item);
                }
                draft.set(next);
                pending_focus.set(Some(quantity_id.clone()));
            })
        };
        let on_item_key = {
            let (chosen, empty, quantity_id) = (line.item_id.is_some(), line.is_blank(), quantity_id.clone());
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Enter" && !(event.ctrl_key() || event.meta_key()) && !empty {
                    event.prevent_default();
                    if chosen {
                        focus(&quantity_id);
                    }
                }
            })
        };
        // Enter on a quantity adds the next line.
        let on_quantity_key = {
            let (draft, pending_focus) = (draft.clone(), pending_focus.clone());
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Enter" && !(event.ctrl_key() || event.meta_key()) {
                    event.prevent_default();
                    if index + 1 == draft.lines.len() {
                        let mut next = (*draft).clone();
                        next.lines.push(GoodsDraft::default());
                        draft.set(next);
                    }
                    pending_focus.set(Some(format!("transfer-line-{}-item", index + 1)));
                }
            })
        };
        let set_quantity = {
            let draft = draft.clone();
            Callback::from(move |value: String| {
                let mut next = (*draft).clone();
                if let Some(line) = next.lines.get_mut(index) {
                    line.quantity = value;
                }
                draft.set(next);
            })
        };
        let label = match unit {
            Some(unit) => format!("{} ({})", t(lang, "aid.quantity"), unit.symbol(lang)),
            None => t(lang, "aid.quantity").to_owned(),
        };
        let hint = quantity_echo(lang, &line.quantity, unit)
            .or_else(|| held.map(|b| format!("{}: {}", t(lang, "aid.in_stock"), quantity(lang, b.quantity, b.unit))));
        html! {
            <div class="form-row" key={index} data-testid="transfer-line">
                <Combobox id={item_id} field={format!("lines[{index}].item_id")} label={session.t("aid.item")}
                    value={line.query.clone()} oninput={on_input} {choices} onpick={on_pick} onkeydown={on_item_key}
                    error={error(&format!("lines[{index}].item_id"))} empty_text={AttrValue::from(session.t("aid.no_item_found"))} />
                <div onkeydown={on_quantity_key}>
                    <TextField id={quantity_id} field={format!("lines[{index}].quantity")} {label} value={line.quantity.clone()}
                        oninput={set_quantity} error={error(&format!("lines[{index}].quantity"))} autocomplete="off"
                        hint={hint.map(AttrValue::from)} />
                </div>
            </div>
        }
    });
    let add_line = {
        let (draft, pending_focus) = (draft.clone(), pending_focus.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.lines.push(GoodsDraft::default());
            let index = next.lines.len() - 1;
            draft.set(next);
            pending_focus.set(Some(format!("transfer-line-{index}-item")));
        })
    };
    html! {
        <section class="card" aria-labelledby="transfer-heading">
            <h2 id="transfer-heading">{ session.t("aid.transfer_new") }</h2>
            <form class="form" novalidate=true {onsubmit} data-testid="transfer-form">
                if let Some(detail) = &*refused {
                    <div class="form-error" role="alert" data-testid="transfer-insufficient">
                        <strong>{ session.t("aid.insufficient_stock") }</strong>
                        if !detail.is_empty() { <p>{ detail }</p> }
                    </div>
                }
                <SelectField id="transfer-to" field="to_location_id" label={session.t("aid.transfer_to")}
                    value={draft.to_location_id.clone()} options={id_options(t(lang, "aid.choose"), &target_list)}
                    onchange={edit(&draft, |d, v| d.to_location_id = v)} error={error("to_location_id")} />
                { for lines }
                if let Some(message) = error("lines").filter(|_| errors.iter().any(|e| e.field == "lines")) {
                    <p class="field-error" data-testid="field-error-lines">{ message }</p>
                }
                <TextField id="transfer-note" field="note" label={session.t("aid.note")}
                    value={draft.note.clone()} oninput={edit(&draft, |d, v| d.note = v)} error={error("note")} />
                <div class="actions">
                    <button type="button" class="secondary" data-testid="transfer-line-add" onclick={add_line}>{ session.t("aid.line_add") }</button>
                    <button type="submit" class="primary" data-testid="transfer-submit" disabled={*busy}>{ session.t("aid.transfer_submit") }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AdjustmentFormProps {
    location: Uuid,
    items: Rc<Vec<Item>>,
    on_changed: Callback<()>,
}

/// Asks for an adjustment, which someone else approves.
#[component]
fn AdjustmentForm(props: &AdjustmentFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let draft = use_state(AdjustmentDraft::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (draft, errors, busy, key, toast, on_changed, location) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            props.on_changed.clone(),
            props.location,
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_request(lang, location);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (draft, errors, busy, key, toast, on_changed) =
                (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone(), on_changed.clone());
            spawn_local(async move {
                match api::client().create_stock_adjustment(&request, Some(&key)).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "aid.adjustment_requested")));
                        draft.set(AdjustmentDraft::default());
                        key.set(api::new_key());
                        on_changed.emit(());
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let error = |field: &str| field_message(lang, &errors, field);
    let items: Vec<(Uuid, String)> = props
        .items
        .iter()
        .filter(|i| i.active)
        .map(|i| (i.id, format!("{} ({})", item_name(lang, i), i.unit.symbol(lang))))
        .collect();
    let unit =
        draft.item_id.parse::<Uuid>().ok().and_then(|id| props.items.iter().find(|i| i.id == id)).map(|i| i.unit);
    let reasons = enum_options(AdjustmentReason::ALL, |r| r.as_str(), |r| reason_label(lang, r), None);
    html! {
        <section class="card" aria-labelledby="adjustment-heading">
            <h2 id="adjustment-heading">{ session.t("aid.adjustment_new") }</h2>
            <form class="form" novalidate=true {onsubmit} data-testid="adjustment-form">
                <div class="form-row">
                    <SelectField id="adjustment-item" field="item_id" label={session.t("aid.item")} value={draft.item_id.clone()}
                        options={id_options(t(lang, "aid.choose"), &items)} onchange={edit(&draft, |d, v| d.item_id = v)} error={error("item_id")} />
                    <TextField id="adjustment-quantity" field="quantity" label={session.t("aid.adjustment_quantity")} required=true
                        value={draft.quantity.clone()} oninput={edit(&draft, |d, v| d.quantity = v)} error={error("quantity")} autocomplete="off"
                        hint={Some(AttrValue::from(quantity_echo(lang, &draft.quantity, unit).unwrap_or_else(|| t(lang, "aid.adjustment_hint").to_owned())))} />
                </div>
                <SelectField id="adjustment-reason" field="reason" label={session.t("aid.adjustment_reason")} value={draft.reason.as_str()}
                    options={reasons} onchange={edit(&draft, |d, v: String| d.reason = AdjustmentReason::parse(&v).unwrap_or(d.reason))} />
                <TextAreaField id="adjustment-note" field="note" label={session.t("aid.adjustment_note")} required=true rows={2}
                    value={draft.note.clone()} oninput={edit(&draft, |d, v| d.note = v)} error={error("note")} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="adjustment-submit" disabled={*busy}>{ session.t("aid.adjustment_submit") }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AdjustmentsProps {
    location: Uuid,
    reload: u32,
    items: Rc<Vec<Item>>,
    on_changed: Callback<()>,
}

/// The location's adjustments, those awaiting approval with their decision.
#[component]
fn Adjustments(props: &AdjustmentsProps) -> Html {
    let session = use_session();
    let paged = use_paged((props.location, props.reload), |(id, _), cursor| async move {
        let pairs = with_paging(vec![("location_id", id.to_string())], cursor.as_deref(), PAGE);
        api::client().list_stock_adjustments(&borrowed(&pairs)).await
    });
    let list = &*paged.list;
    html! {
        <section class="card" aria-labelledby="adjustments-heading" data-testid="adjustments">
            <h2 id="adjustments-heading">{ session.t("aid.adjustments") }</h2>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_adjustments" /> }
            } else {
                <ul class="activity-log">
                    { for list.items.iter().map(|a| html! {
                        <AdjustmentEntry key={a.id.to_string()} adjustment={a.clone()} items={props.items.clone()} on_changed={props.on_changed.clone()} />
                    }) }
                </ul>
                if list.next.is_some() {
                    <MoreButton testid="adjustments-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AdjustmentEntryProps {
    adjustment: StockAdjustment,
    items: Rc<Vec<Item>>,
    on_changed: Callback<()>,
}

#[component]
fn AdjustmentEntry(props: &AdjustmentEntryProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let note = use_state(String::new);
    let busy = use_state(|| false);
    let a = &props.adjustment;
    let decide = |approve: bool| {
        let (note, busy, toast, on_changed, id) =
            (note.clone(), busy.clone(), toast.clone(), props.on_changed.clone(), a.id);
        Callback::from(move |_: MouseEvent| {
            let body = DecideAdjustment { note: note.trim().to_owned() };
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, toast, on_changed) = (busy.clone(), toast.clone(), on_changed.clone());
            spawn_local(async move {
                let client = api::client();
                let answer = if approve {
                    client.approve_stock_adjustment(id, &body).await
                } else {
                    client.reject_stock_adjustment(id, &body).await
                };
                match answer {
                    Ok(_) => {
                        toast.emit(Toast::success(t(
                            lang,
                            if approve { "aid.adjustment_approved" } else { "aid.adjustment_rejected" },
                        )));
                        on_changed.emit(());
                    }
                    Err(error) => {
                        toast.emit(Toast::error(lang, &error));
                        if error.status() == Some(409) {
                            on_changed.emit(());
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    let pending = a.status == AdjustmentStatus::Pending;
    let note_id = format!("adjustment-{}-note", a.id);
    html! {
        <li class="activity" id={format!("adjustment-{}", a.id)} data-testid="adjustment" data-status={a.status.as_str()}>
            <div class="activity-head">
                <span class="activity-date">{ format::datetime(lang, &a.requested_at) }</span>
                <strong>{ format!("{} {}", named_item(lang, &props.items, &a.item), signed_quantity(lang, a.quantity, a.unit)) }</strong>
                <span>{ reason_label(lang, a.reason) }</span>
                <AdjustmentStatusBadge status={a.status} />
            </div>
            <p class="activity-note">{ &a.note }</p>
            <p class="activity-by muted">{ t(lang, "aid.requested_by").replace("{name}", &a.requested_by.name) }</p>
            if let (Some(by), Some(at)) = (&a.decided_by, &a.decided_at) {
                <p class="activity-by muted">
                    { format!("{}: {} · {}", t(lang, "aid.decided_by"), by.name, format::datetime(lang, at)) }
                    if !a.decision_note.is_empty() { { format!(" · {}", a.decision_note) } }
                </p>
            }
            if pending && a.can_decide {
                <div class="inline-form" data-testid="adjustment-decide">
                    <TextField id={note_id} field="note" label={session.t("aid.decision_note")} value={(*note).clone()}
                        oninput={edit(&note, |n, v| *n = v)} />
                    <div class="actions">
                        <button type="button" class="primary" data-testid="adjustment-approve" disabled={*busy} onclick={decide(true)}>
                            { session.t("aid.approve") }
                        </button>
                        <button type="button" class="danger" data-testid="adjustment-reject" disabled={*busy} onclick={decide(false)}>
                            { session.t("aid.reject") }
                        </button>
                    </div>
                </div>
            } else if pending {
                <p class="hint">{ session.t("aid.awaiting_other") }</p>
            }
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use chrono::{DateTime, Utc};
    use danvan_domain::{aid::ItemUnit, aid::Quantity, named::NamedRef, role::Role};

    fn adjustment(status: AdjustmentStatus, can_decide: bool) -> StockAdjustment {
        let named = |n: u128, name: &str| NamedRef { id: Uuid::from_u128(n), name: name.into() };
        StockAdjustment {
            id: Uuid::from_u128(1),
            location: named(2, "Kho Quận 7"),
            item: named(3, "Gạo"),
            unit: ItemUnit::Kg,
            quantity: Quantity(-12_500),
            reason: AdjustmentReason::Damage,
            note: "Ướt mưa khi bốc dỡ".into(),
            status,
            requested_by: named(4, "Cán bộ Văn phòng (demo)"),
            requested_at: DateTime::<Utc>::UNIX_EPOCH,
            decided_by: None,
            decided_at: None,
            decision_note: String::new(),
            movement_id: None,
            can_decide,
        }
    }

    #[tokio::test]
    async fn a_pending_adjustment_awaits_approval() {
        fn view() -> Html {
            html! { <AdjustmentEntry adjustment={adjustment(AdjustmentStatus::Pending, true)} items={Rc::new(vec![])} on_changed={Callback::noop()} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains("Chờ duyệt") && vi.contains("Gạo -12,5 kg") && vi.contains("Hư hỏng"), "{vi}");
        assert!(vi.contains(r#"data-testid="adjustment-approve""#), "{vi}");
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("Awaiting approval") && en.contains("-12.5 kg") && en.contains("Approve"), "{en}");
        fn mine() -> Html {
            html! { <AdjustmentEntry adjustment={adjustment(AdjustmentStatus::Pending, false)} items={Rc::new(vec![])} on_changed={Callback::noop()} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), mine).await;
        assert!(!vi.contains("adjustment-approve") && vi.contains("người khác"), "{vi}");
    }
}
