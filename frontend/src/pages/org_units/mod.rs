//! Org units as a tree built from `parent_id`: pick a unit to see or edit it (code,
//! name, kind) or move it under another parent; create a unit.

pub mod i18n;
pub mod model;

use crate::{
    api::{self},
    components::{
        form::{begin_send, check, field_message, show_failure, SelectField, TextField},
        hooks::use_title,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::org_units::model::{children_of, kind_options, parent_options, subtree, UnitDraft},
    state::use_session,
};
use danvan_domain::{
    org_unit::{OrgUnit, OrgUnitKind},
    permission::Action,
    validation::FieldError,
};
use std::{
    collections::{HashMap, HashSet},
    rc::Rc,
};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

/// What the side panel shows.
#[derive(Clone, Debug, PartialEq)]
enum Panel {
    Nothing,
    Unit(Uuid),
    New,
}

#[component]
pub fn OrgUnits() -> Html {
    let session = use_session();
    use_title(session.t("nav.org_units"));
    let reload = use_state(|| 0u32);
    let units = use_load(*reload, |_| async { api::client().all_org_units(&[]).await });
    let panel = use_state(|| Panel::Nothing);
    let manage = session.state.can(Action::OrgUnitsManage);
    let on_saved = {
        let (reload, panel) = (reload.clone(), panel.clone());
        Callback::from(move |id: Uuid| {
            reload.set(reload.wrapping_add(1));
            panel.set(Panel::Unit(id));
        })
    };
    let select = {
        let panel = panel.clone();
        Callback::from(move |id| panel.set(Panel::Unit(id)))
    };
    let body = match &*units {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(units) if units.is_empty() => html! { <Empty /> },
        Load::Ready(units) => {
            let tree = Rc::new(children_of(units));
            let selected = match *panel {
                Panel::Unit(id) => Some(id),
                _ => None,
            };
            html! {
                <div class="split">
                    <div class="card tree-card">
                        <UnitTree tree={tree.clone()} parent={None::<Uuid>} {selected} onselect={select.clone()} />
                    </div>
                    <div class="card panel">
                        { match (*panel).clone() {
                            Panel::Nothing => html! { <p class="muted">{ session.t("org_units.pick") }</p> },
                            Panel::Unit(id) => html! {
                                <UnitEditor key={id.to_string()} {id} units={units.clone()} {manage} on_saved={on_saved.clone()} />
                            },
                            Panel::New => html! {
                                <UnitCreator units={units.clone()} parent={None::<Uuid>} on_saved={on_saved.clone()} />
                            },
                        } }
                    </div>
                </div>
            }
        }
    };
    let new = {
        let panel = panel.clone();
        Callback::from(move |_| panel.set(Panel::New))
    };
    html! {
        <section>
            <div class="page-head">
                <h1>{ session.t("nav.org_units") }</h1>
                if manage {
                    <button type="button" class="primary" data-testid="org-unit-new" onclick={new}>{ session.t("org_units.new") }</button>
                }
            </div>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct UnitTreeProps {
    tree: Rc<HashMap<Option<Uuid>, Vec<OrgUnit>>>,
    parent: Option<Uuid>,
    selected: Option<Uuid>,
    onselect: Callback<Uuid>,
}

/// One level of the tree, and recursively the levels below.
#[component]
fn UnitTree(props: &UnitTreeProps) -> Html {
    let Some(units) = props.tree.get(&props.parent) else {
        return Html::default();
    };
    html! {
        <ul class="tree">
            { for units.iter().map(|unit| {
                let id = unit.id;
                let onclick = props.onselect.reform(move |_| id);
                let selected = props.selected == Some(id);
                html! {
                    <li key={id.to_string()}>
                        <button type="button" class={classes!("tree-label", selected.then_some("selected"))}
                            aria-pressed={selected.to_string()} data-testid="org-unit-row" {onclick}>
                            <span>{ &unit.name }</span>{ " " }<span class="muted">{ &unit.code }</span>
                        </button>
                        <UnitTree tree={props.tree.clone()} parent={Some(id)} selected={props.selected} onselect={props.onselect.clone()} />
                    </li>
                }
            }) }
        </ul>
    }
}

fn edit(draft: &UseStateHandle<UnitDraft>, apply: fn(&mut UnitDraft, String)) -> Callback<String> {
    let draft = draft.clone();
    Callback::from(move |value| {
        let mut next = (*draft).clone();
        apply(&mut next, value);
        draft.set(next);
    })
}

#[derive(Properties, PartialEq)]
struct UnitFieldsProps {
    draft: UseStateHandle<UnitDraft>,
    errors: Vec<FieldError>,
    parents: Vec<(AttrValue, AttrValue)>,
    disabled: bool,
}

/// The four fields shared by creating and editing.
#[component]
fn UnitFields(props: &UnitFieldsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let (draft, errors, disabled) = (&props.draft, &props.errors, props.disabled);
    html! {
        <>
            <TextField id="org-unit-code" field="code" label={session.t("org_unit.code")} required=true {disabled}
                value={draft.code.clone()} oninput={edit(draft, |d, v| d.code = v)}
                hint={session.t("org_unit.code_hint")} error={field_message(lang, errors, "code")} />
            <TextField id="org-unit-name" field="name" label={session.t("org_unit.name")} required=true {disabled}
                value={draft.name.clone()} oninput={edit(draft, |d, v| d.name = v)} error={field_message(lang, errors, "name")} />
            <SelectField id="org-unit-kind" field="kind" label={session.t("org_unit.kind")} value={draft.kind.clone()}
                options={kind_options(lang)} onchange={edit(draft, |d, v| d.kind = v)} {disabled}
                error={field_message(lang, errors, "kind")} />
            <SelectField id="org-unit-parent" field="parent_id" label={session.t("org_unit.parent")} value={draft.parent.clone()}
                options={props.parents.clone()} onchange={edit(draft, |d, v| d.parent = v)} {disabled}
                error={field_message(lang, errors, "parent_id")} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct UnitEditorProps {
    id: Uuid,
    units: Rc<Vec<OrgUnit>>,
    manage: bool,
    on_saved: Callback<Uuid>,
}

/// Shows one unit (read with its ETag) and saves changes, a move included.
#[component]
fn UnitEditor(props: &UnitEditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let unit = use_load(props.id, |id| async move { api::client().get_org_unit(id).await });
    let draft = use_state(UnitDraft::default);
    {
        let draft = draft.clone();
        let loaded = unit.ready().map(|f| f.value.clone());
        use_effect_with(loaded.as_ref().map(|u| u.version), move |_| {
            if let Some(unit) = loaded {
                draft.set(UnitDraft::of(&unit));
            }
        });
    }
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let fetched = match &*unit {
        Load::Loading => return html! { <Loading /> },
        Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(fetched) => fetched.clone(),
    };
    let onsubmit = {
        let (draft, errors, busy, toast, on_saved) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_saved.clone());
        let fetched = fetched.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let current = &fetched.value;
            let request = draft.to_update(current);
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let etag = fetched.etag.clone();
            let (errors, busy, toast, on_saved, id) =
                (errors.clone(), busy.clone(), toast.clone(), on_saved.clone(), current.id);
            spawn_local(async move {
                match api::client().update_org_unit(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "org_units.saved")));
                        on_saved.emit(id);
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let parents = parent_options(lang, &props.units, &subtree(&props.units, props.id));
    html! {
        <form class="form" novalidate=true {onsubmit}>
            <h2>{ &fetched.value.name }</h2>
            <UnitFields draft={draft.clone()} errors={(*errors).clone()} {parents} disabled={!props.manage} />
            if props.manage {
                <div class="actions">
                    <button type="submit" class="primary" data-testid="org-unit-submit" disabled={*busy}>{ session.t("action.save") }</button>
                    <button type="button" class="secondary" onclick={
                        let (draft, value) = (draft.clone(), fetched.value.clone());
                        move |_| draft.set(UnitDraft::of(&value))
                    }>{ session.t("action.cancel") }</button>
                </div>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct UnitCreatorProps {
    units: Rc<Vec<OrgUnit>>,
    parent: Option<Uuid>,
    on_saved: Callback<Uuid>,
}

#[component]
fn UnitCreator(props: &UnitCreatorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let draft = use_state(|| UnitDraft {
        kind: OrgUnitKind::Department.as_str().to_owned(),
        parent: props.parent.map(|id| id.to_string()).unwrap_or_default(),
        ..UnitDraft::default()
    });
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (draft, errors, busy, toast, on_saved, key) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_saved.clone(), key.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_create();
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, toast, on_saved, key) =
                (errors.clone(), busy.clone(), toast.clone(), on_saved.clone(), (*key).clone());
            spawn_local(async move {
                match api::client().create_org_unit(&request, Some(&key)).await {
                    Ok(unit) => {
                        toast.emit(Toast::success(t(lang, "org_units.created")));
                        on_saved.emit(unit.id);
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        busy.set(false);
                    }
                }
            });
        })
    };
    let parents = parent_options(lang, &props.units, &HashSet::new());
    html! {
        <form class="form" novalidate=true {onsubmit}>
            <h2>{ session.t("org_units.new") }</h2>
            <UnitFields draft={draft.clone()} errors={(*errors).clone()} {parents} disabled=false />
            <div class="actions">
                <button type="submit" class="primary" data-testid="org-unit-submit" disabled={*busy}>{ session.t("action.create") }</button>
            </div>
        </form>
    }
}
