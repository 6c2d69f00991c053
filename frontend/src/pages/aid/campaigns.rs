//! Campaigns: the list (status and words of the name, kept in the URL) with the cash each
//! received against its target; the form that opens or changes one; and a campaign's page:
//! its status and the moves it may make, progress bars for cash pledged and received and
//! for each item it asks for, the report's figures by donor, location and month (with its
//! export), its donations and pledges, and its cash ledger with the disbursement form.

use crate::{
    api::{self, Tagged},
    components::{
        chart_model::Series,
        charts::LineChart,
        checklist::CheckList,
        dates::{date, period, today, DateField},
        form::{begin_send, edit, field_message, show_failure, show_save_failure, Checkbox, SelectField, TextField},
        hooks::{use_debounced, use_title},
        link::AppLink,
        load::{use_load, use_paged, Load},
        query_link::QueryLink,
        status::{Empty, ErrorNote, Forbidden, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::t,
    pages::{
        aid::{
            model::{
                beneficiary_label, borrowed, campaign_status_label, cash_kind_label, donor_name, enum_options,
                id_options, item_name, money, money_echo, month_series, move_key, named_item, next_statuses, percent,
                quantity, quantity_percent, signed_money, with_paging, CampaignDraft, CampaignFilter,
                DisbursementDraft, GoodsDraft,
            },
            widgets::{
                export, use_items, CampaignStatusBadge, DonationTable, ExportButtons, MoreButton, Progress,
                ReverseForm, ReversedBadge, Reversible, PAGE,
            },
        },
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    aid::{
        BeneficiaryCategory, Campaign, CampaignReport, CampaignStatus, CashEntry, CashEntryKind, Item, UpdateCampaign,
    },
    area::Layout,
    permission::Action,
    validation::FieldError,
};
use std::{collections::BTreeSet, rc::Rc};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CampaignTableProps {
    pub campaigns: Rc<Vec<Campaign>>,
}

/// Campaigns as a table: name, status, unit, period, cash received against the target.
#[component]
pub fn CampaignTable(props: &CampaignTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    html! {
        <div class="table-wrap">
            <table data-testid="campaigns-table">
                <thead>
                    <tr>
                        <th scope="col">{ session.t("aid.campaign_name") }</th>
                        <th scope="col">{ session.t("aid.status") }</th>
                        <th scope="col">{ session.t("aid.cash_received") }</th>
                        <th scope="col">{ session.t("aid.org_unit") }</th>
                        <th scope="col">{ session.t("aid.period") }</th>
                        <th scope="col" class="num">{ session.t("aid.donations_count") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.campaigns.iter().map(|c| {
                        let share = percent(c.received_cash, c.target_cash);
                        html! {
                            <tr key={c.id.to_string()} data-testid="campaign-row" data-campaign-id={c.id.to_string()}>
                                <td class="team-name-cell">
                                    <AppLink to={Route::Campaign { id: c.id }} testid="campaign-link">{ &c.name }</AppLink>
                                </td>
                                <td><CampaignStatusBadge status={c.status} /></td>
                                <td class="nowrap">
                                    <span class="percent">
                                        if let Some(share) = share {
                                            <progress max="100" value={format!("{:.1}", share.min(100.0))}
                                                aria-label={session.t("aid.cash_received")} />
                                        }
                                        <span data-testid="campaign-row-cash">
                                            { match share {
                                                Some(_) => format!("{} / {}", money(lang, c.received_cash), money(lang, c.target_cash)),
                                                None => money(lang, c.received_cash),
                                            } }
                                        </span>
                                    </span>
                                </td>
                                <td>{ &c.org_unit.name }</td>
                                <td class="nowrap">{ period(lang, c.starts_on, c.ends_on) }</td>
                                <td class="num">{ format::number(lang, c.donations) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn CampaignList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.campaigns"));
    let navigator = use_navigator();
    let location = use_location();
    let filter = CampaignFilter::from_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let apply = {
        let navigator = navigator.clone();
        Callback::from(move |next: CampaignFilter| {
            if let Some(navigator) = &navigator {
                let pairs = next.pairs();
                if pairs.is_empty() {
                    navigator.push(&Route::Campaigns);
                } else {
                    let _ = navigator.push_with_query(&Route::Campaigns, pairs);
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
                apply.emit(CampaignFilter { q: settled.trim().to_owned(), ..filter });
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
    let paged = use_paged(filter.clone(), |filter: CampaignFilter, cursor| async move {
        let pairs = with_paging(filter.pairs(), cursor.as_deref(), PAGE);
        api::client().list_campaigns(&borrowed(&pairs)).await
    });
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| typed.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_status = {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |value: String| {
            apply.emit(CampaignFilter { status: CampaignStatus::parse(&value), ..filter.clone() })
        })
    };
    let clear = {
        let (apply, typed) = (apply.clone(), typed.clone());
        Callback::from(move |_| {
            typed.set(String::new());
            apply.emit(CampaignFilter::default());
        })
    };
    let statuses =
        enum_options(CampaignStatus::ALL, |s| s.as_str(), |s| campaign_status_label(lang, s), Some(t(lang, "aid.any")));
    let list = &*paged.list;
    html! {
        <section data-testid="campaigns-page">
            <div class="page-head">
                <h1>{ session.t("nav.campaigns") }</h1>
                <div class="actions">
                    // The public app (a bundle of its own): a full page load, not a route of this app.
                    <a href="/public/aid" class="button secondary" data-testid="public-aid-link"
                        title={session.t("aid.public_figures_hint")}>{ session.t("aid.public_figures") }</a>
                    if session.state.can(Action::AidManage) {
                        <AppLink to={Route::CampaignNew} class="button primary" testid="campaign-new">{ session.t("aid.campaign_new") }</AppLink>
                    }
                </div>
            </div>
            <form class="card filters" role="search" aria-label={session.t("aid.campaign_filters")}
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field">
                    <label for="campaigns-filter-q">{ session.t("aid.campaign_search") }</label>
                    <input id="campaigns-filter-q" data-testid="campaigns-filter-q" type="search" value={(*typed).clone()}
                        {oninput} autocomplete="off" />
                </div>
                <SelectField id="campaigns-filter-status" field="status" label={session.t("aid.status")}
                    value={filter.status.map(|s| s.as_str()).unwrap_or_default()} options={statuses} onchange={on_status} />
                <div class="actions">
                    <button type="button" class="secondary" data-testid="campaigns-filter-clear" onclick={clear}
                        disabled={filter.is_empty()}>{ session.t("action.clear") }</button>
                </div>
            </form>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_campaigns" /> }
            } else {
                <CampaignTable campaigns={list.items.clone()} />
                if list.next.is_some() {
                    <MoreButton testid="campaigns-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </section>
    }
}

// --- the form ---

/// What the campaign form offers: org units, provinces, items.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignChoices {
    pub org_units: Vec<(Uuid, String)>,
    pub provinces: Vec<(Uuid, AttrValue)>,
    pub items: Vec<Item>,
}

async fn load_choices() -> Result<CampaignChoices, api::ApiError> {
    let client = api::client();
    let mut org_units: Vec<(Uuid, String)> = client
        .all_org_units(&[])
        .await?
        .into_iter()
        .filter(|u| u.deleted_at.is_none())
        .map(|u| (u.id, u.name))
        .collect();
    org_units.sort_by_cached_key(|(_, name)| crate::text::fold(name));
    let mut provinces: Vec<(Uuid, AttrValue)> =
        api::provinces(Layout::L2025).await?.into_iter().map(|a| (a.id, AttrValue::from(a.name))).collect();
    provinces.sort_by_cached_key(|(_, name)| crate::text::fold(name));
    let items = client.list_aid_items(None).await?;
    Ok(CampaignChoices { org_units, provinces, items })
}

#[derive(Properties, PartialEq)]
struct CampaignFieldsProps {
    draft: UseStateHandle<CampaignDraft>,
    errors: Vec<FieldError>,
    choices: Rc<CampaignChoices>,
    /// The campaign being changed: its areas stay offered, its status changes on its page.
    #[prop_or_default]
    current: Option<Campaign>,
}

#[component]
fn CampaignFields(props: &CampaignFieldsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let draft = &props.draft;
    let error = |field: &str| field_message(lang, &props.errors, field);
    let mut areas = props.choices.provinces.clone();
    if let Some(current) = &props.current {
        for area in &current.areas {
            if !areas.iter().any(|(id, _)| *id == area.id) {
                areas.push((area.id, AttrValue::from(area.name.clone())));
            }
        }
    }
    let statuses = enum_options(
        &[CampaignStatus::Planned, CampaignStatus::Open],
        |s| s.as_str(),
        |s| campaign_status_label(lang, s),
        None,
    );
    let active: Vec<(Uuid, String)> = props
        .choices
        .items
        .iter()
        .filter(|i| i.active)
        .map(|i| (i.id, format!("{} ({})", item_name(lang, i), i.unit.symbol(lang))))
        .collect();
    let goods = draft.goods.iter().enumerate().map(|(index, line)| {
        let set_item = {
            let draft = draft.clone();
            Callback::from(move |value: String| {
                let mut next = (*draft).clone();
                next.goods[index].item_id = value.parse().ok();
                if index + 1 == next.goods.len() && next.goods[index].item_id.is_some() {
                    next.goods.push(GoodsDraft::default());
                }
                draft.set(next);
            })
        };
        let set_quantity = {
            let draft = draft.clone();
            Callback::from(move |value: String| {
                let mut next = (*draft).clone();
                next.goods[index].quantity = value;
                draft.set(next);
            })
        };
        let unit = line.item_id.and_then(|id| props.choices.items.iter().find(|i| i.id == id)).map(|i| i.unit);
        let value = line.item_id.map(|id| id.to_string()).unwrap_or_default();
        html! {
            <div class="form-row" key={index}>
                <SelectField id={format!("campaign-goods-{index}-item")} field={format!("target_goods[{index}].item_id")}
                    label={t(lang, "aid.item")} value={value} options={id_options(t(lang, "aid.choose"), &active)} onchange={set_item}
                    error={error(&format!("target_goods[{index}].item_id"))} />
                <TextField id={format!("campaign-goods-{index}-quantity")} field={format!("target_goods[{index}].quantity")}
                    label={match unit { Some(unit) => format!("{} ({})", t(lang, "aid.quantity"), unit.symbol(lang)), None => t(lang, "aid.quantity").to_owned() }}
                    value={line.quantity.clone()} oninput={set_quantity} error={error(&format!("target_goods[{index}].quantity"))} />
            </div>
        }
    });
    let on_areas = {
        let draft = draft.clone();
        Callback::from(move |chosen: BTreeSet<Uuid>| {
            let mut next = (*draft).clone();
            next.area_ids = chosen;
            draft.set(next);
        })
    };
    html! {
        <>
            <TextField id="campaign-name" field="name" label={session.t("aid.campaign_name")} required=true
                value={draft.name.clone()} oninput={edit(draft, |d, v| d.name = v)} error={error("name")} />
            <TextAreaField id="campaign-purpose" field="purpose" label={session.t("aid.purpose")} rows={3}
                value={draft.purpose.clone()} oninput={edit(draft, |d, v| d.purpose = v)} error={error("purpose")} />
            <div class="form-row">
                <DateField id="campaign-starts-on" field="starts_on" label={session.t("aid.starts_on")} required=true
                    value={draft.starts_on} onchange={edit(draft, |d, v| d.starts_on = v)} error={error("starts_on")} />
                <DateField id="campaign-ends-on" field="ends_on" label={session.t("aid.ends_on")}
                    value={draft.ends_on} onchange={edit(draft, |d, v| d.ends_on = v)} error={error("ends_on")} />
            </div>
            <div class="form-row">
                <SelectField id="campaign-org-unit" field="org_unit_id" label={session.t("aid.org_unit")}
                    value={draft.org_unit_id.clone()} options={id_options(t(lang, "aid.choose"), &props.choices.org_units)}
                    onchange={edit(draft, |d, v| d.org_unit_id = v)} error={error("org_unit_id")} />
                if props.current.is_none() {
                    <SelectField id="campaign-status" field="status" label={session.t("aid.status")}
                        value={draft.status.map(|s| s.as_str()).unwrap_or_default()} options={statuses}
                        onchange={edit(draft, |d, v: String| d.status = CampaignStatus::parse(&v))} error={error("status")} />
                }
            </div>
            <TextField id="campaign-target-cash" field="target_cash" label={session.t("aid.target_cash")}
                value={draft.target_cash.clone()} oninput={edit(draft, |d, v| d.target_cash = v)} error={error("target_cash")}
                hint={money_echo(lang, &draft.target_cash).map(AttrValue::from).or_else(|| Some(AttrValue::from(session.t("aid.amount_hint"))))} />
            <fieldset data-testid="campaign-goods">
                <legend>{ session.t("aid.target_goods") }</legend>
                { for goods }
                if let Some(message) = error("target_goods") { <p class="field-error">{ message }</p> }
            </fieldset>
            <fieldset class="choice" data-testid="campaign-beneficiaries">
                <legend>{ session.t("aid.beneficiaries") }</legend>
                { for BeneficiaryCategory::ALL.iter().map(|category| {
                    let category = *category;
                    let onchange = {
                        let draft = draft.clone();
                        Callback::from(move |on: bool| {
                            let mut next = (*draft).clone();
                            if on { next.beneficiaries.insert(category); } else { next.beneficiaries.remove(&category); }
                            draft.set(next);
                        })
                    };
                    html! {
                        <Checkbox id={format!("campaign-beneficiary-{}", category.as_str())} label={beneficiary_label(lang, category)}
                            checked={draft.beneficiaries.contains(&category)} {onchange} />
                    }
                }) }
            </fieldset>
            <CheckList id="campaign-areas" field="area_ids" legend={session.t("aid.areas")} options={Rc::new(areas)}
                chosen={draft.area_ids.clone()} onchange={on_areas} filter=true error={error("area_ids")} />
            <p class="hint">{ session.t("aid.areas_hint") }</p>
        </>
    }
}

#[component]
pub fn CampaignNew() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("aid.campaign_new"));
    let navigator = use_navigator();
    let toast = use_toast();
    let draft = use_state(|| CampaignDraft::new(today()));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let choices = use_load((), |()| load_choices());
    let onsubmit = {
        let (draft, errors, busy, key, toast) =
            (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_create(lang);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (errors, busy, key, toast, navigator) =
                (errors.clone(), busy.clone(), (*key).clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_campaign(&request, Some(&key)).await {
                    Ok(campaign) => {
                        toast.emit(Toast::success(t(lang, "aid.campaign_created")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Campaign { id: campaign.id });
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
    html! {
        <section>
            <h1>{ session.t("aid.campaign_new") }</h1>
            { match &*choices {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(choices) => html! {
                    <form class="card form" novalidate=true {onsubmit} data-testid="campaign-form">
                        <CampaignFields draft={draft.clone()} errors={(*errors).clone()} choices={choices.clone()} />
                        <div class="actions">
                            <button type="submit" class="primary" data-testid="campaign-submit" disabled={*busy}>{ session.t("aid.campaign_create") }</button>
                            <AppLink to={Route::Campaigns} class="button secondary">{ session.t("action.cancel") }</AppLink>
                        </div>
                    </form>
                },
            } }
        </section>
    }
}

#[component]
pub fn CampaignEdit(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("aid.campaign_edit"));
    let reload = use_state(|| 0u32);
    let campaign = use_load((props.id, *reload), |(id, _)| async move { api::client().get_campaign(id).await });
    let choices = use_load((), |()| load_choices());
    let on_stale = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match (&*campaign, &*choices) {
        (Load::Failed(error), _) | (_, Load::Failed(error)) => html! { <ErrorNote error={error.clone()} /> },
        (Load::Ready(campaign), _) if !campaign.value.can_manage => html! { <Forbidden /> },
        (Load::Ready(campaign), Load::Ready(choices)) => {
            html! { <CampaignEditor campaign={campaign.clone()} choices={choices.clone()} {on_stale} /> }
        }
        _ => html! { <Loading /> },
    }
}

#[derive(Properties, PartialEq)]
struct CampaignEditorProps {
    campaign: Rc<Tagged<Campaign>>,
    choices: Rc<CampaignChoices>,
    on_stale: Callback<()>,
}

#[component]
fn CampaignEditor(props: &CampaignEditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let toast = use_toast();
    let campaign = props.campaign.value.clone();
    let etag = props.campaign.etag.clone();
    let draft = {
        let (campaign, items) = (campaign.clone(), props.choices.items.clone());
        use_state(move || CampaignDraft::of(lang, &campaign, &items))
    };
    {
        let (draft, campaign, items) = (draft.clone(), campaign.clone(), props.choices.items.clone());
        use_effect_with(campaign.version, move |_| draft.set(CampaignDraft::of(lang, &campaign, &items)));
    }
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy, toast, on_stale, id) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_stale.clone(), campaign.id);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_update(lang);
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (errors, busy, toast, on_stale, navigator, etag) =
                (errors.clone(), busy.clone(), toast.clone(), on_stale.clone(), navigator.clone(), etag.clone());
            spawn_local(async move {
                match api::client().update_campaign(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "aid.campaign_saved")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Campaign { id });
                        }
                    }
                    Err(error) => {
                        show_save_failure(lang, &error, &errors, &toast, &on_stale);
                        busy.set(false);
                    }
                }
            });
        })
    };
    html! {
        <section>
            <h1>{ session.t("aid.campaign_edit") }</h1>
            <form class="card form" novalidate=true {onsubmit} data-testid="campaign-form">
                <CampaignFields draft={draft.clone()} errors={(*errors).clone()} choices={props.choices.clone()} current={Some(campaign.clone())} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="campaign-submit" disabled={*busy}>{ session.t("action.save") }</button>
                    <AppLink to={Route::Campaign { id: campaign.id }} class="button secondary">{ session.t("action.cancel") }</AppLink>
                </div>
            </form>
        </section>
    }
}

// --- a campaign's page ---

#[component]
pub fn CampaignPage(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("aid.campaign"));
    let reload = use_state(|| 0u32);
    let campaign = use_load((props.id, *reload), |(id, _)| async move { api::client().get_campaign(id).await });
    let report = use_load((props.id, *reload), |(id, _)| async move { api::client().campaign_report(id).await });
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match &*campaign {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(campaign) => html! {
            <section data-testid="campaign-page">
                <CampaignHead campaign={campaign.clone()} on_changed={on_changed.clone()} />
                { match &*report {
                    Load::Loading => html! { <Loading /> },
                    Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                    Load::Ready(report) => html! { <CampaignFigures campaign={campaign.value.clone()} report={report.clone()} /> },
                } }
                <section class="card" aria-labelledby="campaign-donations-heading">
                    <h2 id="campaign-donations-heading">{ session.t("aid.donations") }</h2>
                    <CampaignDonations id={campaign.value.id} />
                </section>
                <section class="card" aria-labelledby="campaign-pledges-heading">
                    <h2 id="campaign-pledges-heading">{ session.t("aid.pledges") }</h2>
                    <super::donors::PledgeList campaign_id={Some(campaign.value.id)} />
                </section>
                <CashLedger campaign={campaign.value.clone()} {on_changed} />
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
struct CampaignHeadProps {
    campaign: Rc<Tagged<Campaign>>,
    on_changed: Callback<()>,
}

/// The name, status and its moves, and the facts.
#[component]
fn CampaignHead(props: &CampaignHeadProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let busy = use_state(|| false);
    let campaign = &props.campaign.value;
    let moves = if campaign.can_manage && session.state.can(Action::AidManage) {
        next_statuses(campaign.status)
    } else {
        vec![]
    };
    let fact = |label: &'static str, value: Html| html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> };
    let move_to = |next: CampaignStatus| {
        let (busy, toast, on_changed, id, etag) =
            (busy.clone(), toast.clone(), props.on_changed.clone(), campaign.id, props.campaign.etag.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, toast, on_changed, etag) = (busy.clone(), toast.clone(), on_changed.clone(), etag.clone());
            spawn_local(async move {
                let body = UpdateCampaign { status: Some(next), ..UpdateCampaign::default() };
                match api::client().update_campaign(id, &etag, &body).await {
                    Ok(_) => toast.emit(Toast::success(t(lang, "aid.campaign_moved"))),
                    Err(error) => toast.emit(Toast::error(lang, &error)),
                }
                busy.set(false);
                on_changed.emit(());
            });
        })
    };
    let beneficiaries: Vec<&str> =
        campaign.beneficiary_categories.iter().map(|c| beneficiary_label(lang, *c)).collect();
    let areas: Vec<&str> = campaign.areas.iter().map(|a| a.name.as_str()).collect();
    html! {
        <>
            <div class="page-head">
                <h1 data-testid="campaign-name">{ &campaign.name }</h1>
                <div class="actions">
                    <CampaignStatusBadge status={campaign.status} testid="campaign-status" />
                    { for moves.into_iter().map(|next| html! {
                        <button type="button" class="secondary" data-testid={format!("campaign-move-{}", next.as_str())}
                            disabled={*busy} onclick={move_to(next)}>{ session.t(move_key(campaign.status, next)) }</button>
                    }) }
                    if campaign.can_manage && session.state.can(Action::AidManage) {
                        <AppLink to={Route::CampaignEdit { id: campaign.id }} class="button secondary" testid="campaign-edit">
                            { session.t("action.edit") }
                        </AppLink>
                    }
                    if campaign.status == CampaignStatus::Open && session.state.can(Action::DonationsRecord) {
                        <QueryLink to={Route::DonationNew} class="button primary" testid="campaign-record"
                            query={vec![("campaign_id", campaign.id.to_string())]}>{ session.t("nav.donation_new") }</QueryLink>
                    }
                </div>
            </div>
            <div class="card">
                if !campaign.purpose.trim().is_empty() { <p class="prose">{ &campaign.purpose }</p> }
                <dl class="facts">
                    { fact("aid.org_unit", html! { &campaign.org_unit.name }) }
                    { fact("aid.period", html! { period(lang, campaign.starts_on, campaign.ends_on) }) }
                    { fact("aid.areas", html! { { if areas.is_empty() { session.t("aid.whole_country").to_owned() } else { areas.join(", ") } } }) }
                    { fact("aid.beneficiaries", html! { { if beneficiaries.is_empty() { "—".to_owned() } else { beneficiaries.join(", ") } } }) }
                    if let Some(item) = &campaign.plan_item { { fact("aid.plan_item", html! { &item.name }) } }
                </dl>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CampaignFiguresProps {
    campaign: Campaign,
    report: Rc<CampaignReport>,
}

/// Progress against the targets, the totals, and the report by donor, location and month.
#[component]
fn CampaignFigures(props: &CampaignFiguresProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let items = use_items();
    let exporting = use_state(|| false);
    let report = &props.report;
    let item_list = items.ready().cloned().unwrap_or_default();
    let target = (report.target_cash > 0).then(|| AttrValue::from(money(lang, report.target_cash)));
    let onexport = {
        let (exporting, toast, id) = (exporting.clone(), toast.clone(), props.campaign.id);
        Callback::from(move |format: &'static str| {
            export(lang, &exporting, &toast, format!("campaign-report.{format}"), move || async move {
                api::client().export_campaign_report(id, &[("format", format), ("lang", lang.code())]).await
            });
        })
    };
    let stat = |label: &'static str, value: String, testid: &'static str| {
        html! {
            <li class="stat">
                <span class="stat-label">{ session.t(label) }</span>
                <span class="stat-value" data-testid={testid}>{ value }</span>
            </li>
        }
    };
    let series: Vec<Series> = month_series(lang, report);
    html! {
        <>
            <section class="card" aria-labelledby="campaign-progress-heading" data-testid="campaign-progress">
                <h2 id="campaign-progress-heading">{ session.t("aid.progress") }</h2>
                <Progress label={session.t("aid.cash_pledged")} value={money(lang, report.pledged_cash)} target={target.clone()}
                    percent={percent(report.pledged_cash, report.target_cash)} testid="progress-pledged" />
                <Progress label={session.t("aid.cash_received")} value={money(lang, report.received_cash)} target={target}
                    percent={percent(report.received_cash, report.target_cash)} testid="progress-received" />
                { for report.goods.iter().map(|goods| {
                    let name = named_item(lang, &item_list, &goods.item);
                    let target = (goods.target.milli() > 0).then(|| AttrValue::from(quantity(lang, goods.target, goods.unit)));
                    html! {
                        <>
                            <Progress label={format!("{name} · {}", t(lang, "aid.received"))} value={quantity(lang, goods.received, goods.unit)}
                                target={target.clone()} percent={quantity_percent(goods.received, goods.target)} testid="progress-goods" />
                            if goods.pledged.milli() > 0 {
                                <Progress label={format!("{name} · {}", t(lang, "aid.pledged"))} value={quantity(lang, goods.pledged, goods.unit)}
                                    {target} percent={quantity_percent(goods.pledged, goods.target)} />
                            }
                        </>
                    }
                }) }
                <ul class="stats">
                    { stat("aid.cash_received", money(lang, report.received_cash), "campaign-received") }
                    { stat("aid.cash_disbursed", money(lang, report.disbursed_cash), "campaign-disbursed") }
                    { stat("aid.cash_balance", money(lang, report.cash_balance), "campaign-balance") }
                    { stat("aid.goods_value", money(lang, report.received_goods_value), "campaign-goods-value") }
                    { stat("aid.donations_count", format::number(lang, report.donations), "campaign-donations") }
                </ul>
                <div class="actions">
                    <ExportButtons testid="campaign-report-export" {onexport} busy={*exporting} />
                </div>
            </section>
            <section class="card" aria-labelledby="campaign-months-heading" data-testid="campaign-months">
                <h2 id="campaign-months-heading">{ session.t("aid.by_month") }</h2>
                <LineChart {series} title={session.t("aid.by_month_chart")} unit={AttrValue::from("₫")} decimals={0} />
                if !report.by_month.is_empty() {
                    <div class="table-wrap">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{ session.t("aid.month") }</th>
                                    <th scope="col" class="num">{ session.t("aid.donations_count") }</th>
                                    <th scope="col" class="num">{ session.t("aid.cash_received") }</th>
                                    <th scope="col" class="num">{ session.t("aid.goods_value") }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for report.by_month.iter().map(|m| html! {
                                    <tr key={m.month.clone()}>
                                        <th scope="row">{ crate::components::chart_model::Month::parse(&m.month).map(|m| m.label()).unwrap_or_else(|| m.month.clone()) }</th>
                                        <td class="num">{ format::number(lang, m.donations) }</td>
                                        <td class="num nowrap">{ money(lang, m.cash) }</td>
                                        <td class="num nowrap">{ money(lang, m.goods_value) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
            <section class="card" aria-labelledby="campaign-donors-heading" data-testid="campaign-by-donor">
                <h2 id="campaign-donors-heading">{ session.t("aid.by_donor") }</h2>
                if report.by_donor.is_empty() {
                    <p class="empty">{ session.t("aid.no_donations") }</p>
                } else {
                    <div class="table-wrap">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{ session.t("aid.donor") }</th>
                                    <th scope="col" class="num">{ session.t("aid.donations_count") }</th>
                                    <th scope="col" class="num">{ session.t("aid.cash_given") }</th>
                                    <th scope="col" class="num">{ session.t("aid.goods_value") }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for report.by_donor.iter().map(|line| html! {
                                    <tr>
                                        <td>{ match &line.donor {
                                            Some(donor) => html! { <AppLink to={Route::Donor { id: donor.id }}>{ &donor.name }</AppLink> },
                                            None => html! { <span class="muted">{ donor_name(lang, None) }</span> },
                                        } }</td>
                                        <td class="num">{ format::number(lang, line.donations) }</td>
                                        <td class="num nowrap">{ money(lang, line.cash) }</td>
                                        <td class="num nowrap">{ money(lang, line.goods_value) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
            <section class="card" aria-labelledby="campaign-locations-heading" data-testid="campaign-by-location">
                <h2 id="campaign-locations-heading">{ session.t("aid.by_location") }</h2>
                if report.by_location.is_empty() {
                    <p class="empty">{ session.t("aid.no_goods") }</p>
                } else {
                    <div class="table-wrap">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{ session.t("aid.location") }</th>
                                    <th scope="col">{ session.t("aid.item") }</th>
                                    <th scope="col" class="num">{ session.t("aid.quantity") }</th>
                                    <th scope="col" class="num">{ session.t("aid.goods_value") }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for report.by_location.iter().map(|line| html! {
                                    <tr>
                                        <td><AppLink to={Route::StockLocation { id: line.location.id }}>{ &line.location.name }</AppLink></td>
                                        <td>{ named_item(lang, &item_list, &line.item) }</td>
                                        <td class="num nowrap">{ quantity(lang, line.quantity, line.unit) }</td>
                                        <td class="num nowrap">{ money(lang, line.value) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CampaignDonationsProps {
    id: Uuid,
}

#[component]
fn CampaignDonations(props: &CampaignDonationsProps) -> Html {
    let paged = use_paged(props.id, |id: Uuid, cursor| async move {
        let pairs = with_paging(vec![("campaign_id", id.to_string())], cursor.as_deref(), PAGE);
        api::client().list_donations(&borrowed(&pairs)).await
    });
    let list = &*paged.list;
    html! {
        <>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_donations" /> }
            } else {
                <DonationTable donations={list.items.clone()} show_campaign={false} />
                if list.next.is_some() {
                    <MoreButton testid="campaign-donations-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CashLedgerProps {
    campaign: Campaign,
    on_changed: Callback<()>,
}

/// The campaign's cash entries, newest first, with the disbursement form.
#[component]
fn CashLedger(props: &CashLedgerProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let reload = use_state(|| 0u32);
    let paged = use_paged((props.campaign.id, *reload, props.campaign.version), |(id, _, _), cursor| async move {
        let pairs = with_paging(vec![], cursor.as_deref(), PAGE);
        api::client().list_campaign_cash(id, &borrowed(&pairs)).await
    });
    let manages = props.campaign.can_manage && session.state.can(Action::AidManage);
    let on_changed = {
        let (reload, outer) = (reload.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            reload.set(reload.wrapping_add(1));
            outer.emit(());
        })
    };
    let list = &*paged.list;
    let row = |entry: &CashEntry| {
        let reversible =
            manages && entry.kind == CashEntryKind::Disbursed && !entry.reversed && entry.reverses.is_none();
        html! {
            <tr key={entry.id.to_string()} data-testid="cash-row" class={classes!(entry.reversed.then_some("inactive"))}>
                <td class="nowrap">{ date(lang, entry.occurred_on) }</td>
                <td>
                    { cash_kind_label(lang, entry.kind) }
                    if entry.reverses.is_some() { { " · " }{ session.t("aid.reversal") } }
                    if entry.reversed { { " " }<ReversedBadge /> }
                </td>
                <td class="num nowrap">{ signed_money(lang, entry.amount) }</td>
                <td class="num nowrap">{ money(lang, entry.balance_after) }</td>
                <td>
                    if let Some(donation) = entry.donation_id {
                        <AppLink to={Route::Donation { id: donation }}>{ session.t("aid.donation") }</AppLink>{ " " }
                    }
                    { &entry.reference }
                    if !entry.note.is_empty() { <span class="cell-note">{ &entry.note }</span> }
                </td>
                <td>
                    if reversible {
                        <ReverseForm target={Reversible::CashEntry(entry.id)} prefix={format!("cash-reverse-{}", entry.id)}
                            on_done={on_changed.clone()} />
                    }
                </td>
            </tr>
        }
    };
    html! {
        <section class="card" aria-labelledby="campaign-cash-heading" data-testid="campaign-cash">
            <h2 id="campaign-cash-heading">{ session.t("aid.cash_ledger") }</h2>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="aid.no_cash" /> }
            } else {
                <div class="table-wrap">
                    <table data-testid="cash-table">
                        <thead>
                            <tr>
                                <th scope="col">{ session.t("aid.date") }</th>
                                <th scope="col">{ session.t("aid.entry_kind") }</th>
                                <th scope="col" class="num">{ session.t("aid.amount") }</th>
                                <th scope="col" class="num">{ session.t("aid.balance_after") }</th>
                                <th scope="col">{ session.t("aid.reference") }</th>
                                <th scope="col"><span class="sr-only">{ session.t("aid.actions") }</span></th>
                            </tr>
                        </thead>
                        <tbody>{ for list.items.iter().map(row) }</tbody>
                    </table>
                </div>
                if list.next.is_some() {
                    <MoreButton testid="cash-more" loading={list.loading} onclick={paged.more.clone()} />
                }
            }
            if manages {
                <DisbursementForm campaign={props.campaign.id} {on_changed} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DisbursementFormProps {
    campaign: Uuid,
    on_changed: Callback<()>,
}

#[component]
fn DisbursementForm(props: &DisbursementFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let draft = use_state(|| DisbursementDraft { occurred_on: Some(today()), ..DisbursementDraft::default() });
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (draft, errors, busy, key, toast, on_changed, campaign) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            props.on_changed.clone(),
            props.campaign,
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_request();
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
                match api::client().create_disbursement(campaign, &request, Some(&key)).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "aid.disbursed")));
                        draft.set(DisbursementDraft { occurred_on: draft.occurred_on, ..DisbursementDraft::default() });
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
    html! {
        <form class="form values-form" novalidate=true {onsubmit} data-testid="disbursement-form">
            <h3>{ session.t("aid.disbursement") }</h3>
            <div class="form-row">
                <TextField id="disbursement-amount" field="amount" label={session.t("aid.amount")} required=true
                    value={draft.amount.clone()} oninput={edit(&draft, |d, v| d.amount = v)} error={error("amount")}
                    hint={money_echo(lang, &draft.amount).map(AttrValue::from).or_else(|| Some(AttrValue::from(session.t("aid.amount_hint"))))} />
                <DateField id="disbursement-date" field="occurred_on" label={session.t("aid.date")} required=true
                    value={draft.occurred_on} onchange={edit(&draft, |d, v| d.occurred_on = v)} error={error("occurred_on")} />
            </div>
            <TextField id="disbursement-reference" field="reference" label={session.t("aid.reference")}
                value={draft.reference.clone()} oninput={edit(&draft, |d, v| d.reference = v)} error={error("reference")} />
            <TextAreaField id="disbursement-note" field="note" label={session.t("aid.disbursement_note")} required=true rows={2}
                value={draft.note.clone()} oninput={edit(&draft, |d, v| d.note = v)} error={error("note")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="disbursement-submit" disabled={*busy}>{ session.t("aid.disburse") }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use chrono::{DateTime, NaiveDate, Utc};
    use danvan_domain::{named::NamedRef, role::Role};

    fn campaign(n: u128, status: CampaignStatus) -> Campaign {
        Campaign {
            id: Uuid::from_u128(n),
            name: "Chung tay vì Thành phố Hồ Chí Minh".into(),
            purpose: String::new(),
            starts_on: NaiveDate::from_ymd_opt(2021, 7, 15).unwrap_or_default(),
            ends_on: None,
            plan_item: None,
            status,
            org_unit: NamedRef { id: Uuid::from_u128(9), name: "Văn phòng Ban".into() },
            areas: vec![],
            beneficiary_categories: vec![BeneficiaryCategory::LostIncome],
            target_cash: 5_000_000_000,
            target_goods: vec![],
            pledged_cash: 2_000_000_000,
            received_cash: 1_250_000_000,
            disbursed_cash: 0,
            received_goods_value: 0,
            donations: 1234,
            can_manage: true,
            version: 1,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[tokio::test]
    async fn the_campaign_table_shows_cash_against_the_target() {
        fn view() -> Html {
            html! { <CampaignTable campaigns={Rc::new(vec![campaign(1, CampaignStatus::Open), campaign(2, CampaignStatus::Closed)])} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Viewer), view).await;
        assert!(vi.contains("1.250.000.000 ₫ / 5.000.000.000 ₫") && vi.contains("<progress"), "{vi}");
        assert!(vi.contains("Đang tiếp nhận") && vi.contains("Đã kết thúc") && vi.contains("1.234"), "{vi}");
        let en = render(Lang::En, Some(Role::Viewer), view).await;
        assert!(en.contains("₫1,250,000,000 / ₫5,000,000,000") && en.contains("Open"), "{en}");
    }

    #[test]
    fn the_month_chart_names_its_lines() {
        let report = CampaignReport {
            campaign: NamedRef { id: Uuid::nil(), name: String::new() },
            target_cash: 0,
            pledged_cash: 0,
            received_cash: 0,
            disbursed_cash: 0,
            cash_balance: 0,
            received_goods_value: 0,
            donations: 0,
            goods: vec![],
            by_donor: vec![],
            by_location: vec![],
            by_month: vec![danvan_domain::aid::MonthTotal {
                month: "2021-08".into(),
                donations: 3,
                cash: 100,
                goods_value: 50,
            }],
        };
        let names: Vec<String> = month_series(Lang::En, &report).into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["Cash received", "Goods received (estimated value)"]);
        assert_eq!(month_series(Lang::Vi, &report)[0].points.len(), 1);
    }
}
