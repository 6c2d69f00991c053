//! Org units as a tree built from `parent_id`: pick a unit to see or edit it (code,
//! name, kind) or move it under another parent; create a unit.

pub mod i18n;

use crate::{
    api::{self},
    components::{
        form::{check, field_message, show_failure, SelectField, TextField},
        hooks::use_title,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::{t, Lang},
    state::use_session,
};
use danvan_domain::{
    org_unit::{CreateOrgUnit, OrgUnit, OrgUnitKind, UpdateOrgUnit},
    permission::Action,
    validation::FieldError,
};
use std::{
    collections::{HashMap, HashSet},
    rc::Rc,
};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

/// Children of each unit (`None`: the roots), sorted by name. A unit whose parent is not
/// in the list (outside the caller's view) counts as a root.
pub fn children_of(units: &[OrgUnit]) -> HashMap<Option<Uuid>, Vec<OrgUnit>> {
    let known: HashSet<Uuid> = units.iter().map(|u| u.id).collect();
    let mut tree: HashMap<Option<Uuid>, Vec<OrgUnit>> = HashMap::new();
    for unit in units {
        let parent = unit.parent_id.filter(|id| known.contains(id));
        tree.entry(parent).or_default().push(unit.clone());
    }
    for siblings in tree.values_mut() {
        siblings.sort_by(|a, b| a.name.cmp(&b.name));
    }
    tree
}

/// `id` and every unit below it: where it may not be moved.
pub fn subtree(units: &[OrgUnit], id: Uuid) -> HashSet<Uuid> {
    let mut found = HashSet::from([id]);
    loop {
        let before = found.len();
        for unit in units {
            if unit.parent_id.is_some_and(|parent| found.contains(&parent)) {
                found.insert(unit.id);
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

fn kind_options(lang: Lang) -> Vec<(AttrValue, AttrValue)> {
    OrgUnitKind::ALL
        .into_iter()
        .map(|kind| (AttrValue::from(kind.as_str()), AttrValue::from(t(lang, &format!("org_kind.{}", kind.as_str())))))
        .collect()
}

/// Parent choices: none (a root), then every unit not in `excluded`.
fn parent_options(lang: Lang, units: &[OrgUnit], excluded: &HashSet<Uuid>) -> Vec<(AttrValue, AttrValue)> {
    let mut options = vec![(AttrValue::default(), AttrValue::from(t(lang, "org_units.no_parent")))];
    let mut units: Vec<&OrgUnit> = units.iter().filter(|u| !excluded.contains(&u.id)).collect();
    units.sort_by(|a, b| a.name.cmp(&b.name));
    options.extend(
        units
            .into_iter()
            .map(|u| (AttrValue::from(u.id.to_string()), AttrValue::from(format!("{} ({})", u.name, u.code)))),
    );
    options
}

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
    let units = use_load(*reload, |_| api::org_units::all());
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

/// Field values of the unit form.
#[derive(Clone, Debug, Default, PartialEq)]
struct UnitDraft {
    code: String,
    name: String,
    kind: String,
    parent: String,
}

impl UnitDraft {
    fn of(unit: &OrgUnit) -> Self {
        UnitDraft {
            code: unit.code.clone(),
            name: unit.name.clone(),
            kind: unit.kind.as_str().to_owned(),
            parent: unit.parent_id.map(|id| id.to_string()).unwrap_or_default(),
        }
    }

    fn kind(&self) -> OrgUnitKind {
        OrgUnitKind::parse(&self.kind).unwrap_or(OrgUnitKind::Other)
    }

    fn parent(&self) -> Option<Uuid> {
        self.parent.parse().ok()
    }

    fn to_update(&self, unit: &OrgUnit) -> UpdateOrgUnit {
        let (code, name) = (self.code.trim().to_owned(), self.name.trim().to_owned());
        UpdateOrgUnit {
            parent_id: (self.parent() != unit.parent_id).then(|| self.parent()),
            code: (code != unit.code).then_some(code),
            name: (name != unit.name).then_some(name),
            kind: (self.kind() != unit.kind).then(|| self.kind()),
        }
    }

    fn to_create(&self) -> CreateOrgUnit {
        CreateOrgUnit {
            parent_id: self.parent(),
            code: self.code.trim().to_owned(),
            name: self.name.trim().to_owned(),
            kind: self.kind(),
        }
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
    let unit = use_load(props.id, api::org_units::get_one);
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
            let failed = check(request.validate());
            errors.set(failed.clone());
            if !failed.is_empty() || *busy {
                return;
            }
            busy.set(true);
            let etag = fetched.etag.clone().unwrap_or_else(|| format!("\"{}\"", current.version));
            let (errors, busy, toast, on_saved, id) =
                (errors.clone(), busy.clone(), toast.clone(), on_saved.clone(), current.id);
            spawn_local(async move {
                match api::org_units::update(id, &request, &etag).await {
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
            let failed = check(request.validate());
            errors.set(failed.clone());
            if !failed.is_empty() || *busy {
                return;
            }
            busy.set(true);
            let (errors, busy, toast, on_saved, key) =
                (errors.clone(), busy.clone(), toast.clone(), on_saved.clone(), (*key).clone());
            spawn_local(async move {
                match api::org_units::create(&request, &key).await {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: u128, parent: Option<u128>, name: &str) -> OrgUnit {
        let now = chrono::DateTime::UNIX_EPOCH;
        OrgUnit {
            id: Uuid::from_u128(id),
            parent_id: parent.map(Uuid::from_u128),
            code: format!("U{id}"),
            name: name.into(),
            kind: OrgUnitKind::Department,
            version: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    #[test]
    fn the_tree_follows_parent_ids_and_sorts_by_name() {
        let units =
            vec![unit(1, None, "Ban"), unit(3, Some(1), "Vụ B"), unit(2, Some(1), "Vụ A"), unit(9, Some(77), "Lạc")];
        let tree = children_of(&units);
        let names = |parent: Option<u128>| -> Vec<String> {
            tree.get(&parent.map(Uuid::from_u128))
                .map(|v| v.iter().map(|u| u.name.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(names(None), ["Ban", "Lạc"]);
        assert_eq!(names(Some(1)), ["Vụ A", "Vụ B"]);
    }

    #[test]
    fn a_unit_cannot_move_under_itself_or_below() {
        let units = vec![unit(1, None, "a"), unit(2, Some(1), "b"), unit(3, Some(2), "c"), unit(4, None, "d")];
        let blocked = subtree(&units, Uuid::from_u128(2));
        assert_eq!(blocked, HashSet::from([Uuid::from_u128(2), Uuid::from_u128(3)]));
    }

    #[test]
    fn moving_sends_only_the_new_parent() {
        let current = unit(2, Some(1), "b");
        let mut draft = UnitDraft::of(&current);
        draft.parent = String::new();
        let patch = serde_json::to_value(draft.to_update(&current)).unwrap_or_default();
        assert_eq!(patch, serde_json::json!({"parent_id": null}));
    }
}
