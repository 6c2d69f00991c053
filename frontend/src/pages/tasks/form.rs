//! Assigning a task and editing one: title, description, the plan item it serves, the
//! working group, who does it (people and org units), the areas (provinces), the target
//! group, the due date and the priority. `/tasks/new?plan_item_id=…` starts with that
//! item chosen. The domain's `validate()` runs before sending; the server's field errors
//! show by their fields. Editing is offered only when the server says the caller may.

use crate::{
    api::{self, tasks::TaskFilter, ApiError, Tagged},
    components::{
        checklist::CheckList,
        dates::DateField,
        form::{edit, field_message, show_failure, SelectField, TextField},
        hooks::use_title,
        load::{use_load, Load},
        status::{ErrorNote, Forbidden, Loading},
        task_status::priority_label,
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    i18n::{t, Lang},
    pages::{
        tasks::model::{select_options, with_current, Draft},
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    area::Layout,
    named::NamedRef,
    task::{Task, TaskPriority},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::{use_location, use_navigator};

/// Everything the pickers offer, read once per form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    pub plan_items: Vec<(Uuid, String)>,
    pub working_groups: Vec<(Uuid, String)>,
    pub users: Vec<(Uuid, AttrValue)>,
    pub org_units: Vec<(Uuid, AttrValue)>,
    pub provinces: Vec<(Uuid, AttrValue)>,
    /// `(id, Vietnamese name, English name)`.
    pub target_groups: Vec<(Uuid, String, String)>,
}

/// Reads the pickers' lists; one that cannot be read stays empty rather than failing the form.
async fn load_choices() -> Result<Choices, ApiError> {
    let client = api::client();
    let (plan_items, groups, users, units, provinces, targets) = futures::join!(
        api::tasks::plan_item_choices(),
        client.all_working_groups(),
        client.all_users(&[]),
        client.all_org_units(&[]),
        api::provinces(Layout::L2025),
        client.list_target_groups(Some(true)),
    );
    let mut users: Vec<(Uuid, AttrValue)> = users
        .unwrap_or_default()
        .into_iter()
        .filter(|user| user.active)
        .map(|user| (user.id, AttrValue::from(format!("{} ({})", user.display_name, user.username))))
        .collect();
    users.sort_by(|a, b| a.1.cmp(&b.1));
    let mut org_units: Vec<(Uuid, AttrValue)> =
        units.unwrap_or_default().into_iter().map(|unit| (unit.id, AttrValue::from(unit.name))).collect();
    org_units.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Choices {
        plan_items: plan_items.unwrap_or_default(),
        working_groups: groups.unwrap_or_default().into_iter().map(|group| (group.id, group.name)).collect(),
        users,
        org_units,
        provinces: provinces
            .unwrap_or_default()
            .into_iter()
            .map(|area| (area.id, AttrValue::from(area.name)))
            .collect(),
        target_groups: targets
            .unwrap_or_default()
            .into_iter()
            .map(|entry| (entry.id, entry.name_vi, entry.name_en))
            .collect(),
    })
}

#[derive(Properties, PartialEq)]
struct FieldsProps {
    draft: UseStateHandle<Draft>,
    errors: Vec<FieldError>,
    choices: Rc<Choices>,
    /// What the task holds now (editing), so that it shows even when no longer offered.
    #[prop_or_default]
    current: Option<Task>,
}

/// The form's fields, shared by "assign" and "edit".
#[component]
fn TaskFields(props: &FieldsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let (draft, errors, choices) = (&props.draft, &props.errors, &props.choices);
    let current = props.current.as_ref();
    let mut plan_items: Vec<(String, String)> =
        choices.plan_items.iter().map(|(id, label)| (id.to_string(), label.clone())).collect();
    if let Some(item) = current.and_then(|task| task.plan_item.as_ref()) {
        if !choices.plan_items.iter().any(|(id, _)| *id == item.id) {
            plan_items.push((item.id.to_string(), item.name.clone()));
        }
    }
    if !draft.plan_item.is_empty() && !plan_items.iter().any(|(id, _)| *id == draft.plan_item) {
        plan_items.push((draft.plan_item.clone(), draft.plan_item.clone()));
    }
    let groups = choices.working_groups.iter().map(|(id, name)| (id.to_string(), name.clone()));
    let mut targets: Vec<(String, String)> = choices
        .target_groups
        .iter()
        .map(|(id, vi, en)| (id.to_string(), if lang == Lang::Vi { vi.clone() } else { en.clone() }))
        .collect();
    if let Some(group) = current.and_then(|task| task.target_group.as_ref()) {
        if !targets.iter().any(|(id, _)| *id == group.id.to_string()) {
            targets.push((group.id.to_string(), group.name.clone()));
        }
    }
    let priorities: Vec<(AttrValue, AttrValue)> = TaskPriority::ALL
        .iter()
        .map(|p| (AttrValue::from(p.as_str()), AttrValue::from(priority_label(lang, *p))))
        .collect();
    let none: &[NamedRef] = &[];
    html! {
        <>
            <TextField id="task-form-title" field="title" label={session.t("tasks.title")} required=true
                value={draft.title.clone()} oninput={edit(draft, |d, v| d.title = v)} error={field_message(lang, errors, "title")} />
            <TextAreaField id="task-form-description" field="description" label={session.t("tasks.description")}
                value={draft.description.clone()} oninput={edit(draft, |d, v| d.description = v)}
                error={field_message(lang, errors, "description")} />
            <div class="form-row">
                <DateField id="task-form-due-on" field="due_on" label={session.t("tasks.due_on")} required=true value={draft.due_on}
                    onchange={edit(draft, |d, v| d.due_on = v)} error={field_message(lang, errors, "due_on")} />
                <SelectField id="task-form-priority" field="priority" label={session.t("tasks.priority")}
                    value={draft.priority.as_str()} options={priorities}
                    onchange={edit(draft, |d, v: String| d.priority = TaskPriority::parse(&v).unwrap_or(d.priority))}
                    error={field_message(lang, errors, "priority")} />
            </div>
            <SelectField id="task-form-plan-item" field="plan_item_id" label={session.t("tasks.plan_item")}
                value={draft.plan_item.clone()} options={select_options(lang, plan_items)}
                onchange={edit(draft, |d, v| d.plan_item = v)} error={field_message(lang, errors, "plan_item_id")} />
            if current.is_none() {
                <SelectField id="task-form-working-group" field="working_group_id" label={session.t("tasks.working_group")}
                    value={draft.working_group.clone()} options={select_options(lang, groups)}
                    onchange={edit(draft, |d, v| d.working_group = v)} error={field_message(lang, errors, "working_group_id")} />
            }
            <CheckList id="task-form-users" field="assignee_user_ids" legend={session.t("tasks.assignee_people")} filter=true
                options={with_current(&choices.users, current.map_or(none, |task| &task.assignee_users))}
                chosen={draft.users.clone()} onchange={edit(draft, |d, v| d.users = v)}
                error={field_message(lang, errors, "assignee_user_ids")} />
            <CheckList id="task-form-org-units" field="assignee_org_unit_ids" legend={session.t("tasks.assignee_units")} filter=true
                options={with_current(&choices.org_units, current.map_or(none, |task| &task.assignee_org_units))}
                chosen={draft.org_units.clone()} onchange={edit(draft, |d, v| d.org_units = v)}
                error={field_message(lang, errors, "assignee_org_unit_ids")} />
            <CheckList id="task-form-areas" field="area_ids" legend={session.t("tasks.areas")} filter=true
                options={with_current(&choices.provinces, current.map_or(none, |task| &task.areas))}
                chosen={draft.areas.clone()} onchange={edit(draft, |d, v| d.areas = v)}
                error={field_message(lang, errors, "area_ids")} />
            <SelectField id="task-form-target-group" field="target_group_id" label={session.t("tasks.target_group")}
                value={draft.target_group.clone()} options={select_options(lang, targets)}
                onchange={edit(draft, |d, v| d.target_group = v)} error={field_message(lang, errors, "target_group_id")} />
        </>
    }
}

#[component]
pub fn TaskNew() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("tasks.new"));
    let navigator = use_navigator();
    let toast = use_toast();
    let location = use_location();
    let linked_item = TaskFilter::from_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default()).plan_item_id;
    let draft = use_state(|| Draft { plan_item: linked_item, ..Draft::default() });
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    // One key per form: a repeated submit cannot create the task twice.
    let key = use_state(api::new_key);
    let choices = use_load((), |()| load_choices());

    let onsubmit = {
        let (draft, errors, busy, key, toast) =
            (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = match draft.to_create() {
                Ok(request) => request,
                Err(failed) => {
                    errors.set(failed);
                    return;
                }
            };
            errors.set(Vec::new());
            if *busy {
                return;
            }
            busy.set(true);
            let (errors, busy, key, toast, navigator) =
                (errors.clone(), busy.clone(), (*key).clone(), toast.clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_task(&request, Some(&key)).await {
                    Ok(task) => {
                        toast.emit(Toast::success(t(lang, "tasks.created")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Task { id: task.id });
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
            <h1>{ session.t("tasks.new") }</h1>
            { match &*choices {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(choices) => html! {
                    <form class="card form task-form" novalidate=true {onsubmit} data-testid="task-form">
                        <TaskFields draft={draft.clone()} errors={(*errors).clone()} choices={choices.clone()} />
                        <div class="actions">
                            <button type="submit" class="primary" data-testid="task-submit" disabled={*busy}>
                                { session.t("tasks.assign") }
                            </button>
                            <crate::components::link::AppLink to={Route::Tasks} class="button secondary">
                                { session.t("action.cancel") }
                            </crate::components::link::AppLink>
                        </div>
                    </form>
                },
            } }
        </section>
    }
}

#[component]
pub fn TaskEdit(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("tasks.edit"));
    let reload = use_state(|| 0u32);
    let task = use_load((props.id, *reload), |(id, _)| async move { api::client().get_task(id).await });
    let choices = use_load((), |()| load_choices());
    let on_stale = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match (&*task, &*choices) {
        (Load::Failed(error), _) | (_, Load::Failed(error)) => html! { <ErrorNote error={error.clone()} /> },
        (Load::Ready(task), _) if !task.value.can_edit => html! { <Forbidden /> },
        (Load::Ready(task), Load::Ready(choices)) => {
            html! { <TaskEditor task={task.clone()} choices={choices.clone()} {on_stale} /> }
        }
        _ => html! { <Loading /> },
    }
}

#[derive(Properties, PartialEq)]
struct TaskEditorProps {
    task: Rc<Tagged<Task>>,
    choices: Rc<Choices>,
    on_stale: Callback<()>,
}

#[component]
fn TaskEditor(props: &TaskEditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let toast = use_toast();
    let task = props.task.value.clone();
    let etag = props.task.etag.clone();
    let draft = use_state(|| Draft::of(&task));
    {
        // A reloaded task replaces what was typed.
        let (draft, task) = (draft.clone(), task.clone());
        use_effect_with(task.version, move |_| draft.set(Draft::of(&task)));
    }
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy, toast, on_stale, task) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_stale.clone(), task.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = match draft.to_update(&task) {
                Ok(request) => request,
                Err(failed) => {
                    errors.set(failed);
                    return;
                }
            };
            errors.set(Vec::new());
            if *busy {
                return;
            }
            busy.set(true);
            let (errors, busy, toast, on_stale, navigator, etag, id) = (
                errors.clone(),
                busy.clone(),
                toast.clone(),
                on_stale.clone(),
                navigator.clone(),
                etag.clone(),
                task.id,
            );
            spawn_local(async move {
                match api::client().update_task(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "tasks.saved")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Task { id });
                        }
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        if error.status() == Some(412) {
                            on_stale.emit(());
                        }
                        busy.set(false);
                    }
                }
            });
        })
    };
    html! {
        <section>
            <h1>{ session.t("tasks.edit") }</h1>
            <form class="card form task-form" novalidate=true {onsubmit} data-testid="task-form">
                <TaskFields draft={draft.clone()} errors={(*errors).clone()} choices={props.choices.clone()} current={Some(task.clone())} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="task-submit" disabled={*busy}>{ session.t("action.save") }</button>
                    <crate::components::link::AppLink to={Route::Task { id: task.id }} class="button secondary">
                        { session.t("action.cancel") }
                    </crate::components::link::AppLink>
                </div>
            </form>
        </section>
    }
}
