//! Administrative areas: switch between the 2021 and 2025 layouts, expand provinces
//! (and districts) into the areas below them, search by name without diacritics, and see
//! an area's code, kind and coordinates.

use crate::{
    api::{self, ApiError},
    components::{
        hooks::{use_debounced, use_title},
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
    },
    format,
    i18n::t,
    pages::areas::model::{coordinates, level_name},
    state::use_session,
};
use danvan_domain::area::{Area, Layout};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

/// Results shown for a search.
const SEARCH_LIMIT: u32 = 50;

#[component]
pub fn Areas() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.areas"));
    let layout = use_state(|| Layout::L2025);
    let typed = use_state(String::new);
    let q = use_debounced(typed.trim().to_owned(), 300);
    let selected = use_state(|| None::<Rc<Area>>);
    let provinces = use_load(*layout, api::provinces);
    let found = use_load((*layout, q.clone()), |(layout, q)| async move {
        if q.is_empty() {
            Ok(Vec::new())
        } else {
            api::client()
                .list_areas(&[("layout", layout.as_str()), ("q", q.trim()), ("limit", &SEARCH_LIMIT.to_string())])
                .await
                .map(|page| page.items)
        }
    });
    let onselect = {
        let selected = selected.clone();
        Callback::from(move |area: Rc<Area>| selected.set(Some(area)))
    };
    let switch = |to: Layout| {
        let pressed = *layout == to;
        let (layout, selected) = (layout.clone(), selected.clone());
        let onclick = Callback::from(move |_| {
            layout.set(to);
            selected.set(None);
        });
        html! {
            <button type="button" class={classes!("segment", pressed.then_some("on"))} aria-pressed={pressed.to_string()}
                data-testid={format!("areas-layout-{}", to.as_str())} {onclick}>
                { format!("{} {}", session.t("areas.layout"), to.as_str()) }
            </button>
        }
    };
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| typed.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let list = if q.is_empty() {
        match &*provinces {
            Load::Loading => html! { <Loading /> },
            Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
            Load::Ready(areas) if areas.is_empty() => html! { <Empty /> },
            Load::Ready(areas) => html! {
                <ul class="tree" aria-label={session.t("areas.tree")}>
                    { for areas.iter().map(|area| html! {
                        <AreaNode key={area.id.to_string()} area={Rc::new(area.clone())} onselect={onselect.clone()}
                            selected={selected.as_ref().map(|a| a.id)} />
                    }) }
                </ul>
            },
        }
    } else {
        match &*found {
            Load::Loading => html! { <Loading /> },
            Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
            Load::Ready(areas) if areas.is_empty() => html! { <Empty key_name="areas.no_match" /> },
            Load::Ready(areas) => html! {
                <ul class="results">
                    { for areas.iter().map(|area| {
                        let area = Rc::new(area.clone());
                        let onclick = onselect.reform({ let area = area.clone(); move |_| area.clone() });
                        html! {
                            <li key={area.id.to_string()}>
                                <button type="button" class="row-button" data-testid="area-row" {onclick}>
                                    <span>{ &area.name }</span>
                                    <span class="muted">{ format!("{} · {}", level_name(lang, &area), area.code) }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            },
        }
    };
    html! {
        <section>
            <div class="page-head">
                <h1>{ session.t("nav.areas") }</h1>
                <div class="segments" role="group" aria-label={session.t("areas.layout")}>
                    { switch(Layout::L2021) }{ switch(Layout::L2025) }
                </div>
            </div>
            <form class="toolbar" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label for="areas-search">{ session.t("areas.search") }</label>
                <input id="areas-search" data-testid="areas-search" type="search" value={(*typed).clone()} {oninput}
                    placeholder={session.t("areas.search_hint")} autocomplete="off" />
            </form>
            <div class="split">
                <div class="card tree-card">{ list }</div>
                <div class="card panel" aria-live="polite">
                    if let Some(area) = &*selected { <AreaDetail area={area.clone()} /> }
                    else { <p class="muted">{ session.t("areas.pick") }</p> }
                </div>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AreaNodeProps {
    area: Rc<Area>,
    selected: Option<uuid::Uuid>,
    onselect: Callback<Rc<Area>>,
}

/// An area in the tree; expanding it loads the areas below it once.
#[component]
fn AreaNode(props: &AreaNodeProps) -> Html {
    let session = use_session();
    let expanded = use_state(|| false);
    let children = use_state(|| None::<Result<Rc<Vec<Area>>, ApiError>>);
    let area = &props.area;
    let toggle = {
        let (expanded, children, id) = (expanded.clone(), children.clone(), area.id);
        Callback::from(move |_| {
            expanded.set(!*expanded);
            if children.is_none() {
                let children = children.clone();
                spawn_local(async move { children.set(Some(api::client().area_children(id).await.map(Rc::new))) });
            }
        })
    };
    let select = props.onselect.reform({
        let area = area.clone();
        move |_| area.clone()
    });
    let is_selected = props.selected == Some(area.id);
    html! {
        <li>
            <div class="tree-row" data-testid="area-row">
                if area.child_count > 0 {
                    <button type="button" class="icon toggle" onclick={toggle} aria-expanded={expanded.to_string()}
                        aria-label={format!("{} {}", session.t(if *expanded { "areas.collapse" } else { "areas.expand" }), area.name)}>
                        { if *expanded { "▾" } else { "▸" } }
                    </button>
                } else {
                    <span class="toggle-space" aria-hidden="true"></span>
                }
                <button type="button" class={classes!("tree-label", is_selected.then_some("selected"))}
                    aria-pressed={is_selected.to_string()} onclick={select}>
                    { &area.name }
                </button>
                if area.child_count > 0 { <span class="muted count">{ format::number(session.lang(), area.child_count) }</span> }
            </div>
            if *expanded {
                { match &*children {
                    None => html! { <Loading /> },
                    Some(Err(error)) => html! { <ErrorNote error={error.clone()} /> },
                    Some(Ok(areas)) => html! {
                        <ul class="tree">
                            { for areas.iter().map(|child| html! {
                                <AreaNode key={child.id.to_string()} area={Rc::new(child.clone())}
                                    selected={props.selected} onselect={props.onselect.clone()} />
                            }) }
                        </ul>
                    },
                } }
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct AreaDetailProps {
    area: Rc<Area>,
}

#[component]
fn AreaDetail(props: &AreaDetailProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let area = &props.area;
    let row = |key: &str, value: String| {
        html! { <><dt>{ session.t(key) }</dt><dd>{ value }</dd></> }
    };
    html! {
        <div data-testid="area-detail">
            <h2>{ &area.name }</h2>
            <dl class="facts">
                { row("area.code", area.code.clone()) }
                { row("area.kind", area.kind.clone().unwrap_or_else(|| "—".into())) }
                { row("area.level", level_name(lang, area).to_owned()) }
                { row("areas.layout", area.layout.as_str().to_owned()) }
                if let Some(region) = area.region { { row("area.region", t(lang, &format!("region.{}", region.as_str())).to_owned()) } }
                { row("area.coordinates", coordinates(area).unwrap_or_else(|| "—".into())) }
                { row("area.children", format::number(lang, area.child_count)) }
            </dl>
        </div>
    }
}
