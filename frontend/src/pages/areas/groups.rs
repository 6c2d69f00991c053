//! Area groups (regions, the standing offices' coverage): the list, and one group's page
//! where an administrator renames it and picks its provinces from the layout's list,
//! filtered by a text box that ignores diacritics.

use crate::{
    api,
    components::{
        form::{begin_send, check, field_message, show_save_failure, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::{
        areas::model::{kind_name, matching},
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    area::{AreaGroup, UpdateAreaGroup},
    permission::Action,
    validation::FieldError,
};
use std::{collections::BTreeSet, rc::Rc};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

#[component]
pub fn AreaGroupList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.area_groups"));
    let groups = use_load((), |()| async { api::client().all_area_groups(&[]).await });
    let body = match &*groups {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(groups) if groups.is_empty() => html! { <Empty /> },
        Load::Ready(groups) => {
            let mut groups: Vec<&AreaGroup> = groups.iter().collect();
            groups.sort_by(|a, b| (a.layout, &a.code).cmp(&(b.layout, &b.code)));
            html! {
                <div class="table-wrap">
                    <table data-testid="area-groups-table">
                        <thead>
                            <tr>
                                <th scope="col">{ session.t("area_group.code") }</th>
                                <th scope="col">{ session.t("area_group.name") }</th>
                                <th scope="col">{ session.t("area_group.kind") }</th>
                                <th scope="col">{ session.t("areas.layout") }</th>
                                <th scope="col" class="num">{ session.t("area_group.provinces") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for groups.into_iter().map(|group| html! {
                                <tr data-testid="area-group-row" key={group.id.to_string()}>
                                    <td><AppLink to={Route::AreaGroup { id: group.id }}>{ &group.code }</AppLink></td>
                                    <td>{ &group.name }</td>
                                    <td>{ kind_name(lang, group) }</td>
                                    <td>{ group.layout.as_str() }</td>
                                    <td class="num">{ group.province_ids.len() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        }
    };
    html! {
        <section>
            <h1>{ session.t("nav.area_groups") }</h1>
            { body }
        </section>
    }
}

#[component]
pub fn AreaGroupEdit(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("area_groups.edit"));
    let reload = use_state(|| 0u32);
    let group = use_load((props.id, *reload), |(id, _)| async move { api::client().get_area_group(id).await });
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match &*group {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(fetched) => {
            let etag = fetched.etag.clone();
            html! { <CoverageEditor key={fetched.value.version} group={Rc::new(fetched.value.clone())} {etag} {on_saved} /> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct CoverageEditorProps {
    group: Rc<AreaGroup>,
    etag: String,
    on_saved: Callback<()>,
}

#[component]
fn CoverageEditor(props: &CoverageEditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let group = props.group.clone();
    let manage = session.state.can(Action::AreaGroupsManage);
    let provinces = use_load(group.layout, api::provinces);
    let name = use_state(|| group.name.clone());
    let chosen = use_state(|| group.province_ids.iter().copied().collect::<BTreeSet<Uuid>>());
    let filter = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);

    let onsubmit = {
        let (name, chosen, errors, busy, toast, on_saved) =
            (name.clone(), chosen.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_saved.clone());
        let (group, etag) = (group.clone(), props.etag.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let new_name = name.trim().to_owned();
            let ids: Vec<Uuid> = chosen.iter().copied().collect();
            let before: BTreeSet<Uuid> = group.province_ids.iter().copied().collect();
            let request = UpdateAreaGroup {
                name: (new_name != group.name).then_some(new_name),
                province_ids: (*chosen != before).then_some(ids),
                ..UpdateAreaGroup::default()
            };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, toast, on_saved, etag, id) =
                (errors.clone(), busy.clone(), toast.clone(), on_saved.clone(), etag.clone(), group.id);
            spawn_local(async move {
                match api::client().update_area_group(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "area_groups.saved")));
                        on_saved.emit(());
                    }
                    Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_saved),
                }
                busy.set(false);
            });
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| filter.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |value| name.set(value))
    };
    let pickers = match &*provinces {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(provinces) => {
            let shown = matching(provinces, &filter);
            html! {
                <>
                    <p class="muted" aria-live="polite">
                        { format!("{}: {}/{}", session.t("area_group.chosen"), chosen.len(), provinces.len()) }
                    </p>
                    if shown.is_empty() { <Empty key_name="areas.no_match" /> }
                    <ul class="checklist">
                        { for shown.into_iter().map(|area| {
                            let id = area.id;
                            let onchange = {
                                let chosen = chosen.clone();
                                Callback::from(move |event: Event| {
                                    let on = event.target_unchecked_into::<HtmlInputElement>().checked();
                                    let mut next = (*chosen).clone();
                                    if on { next.insert(id); } else { next.remove(&id); }
                                    chosen.set(next);
                                })
                            };
                            let input_id = format!("province-{}", area.code);
                            html! {
                                <li key={id.to_string()}>
                                    <input type="checkbox" id={input_id.clone()} data-testid="province-option"
                                        checked={chosen.contains(&id)} {onchange} disabled={!manage} />
                                    <label for={input_id}>{ &area.name }</label>
                                </li>
                            }
                        }) }
                    </ul>
                </>
            }
        }
    };
    html! {
        <section>
            <div class="page-head">
                <h1>{ &group.name }</h1>
                <span class="badge">{ format!("{} · {} {}", group.code, session.t("areas.layout"), group.layout.as_str()) }</span>
            </div>
            <form class="card form" novalidate=true {onsubmit}>
                <TextField id="area-group-name" field="name" label={session.t("area_group.name")} required=true
                    value={(*name).clone()} oninput={on_name} disabled={!manage} error={field_message(lang, &errors, "name")} />
                <fieldset class="coverage">
                    <legend>{ session.t("area_group.coverage") }</legend>
                    <div class="field">
                        <label for="province-filter">{ session.t("area_group.filter") }</label>
                        <input id="province-filter" data-testid="province-filter" type="search" value={(*filter).clone()}
                            oninput={on_filter} placeholder={session.t("areas.search_hint")} autocomplete="off" />
                    </div>
                    if let Some(message) = field_message(lang, &errors, "province_ids") {
                        <p class="field-error" data-testid="field-error-province_ids">{ message }</p>
                    }
                    { pickers }
                </fieldset>
                if manage {
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="area-group-submit" disabled={*busy}>{ session.t("action.save") }</button>
                        <AppLink to={Route::AreaGroups} class="button secondary">{ session.t("action.cancel") }</AppLink>
                    </div>
                }
            </form>
        </section>
    }
}
