//! The round builder: campaign, area (province, then a district or commune, then a
//! commune; the round covers everything below the deepest choice), the location goods come
//! from, cash each, goods lines, the categories that qualify; the preview shows how many
//! people it covers, the first names, those already covered by the campaign, and whether
//! the stock and the campaign's cash suffice, before anything is saved.

use super::model::RoundDraft;
use crate::{
    api,
    components::{
        form::{edit, field_message, show_failure, SelectField, TextField},
        hooks::use_title,
        load::use_load,
        status::{ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::aid::model::{id_options, quantity},
    route::Route,
    state::use_session,
};
use danvan_domain::{
    aid::{format_vnd, RoundPreview},
    area::Layout,
    validation::FieldError,
};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

/// Everything the builder offers to choose from.
#[derive(Debug, Clone, PartialEq, Default)]
struct Choices {
    campaigns: Vec<(Uuid, String)>,
    provinces: Vec<(Uuid, String)>,
    locations: Vec<(Uuid, String)>,
    items: Vec<(Uuid, String)>,
    /// (id, Vietnamese name, English name).
    categories: Vec<(Uuid, String, String)>,
}

async fn choices() -> Result<Choices, api::ApiError> {
    let client = api::client();
    let campaigns = client.all_campaigns(&[]).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let mut provinces = Vec::new();
    for layout in [Layout::L2025, Layout::L2021] {
        provinces.extend(
            api::provinces(layout).await?.into_iter().map(|a| (a.id, format!("{} ({})", a.name, layout.as_str()))),
        );
    }
    let locations =
        client.all_aid_locations(&[]).await?.into_iter().filter(|l| l.active).map(|l| (l.id, l.name)).collect();
    let items = client.list_aid_items(Some(true)).await?.into_iter().map(|i| (i.id, i.name_vi)).collect();
    let categories =
        client.list_support_categories(Some(true)).await?.into_iter().map(|c| (c.id, c.name_vi, c.name_en)).collect();
    Ok(Choices { campaigns, provinces, locations, items, categories })
}

#[component]
pub fn RoundNew() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("distributions.new"));
    let navigator = use_navigator();
    let toast = use_toast();
    let choices = use_load((), |()| choices());
    let draft = use_state(|| RoundDraft { items: vec![(String::new(), String::new())], ..RoundDraft::default() });
    let province = use_state(String::new);
    let below = use_state(String::new);
    let commune = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let preview = use_state(|| None::<RoundPreview>);
    let busy = use_state(|| false);
    let below_list = use_load((*province).clone(), |province| async move {
        match province.parse::<Uuid>() {
            Ok(id) => api::client().area_children(id).await,
            Err(_) => Ok(Vec::new()),
        }
    });
    let commune_list = use_load((*below).clone(), |below| async move {
        match below.parse::<Uuid>() {
            Ok(id) => api::client().area_children(id).await,
            Err(_) => Ok(Vec::new()),
        }
    });
    // The deepest area chosen is the round's.
    {
        let draft = draft.clone();
        let deepest =
            [&*commune, &*below, &*province].into_iter().find(|id| !id.is_empty()).cloned().unwrap_or_default();
        use_effect_with(deepest, move |deepest| {
            if draft.area_id != *deepest {
                draft.set(RoundDraft { area_id: deepest.clone(), ..(*draft).clone() });
            }
        });
    }
    let choices = match &*choices {
        crate::components::load::Load::Loading => return html! { <Loading /> },
        crate::components::load::Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        crate::components::load::Load::Ready(choices) => choices.clone(),
    };
    let send = |save: bool| {
        let (draft, errors, preview, busy, toast, navigator) =
            (draft.clone(), errors.clone(), preview.clone(), busy.clone(), toast.clone(), navigator.clone());
        Callback::from(move |_| {
            let request = match draft.request(lang) {
                Ok(request) => request,
                Err(failed) => return errors.set(failed),
            };
            if *busy {
                return;
            }
            errors.set(Vec::new());
            busy.set(true);
            let (errors, preview, busy, toast, navigator) =
                (errors.clone(), preview.clone(), busy.clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                let client = api::client();
                if save {
                    match client.create_distribution_round(&request, Some(&api::new_key())).await {
                        Ok(round) => {
                            toast.emit(Toast::success(t(lang, "distributions.saved")));
                            if let Some(navigator) = navigator {
                                navigator.push(&Route::Round { id: round.id });
                            }
                        }
                        Err(error) => show_failure(lang, &error, &errors, &toast),
                    }
                } else {
                    match client.preview_distribution_round(&request).await {
                        Ok(answer) => preview.set(Some(answer)),
                        Err(error) => show_failure(lang, &error, &errors, &toast),
                    }
                }
                busy.set(false);
            });
        })
    };
    let error = |field: &str| field_message(lang, &errors, field);
    let area_options = |list: &[danvan_domain::area::Area], first: &'static str| {
        let pairs: Vec<(Uuid, String)> = list.iter().map(|a| (a.id, a.name.clone())).collect();
        id_options(t(lang, first), &pairs)
    };
    let below_areas = below_list.ready().cloned().unwrap_or_default();
    let communes = commune_list.ready().cloned().unwrap_or_default();
    let on_province = {
        let (province, below, commune) = (province.clone(), below.clone(), commune.clone());
        Callback::from(move |value: String| {
            province.set(value);
            below.set(String::new());
            commune.set(String::new());
        })
    };
    let on_below = {
        let (below, commune) = (below.clone(), commune.clone());
        Callback::from(move |value: String| {
            below.set(value);
            commune.set(String::new());
        })
    };
    let item_rows = draft.items.iter().enumerate().map(|(index, (item, amount))| {
        let on_item = {
            let draft = draft.clone();
            Callback::from(move |value: String| {
                let mut next = (*draft).clone();
                next.items[index].0 = value;
                draft.set(next);
            })
        };
        let on_amount = {
            let draft = draft.clone();
            Callback::from(move |value: String| {
                let mut next = (*draft).clone();
                next.items[index].1 = value;
                draft.set(next);
            })
        };
        html! {
            <div class="form-row" key={index}>
                <SelectField id={format!("round-item-{index}")} field={format!("items[{index}].item_id")} label={session.t("aid.item")}
                    value={item.clone()} options={id_options(t(lang, "aid.choose"), &choices.items)} onchange={on_item}
                    error={error(&format!("items[{index}].item_id"))} />
                <TextField id={format!("round-quantity-{index}")} field={format!("items[{index}].quantity")} label={session.t("aid.quantity")}
                    value={amount.clone()} oninput={on_amount} error={error(&format!("items[{index}].quantity"))} />
            </div>
        }
    });
    let add_item = {
        let draft = draft.clone();
        Callback::from(move |_| {
            let mut next = (*draft).clone();
            next.items.push((String::new(), String::new()));
            draft.set(next);
        })
    };
    html! {
        <section class="page distributions builder" data-testid="round-builder">
            <h1>{ session.t("distributions.new") }</h1>
            <div class="card form">
            <SelectField id="round-campaign" field="campaign_id" label={session.t("distributions.campaign")}
                value={draft.campaign_id.clone()} options={id_options(t(lang, "aid.choose"), &choices.campaigns)}
                onchange={edit(&draft, |d, v| d.campaign_id = v)} error={error("campaign_id")} />
            <TextField id="round-name" field="name" label={session.t("distributions.name")} required=true
                value={draft.name.clone()} oninput={edit(&draft, |d, v| d.name = v)} error={error("name")} />
            <fieldset class="area-picker">
                <legend>{ session.t("distributions.area") }</legend>
                <SelectField id="round-province" field="province_id" label={session.t("distributions.province")}
                    value={(*province).clone()} options={id_options(t(lang, "aid.choose"), &choices.provinces)}
                    onchange={on_province} error={error("area_id")} />
                if !below_areas.is_empty() {
                    <SelectField id="round-below" field="below_id" label={session.t("distributions.below")}
                        value={(*below).clone()} options={area_options(&below_areas, "distributions.whole")} onchange={on_below} />
                }
                if !communes.is_empty() {
                    <SelectField id="round-commune" field="commune_id" label={session.t("distributions.commune")}
                        value={(*commune).clone()} options={area_options(&communes, "distributions.whole")}
                        onchange={{ let commune = commune.clone(); Callback::from(move |v| commune.set(v)) }} />
                }
            </fieldset>
            <TextField id="round-cash" field="cash_each" label={session.t("distributions.cash_each")}
                hint={AttrValue::from(session.t("aid.amount_hint"))}
                value={draft.cash_each.clone()} oninput={edit(&draft, |d, v| d.cash_each = v)} error={error("cash_each")} />
            <fieldset>
                <legend>{ session.t("distributions.items") }</legend>
                <SelectField id="round-location" field="location_id" label={session.t("distributions.location")}
                    value={draft.location_id.clone()} options={id_options(t(lang, "aid.choose"), &choices.locations)}
                    onchange={edit(&draft, |d, v| d.location_id = v)} error={error("location_id")} />
                { for item_rows }
                <button type="button" class="secondary" data-testid="round-add-item" onclick={add_item}>{ session.t("distributions.add_item") }</button>
                if let Some(message) = error("items") { <p class="field-error">{ message }</p> }
            </fieldset>
            <fieldset class="category-choices" data-testid="round-categories">
                <legend>{ session.t("distributions.categories") }</legend>
                { for choices.categories.iter().map(|(id, vi, en)| {
                    let checked = draft.category_ids.contains(id);
                    let toggle = { let (draft, id) = (draft.clone(), *id); Callback::from(move |_: Event| {
                        let mut next = (*draft).clone();
                        next.toggle_category(id);
                        draft.set(next);
                    }) };
                    html! {
                        <label class="check" key={id.to_string()}>
                            <input type="checkbox" data-testid="round-category" checked={checked} onchange={toggle} />
                            { if lang == crate::i18n::Lang::Vi { vi.clone() } else { en.clone() } }
                        </label>
                    }
                }) }
                if let Some(message) = error("category_ids") { <p class="field-error">{ message }</p> }
            </fieldset>
            <div class="actions">
                <button type="button" class="secondary" data-testid="round-preview" disabled={*busy} onclick={send(false)}>{ session.t("distributions.preview") }</button>
                <button type="button" class="primary" data-testid="round-save" disabled={*busy} onclick={send(true)}>{ session.t("distributions.save") }</button>
            </div>
            </div>
            if let Some(preview) = &*preview { <Preview preview={preview.clone()} /> }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PreviewProps {
    preview: RoundPreview,
}

#[component]
fn Preview(props: &PreviewProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let p = &props.preview;
    let enough =
        |ok: bool| if ok { t(lang, "distributions.sufficient") } else { t(lang, "distributions.insufficient") };
    html! {
        <section class="round-preview" data-testid="round-preview-result" aria-live="polite">
            <p class="eligible"><strong>{ t(lang, "distributions.eligible").replace("{n}", &p.eligible.to_string()) }</strong></p>
            <p>{ t(lang, "distributions.already_covered").replace("{n}", &p.already_covered.to_string()) }</p>
            <p class={classes!((!p.cash_sufficient).then_some("warning"))} data-testid="preview-cash">
                { format!("{}: {} · {}: {} · {}", t(lang, "distributions.cash_needed"), format_vnd(p.cash_needed, lang),
                    t(lang, "distributions.cash_available"), format_vnd(p.cash_available, lang), enough(p.cash_sufficient)) }
            </p>
            <ul class="preview-goods">
                { for p.goods.iter().map(|g| html! {
                    <li class={classes!((!g.sufficient).then_some("warning"))} data-testid="preview-goods">
                        { format!("{}: {} {} · {} {} · {}", g.need.item.name, t(lang, "distributions.need"),
                            quantity(lang, g.need.quantity, g.need.unit), t(lang, "distributions.available"),
                            quantity(lang, g.available, g.need.unit), enough(g.sufficient)) }
                    </li>
                }) }
            </ul>
            <h2>{ t(lang, "distributions.first_names") }</h2>
            <ol class="preview-names">{ for p.names.iter().map(|n| html! { <li key={n.id.to_string()}>{ &n.name }</li> }) }</ol>
        </section>
    }
}
