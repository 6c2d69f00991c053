//! Plans: the list (with a form for a new plan), and one plan's page: its header (number,
//! title, issuing body, date, basis documents, status) and its numbered item tree, each
//! item with the progress of its tasks and links to them. Managers add and edit items
//! and change the plan's status.

pub mod i18n;
pub mod model;

use crate::{
    api::{self, ApiError},
    components::{
        dates::{date, today, DateField},
        form::{begin_send, check, edit, field_message, show_failure, show_save_failure, SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, use_paged, Load},
        query_link::QueryLink,
        status::{Empty, ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::{
        plans::model::{children_of, number_prefix, status_class, status_name, status_options, ItemDraft, PlanDraft},
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    permission::Action,
    plan::{CreatePlan, CreatePlanItem, Plan, PlanItem, PlanItemProgress, PlanStatus, UpdatePlan, UpdatePlanItem},
    validation::FieldError,
};
use std::{collections::HashMap, rc::Rc};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

/// Rows per page of the list.
const PAGE: u32 = 50;

#[component]
pub fn PlanList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.plans"));
    let paged = use_paged((), |(), cursor: Option<String>| async move {
        api::client()
            .list_plans(&[("limit", &PAGE.to_string()), ("cursor", cursor.as_deref().unwrap_or_default())])
            .await
    });
    let creating = use_state(|| false);
    let manage = session.state.can(Action::PlansManage);
    let list = &*paged.list;
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    let toggle = {
        let creating = creating.clone();
        Callback::from(move |_| creating.set(!*creating))
    };
    let on_cancel = {
        let creating = creating.clone();
        Callback::from(move |()| creating.set(false))
    };
    html! {
        <section>
            <div class="page-head">
                <h1>{ session.t("nav.plans") }</h1>
                if manage {
                    <button type="button" class="primary" data-testid="plan-new" aria-expanded={(*creating).to_string()}
                        onclick={toggle}>{ session.t("plans.new") }</button>
                }
            </div>
            if manage && *creating { <PlanForm {on_cancel} /> }
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="plans.none" /> }
            } else {
                <div class="table-wrap">
                    <table data-testid="plans-table">
                        <thead>
                            <tr>
                                <th scope="col">{ session.t("plans.number") }</th>
                                <th scope="col">{ session.t("plans.title") }</th>
                                <th scope="col">{ session.t("plans.issuing_body") }</th>
                                <th scope="col">{ session.t("plans.issued_on") }</th>
                                <th scope="col">{ session.t("plans.status") }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for list.items.iter().map(|plan| html! {
                                <tr data-testid="plan-row" key={plan.id.to_string()}>
                                    <td class="nowrap"><AppLink to={Route::Plan { id: plan.id }}>{ &plan.number }</AppLink></td>
                                    <td class="wrap">{ &plan.title }</td>
                                    <td>{ &plan.issuing_body }</td>
                                    <td class="nowrap">{ date(lang, plan.issued_on) }</td>
                                    <td><span class={status_class(plan.status)}>{ status_name(lang, plan.status) }</span></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if list.next.is_some() {
                    <button type="button" class="secondary more" data-testid="plans-more" onclick={more} disabled={list.loading}>
                        { session.t(if list.loading { "loading" } else { "action.more" }) }
                    </button>
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PlanFormProps {
    on_cancel: Callback<()>,
}

/// A new plan; opens it once created.
#[component]
fn PlanForm(props: &PlanFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let navigator = use_navigator();
    let draft = use_state(|| PlanDraft {
        number: String::new(),
        title: String::new(),
        issuing_body: String::new(),
        issued_on: Some(today()),
        basis: String::new(),
        status: PlanStatus::Draft.as_str().to_owned(),
    });
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (draft, errors, busy, toast, key) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), key.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let mut failed = Vec::new();
            let Some(issued_on) = draft.issued_on else {
                errors.set(vec![FieldError::new("issued_on", "required", "must not be empty")]);
                return;
            };
            let request = CreatePlan {
                number: draft.number.trim().to_owned(),
                title: draft.title.trim().to_owned(),
                issuing_body: draft.issuing_body.trim().to_owned(),
                issued_on,
                basis: draft.basis(),
                status: PlanStatus::parse(&draft.status),
            };
            failed.extend(check(request.validate()));
            errors.set(failed.clone());
            if !failed.is_empty() || *busy {
                return;
            }
            busy.set(true);
            let (errors, busy, toast, key, navigator) =
                (errors.clone(), busy.clone(), toast.clone(), (*key).clone(), navigator.clone());
            spawn_local(async move {
                match api::client().create_plan(&request, Some(&key)).await {
                    Ok(plan) => {
                        toast.emit(Toast::success(t(lang, "plans.created")));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Plan { id: plan.id });
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
    let cancel = props.on_cancel.reform(|_| ());
    html! {
        <form class="card form" novalidate=true {onsubmit} data-testid="plan-form">
            <h2>{ session.t("plans.new") }</h2>
            <TextField id="plan-number" field="number" label={session.t("plans.number")} required=true
                value={draft.number.clone()} oninput={edit(&draft, |d: &mut PlanDraft, v| d.number = v)}
                hint={session.t("plans.number_hint")} error={field_message(lang, &errors, "number")} />
            <TextField id="plan-title" field="title" label={session.t("plans.title")} required=true
                value={draft.title.clone()} oninput={edit(&draft, |d: &mut PlanDraft, v| d.title = v)}
                error={field_message(lang, &errors, "title")} />
            <TextField id="plan-issuing-body" field="issuing_body" label={session.t("plans.issuing_body")} required=true
                value={draft.issuing_body.clone()} oninput={edit(&draft, |d: &mut PlanDraft, v| d.issuing_body = v)}
                error={field_message(lang, &errors, "issuing_body")} />
            <DateField id="plan-issued-on" field="issued_on" label={session.t("plans.issued_on")} required=true
                value={draft.issued_on} onchange={edit(&draft, |d: &mut PlanDraft, v| d.issued_on = v)}
                error={field_message(lang, &errors, "issued_on")} />
            <TextAreaField id="plan-basis" field="basis" label={session.t("plans.basis")} hint={session.t("plans.basis_hint")}
                value={draft.basis.clone()} oninput={edit(&draft, |d: &mut PlanDraft, v| d.basis = v)}
                error={field_message(lang, &errors, "basis")} />
            <SelectField id="plan-status" field="status" label={session.t("plans.status")} value={draft.status.clone()}
                options={status_options(lang)} onchange={edit(&draft, |d: &mut PlanDraft, v| d.status = v)}
                error={field_message(lang, &errors, "status")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="plan-submit" disabled={*busy}>{ session.t("action.create") }</button>
                <button type="button" class="secondary" onclick={cancel}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

/// One plan: its header and its item tree.
#[component]
pub fn PlanView(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("plans.plan"));
    let reload_plan = use_state(|| 0u32);
    let reload_items = use_state(|| 0u32);
    let plan = use_load((props.id, *reload_plan), |(id, _)| async move { api::client().get_plan(id).await });
    let items = use_load((props.id, *reload_items), |(id, _)| async move { api::client().list_plan_items(id).await });
    // The progress comes from the tasks; without it the tree still reads.
    let progress = use_load((props.id, *reload_items), |(id, _)| async move {
        let rows = api::client().plan_progress(id).await.unwrap_or_default();
        Ok::<_, ApiError>(rows.into_iter().map(|row| (row.plan_item_id, row)).collect::<HashMap<_, _>>())
    });
    let on_plan_saved = {
        let reload = reload_plan.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let on_items_saved = {
        let reload = reload_items.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let fetched = match &*plan {
        Load::Loading => return html! { <Loading /> },
        Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(fetched) => fetched.clone(),
    };
    let etag = fetched.etag.clone();
    let plan = Rc::new(fetched.value.clone());
    let tree = match &*items {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(items) => {
            let progress = progress.ready().cloned().unwrap_or_default();
            html! {
                <ItemTree plan_id={plan.id} can_edit={plan.can_edit} items={items.clone()} progress={Rc::new(progress)} on_saved={on_items_saved} />
            }
        }
    };
    html! {
        <section>
            <PlanHeader key={plan.version} plan={plan.clone()} {etag} on_saved={on_plan_saved} />
            { tree }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PlanHeaderProps {
    plan: Rc<Plan>,
    etag: String,
    on_saved: Callback<()>,
}

#[component]
fn PlanHeader(props: &PlanHeaderProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let plan = &props.plan;
    let status = use_state(|| plan.status.as_str().to_owned());
    let busy = use_state(|| false);
    let manage = plan.can_edit;
    let onsubmit = {
        let (status, busy, toast, on_saved, etag, plan) =
            (status.clone(), busy.clone(), toast.clone(), props.on_saved.clone(), props.etag.clone(), plan.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(next) = PlanStatus::parse(&status).filter(|next| *next != plan.status) else {
                return;
            };
            if *busy {
                return;
            }
            busy.set(true);
            let request = UpdatePlan { status: Some(next), ..UpdatePlan::default() };
            let (busy, toast, on_saved, etag, id) =
                (busy.clone(), toast.clone(), on_saved.clone(), etag.clone(), plan.id);
            spawn_local(async move {
                match api::client().update_plan(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "plans.saved")));
                        on_saved.emit(());
                    }
                    Err(error) => {
                        toast.emit(Toast::error(lang, &error));
                        if error.status() == Some(412) {
                            on_saved.emit(());
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    html! {
        <header class="card plan-head" data-testid="plan-head">
            <div class="page-head">
                <h1>{ &plan.title }</h1>
                <span class={status_class(plan.status)} data-testid="plan-status">{ status_name(lang, plan.status) }</span>
            </div>
            <dl class="facts">
                <dt>{ session.t("plans.number") }</dt><dd data-testid="plan-number">{ &plan.number }</dd>
                <dt>{ session.t("plans.issuing_body") }</dt><dd>{ &plan.issuing_body }</dd>
                <dt>{ session.t("plans.issued_on") }</dt><dd>{ date(lang, plan.issued_on) }</dd>
                if !plan.basis.is_empty() {
                    <dt>{ session.t("plans.basis") }</dt>
                    <dd><ul class="basis">{ for plan.basis.iter().map(|entry| html! { <li>{ entry }</li> }) }</ul></dd>
                }
            </dl>
            if manage {
                <form class="inline-form" novalidate=true {onsubmit}>
                    <SelectField id="plan-status-select" field="status" label={session.t("plans.change_status")}
                        value={(*status).clone()} options={status_options(lang)}
                        onchange={let status = status.clone(); Callback::from(move |v| status.set(v))} />
                    <button type="submit" class="secondary" data-testid="plan-status-submit"
                        disabled={*busy || *status == plan.status.as_str()}>{ session.t("action.save") }</button>
                </form>
            }
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct ItemTreeProps {
    plan_id: Uuid,
    /// Whether the caller may change the plan's items (the plan's `can_edit`).
    can_edit: bool,
    items: Rc<Vec<PlanItem>>,
    progress: Rc<HashMap<Uuid, PlanItemProgress>>,
    on_saved: Callback<()>,
}

/// What an item's inline form does.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Editing {
    /// A new item under the given parent (`None`: top level).
    Add(Option<Uuid>),
    Edit(Uuid),
}

#[component]
fn ItemTree(props: &ItemTreeProps) -> Html {
    let session = use_session();
    let editing = use_state(|| None::<Editing>);
    let manage = props.can_edit;
    let tree = Rc::new(children_of(&props.items));
    let on_edit = {
        let editing = editing.clone();
        Callback::from(move |next: Option<Editing>| editing.set(next))
    };
    let on_saved = {
        let (editing, on_saved) = (editing.clone(), props.on_saved.clone());
        Callback::from(move |()| {
            editing.set(None);
            on_saved.emit(());
        })
    };
    let add_top = on_edit.reform(|_| Some(Editing::Add(None)));
    html! {
        <section class="plan-items" aria-labelledby="plan-items-title">
            <div class="page-head">
                <h2 id="plan-items-title">{ session.t("plans.items") }</h2>
                if manage {
                    <button type="button" class="secondary" data-testid="plan-item-add-top" onclick={add_top}>
                        { session.t("plans.item_add_top") }
                    </button>
                }
            </div>
            if *editing == Some(Editing::Add(None)) {
                <ItemForm plan_id={props.plan_id} parent={None::<PlanItem>} item={None::<PlanItem>}
                    on_saved={on_saved.clone()} on_cancel={on_edit.reform(|()| None)} />
            }
            if props.items.is_empty() {
                <Empty key_name="plans.no_items" />
            } else {
                <ItemLevel tree={tree.clone()} parent={None::<Uuid>} plan_id={props.plan_id} can_edit={props.can_edit} progress={props.progress.clone()}
                    editing={*editing} {on_edit} {on_saved} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ItemLevelProps {
    tree: Rc<HashMap<Option<Uuid>, Vec<PlanItem>>>,
    parent: Option<Uuid>,
    plan_id: Uuid,
    can_edit: bool,
    progress: Rc<HashMap<Uuid, PlanItemProgress>>,
    editing: Option<Editing>,
    on_edit: Callback<Option<Editing>>,
    on_saved: Callback<()>,
}

/// One level of the item tree, and recursively the levels below.
#[component]
fn ItemLevel(props: &ItemLevelProps) -> Html {
    let session = use_session();
    let Some(items) = props.tree.get(&props.parent) else {
        return Html::default();
    };
    let manage = props.can_edit;
    let create_tasks = session.state.can(Action::TasksCreate);
    html! {
        <ol class={classes!("plan-tree", props.parent.is_none().then_some("top"))}>
            { for items.iter().map(|item| {
                let id = item.id;
                let editing_this = props.editing == Some(Editing::Edit(id));
                let adding_here = props.editing == Some(Editing::Add(Some(id)));
                let cancel = props.on_edit.reform(|()| None);
                html! {
                    <li key={id.to_string()} data-testid="plan-item" data-number={item.number.clone()}>
                        <div class="plan-item">
                            <div class="plan-item-head">
                                <span class="item-number">{ &item.number }</span>
                                <span class="item-title">{ &item.title }</span>
                            </div>
                            if !item.body.trim().is_empty() {
                                <details class="item-body">
                                    <summary>{ session.t("plans.item_show_body") }</summary>
                                    <p>{ &item.body }</p>
                                </details>
                            }
                            <ItemProgress progress={props.progress.get(&id).cloned()} />
                            <div class="item-links">
                                <QueryLink to={Route::Tasks} query={vec![("plan_item_id", id.to_string())]} testid="plan-item-tasks">
                                    { session.t("plans.item_tasks") }
                                </QueryLink>
                                if create_tasks {
                                    <QueryLink to={Route::TaskNew} query={vec![("plan_item_id", id.to_string())]} testid="plan-item-assign">
                                        { session.t("plans.item_assign") }
                                    </QueryLink>
                                }
                                if manage {
                                    <button type="button" class="link-button" data-testid="plan-item-add"
                                        onclick={props.on_edit.reform(move |_| Some(Editing::Add(Some(id))))}>
                                        { session.t("plans.item_add_child") }
                                    </button>
                                    <button type="button" class="link-button" data-testid="plan-item-edit"
                                        onclick={props.on_edit.reform(move |_| Some(Editing::Edit(id)))}>
                                        { session.t("action.edit") }
                                    </button>
                                }
                            </div>
                            if editing_this {
                                <ItemForm plan_id={props.plan_id} parent={None::<PlanItem>} item={Some(item.clone())}
                                    on_saved={props.on_saved.clone()} on_cancel={cancel.clone()} />
                            }
                            if adding_here {
                                <ItemForm plan_id={props.plan_id} parent={Some(item.clone())} item={None::<PlanItem>}
                                    on_saved={props.on_saved.clone()} on_cancel={cancel} />
                            }
                        </div>
                        <ItemLevel tree={props.tree.clone()} parent={Some(id)} plan_id={props.plan_id} can_edit={props.can_edit}
                            progress={props.progress.clone()} editing={props.editing} on_edit={props.on_edit.clone()}
                            on_saved={props.on_saved.clone()} />
                    </li>
                }
            }) }
        </ol>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProgressProps {
    progress: Option<PlanItemProgress>,
}

/// A small bar: tasks done of all, and how many are overdue.
#[component]
fn ItemProgress(props: &ItemProgressProps) -> Html {
    let session = use_session();
    let Some(progress) = props.progress.as_ref().filter(|p| p.total > 0) else {
        return html! { <p class="item-progress muted" data-testid="plan-item-progress">{ session.t("plans.progress_none") }</p> };
    };
    let label = format!(
        "{}: {}/{} {}",
        session.t("plans.progress"),
        progress.done,
        progress.total,
        session.t("plans.progress_done")
    );
    html! {
        <div class="item-progress" data-testid="plan-item-progress">
            <progress max={progress.total.to_string()} value={progress.done.to_string()} aria-label={label.clone()} />
            <span>{ label }</span>
            if progress.overdue > 0 {
                <span class="badge late" data-testid="plan-item-overdue">
                    { format!("{} {}", progress.overdue, session.t("plans.progress_overdue")) }
                </span>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ItemFormProps {
    plan_id: Uuid,
    /// The parent of a new item.
    parent: Option<PlanItem>,
    /// The item being edited; a new item when absent.
    item: Option<PlanItem>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

/// Adds an item (under a parent or at the top), or edits an item's number, title and text.
#[component]
fn ItemForm(props: &ItemFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let draft = use_state(|| match &props.item {
        Some(item) => ItemDraft { number: item.number.clone(), title: item.title.clone(), body: item.body.clone() },
        None => ItemDraft { number: number_prefix(props.parent.as_ref()), ..ItemDraft::default() },
    });
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (draft, errors, busy, toast, key, on_saved) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), key.clone(), props.on_saved.clone());
        let (plan_id, parent, item) = (props.plan_id, props.parent.as_ref().map(|p| p.id), props.item.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let (number, title, body) =
                (draft.number.trim().to_owned(), draft.title.trim().to_owned(), draft.body.clone());
            let (errors, busy, toast, on_saved) = (errors.clone(), busy.clone(), toast.clone(), on_saved.clone());
            match &item {
                Some(item) => {
                    let request = UpdatePlanItem {
                        number: (number != item.number).then_some(number),
                        title: (title != item.title).then_some(title),
                        body: (body != item.body).then_some(body),
                        position: None,
                    };
                    if !begin_send(&errors, &busy, check(request.validate())) {
                        return;
                    }
                    let (id, etag) = (item.id, api::etag_of(item.version));
                    spawn_local(async move {
                        match api::client().update_plan_item(id, &etag, &request).await {
                            Ok(_) => {
                                toast.emit(Toast::success(t(lang, "plans.item_saved")));
                                on_saved.emit(());
                            }
                            Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_saved),
                        }
                        busy.set(false);
                    });
                }
                None => {
                    let request = CreatePlanItem { parent_id: parent, number, title, body, position: None };
                    if !begin_send(&errors, &busy, check(request.validate())) {
                        return;
                    }
                    let key = (*key).clone();
                    spawn_local(async move {
                        match api::client().create_plan_item(plan_id, &request, Some(&key)).await {
                            Ok(_) => {
                                toast.emit(Toast::success(t(lang, "plans.item_created")));
                                on_saved.emit(());
                            }
                            Err(error) => {
                                show_failure(lang, &error, &errors, &toast);
                                busy.set(false);
                            }
                        }
                    });
                }
            }
        })
    };
    let heading = match (&props.item, &props.parent) {
        (Some(item), _) => format!("{} {}", session.t("plans.item_edit"), item.number),
        (None, Some(parent)) => format!("{} {}", session.t("plans.item_add_under"), parent.number),
        (None, None) => session.t("plans.item_add_top").to_owned(),
    };
    html! {
        <form class="card form item-form" novalidate=true {onsubmit} data-testid="plan-item-form">
            <h3>{ heading }</h3>
            <TextField id="plan-item-number" field="number" label={session.t("plans.item_number")} required=true
                value={draft.number.clone()} oninput={edit(&draft, |d: &mut ItemDraft, v| d.number = v)}
                hint={session.t("plans.item_number_hint")} error={field_message(lang, &errors, "number")} />
            <TextField id="plan-item-title" field="title" label={session.t("plans.item_title")} required=true
                value={draft.title.clone()} oninput={edit(&draft, |d: &mut ItemDraft, v| d.title = v)}
                error={field_message(lang, &errors, "title")} />
            <TextAreaField id="plan-item-body" field="body" label={session.t("plans.item_body")} rows={6}
                value={draft.body.clone()} oninput={edit(&draft, |d: &mut ItemDraft, v| d.body = v)}
                error={field_message(lang, &errors, "body")} />
            if let Some(message) = field_message(lang, &errors, "parent_id") {
                <p class="form-error" data-testid="field-error-parent_id">{ message }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="plan-item-submit" disabled={*busy}>{ session.t("action.save") }</button>
                <button type="button" class="secondary" onclick={props.on_cancel.reform(|_| ())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, pages::plans::model::tests::item, testing::render};
    use danvan_domain::role::Role;

    fn sample_tree() -> Html {
        let items = Rc::new(vec![item(1, None, "I", 0), item(2, Some(1), "I.1", 0)]);
        let progress = HashMap::from([(
            Uuid::from_u128(2),
            PlanItemProgress {
                plan_item_id: Uuid::from_u128(2),
                total: 4,
                done: 1,
                verified: 0,
                overdue: 2,
                percent: 30,
            },
        )]);
        html! { <ItemTree plan_id={Uuid::from_u128(100)} can_edit=true {items} progress={Rc::new(progress)} on_saved={Callback::noop()} /> }
    }

    fn sample_tree_read_only() -> Html {
        let items = Rc::new(vec![item(1, None, "I", 0)]);
        html! { <ItemTree plan_id={Uuid::from_u128(100)} can_edit=false {items} progress={Rc::new(HashMap::new())} on_saved={Callback::noop()} /> }
    }

    #[tokio::test]
    async fn the_item_tree_shows_progress_and_task_links_in_both_languages() {
        let vi = render(Lang::Vi, Some(Role::Admin), sample_tree).await;
        assert!(vi.contains("Nhiệm vụ của mục"), "{vi}");
        assert!(vi.contains("1/4"), "{vi}");
        assert!(vi.contains("2 quá hạn"), "{vi}");
        assert!(vi.contains(&format!("/tasks?plan_item_id={}", Uuid::from_u128(2))), "{vi}");
        assert!(vi.contains(&format!("/tasks/new?plan_item_id={}", Uuid::from_u128(1))), "{vi}");
        assert!(vi.contains(r#"data-testid="plan-item-add-top""#));
        let en = render(Lang::En, Some(Role::Viewer), sample_tree).await;
        assert!(en.contains("Tasks of this item"), "{en}");
        assert!(en.contains("2 overdue"), "{en}");
        // A viewer assigns no tasks.
        assert!(!en.contains("/tasks/new"), "{en}");
    }

    #[tokio::test]
    async fn the_item_tree_offers_editing_only_when_the_plan_says_so() {
        let editable = render(Lang::Vi, Some(Role::Viewer), sample_tree).await;
        assert!(editable.contains(r#"data-testid="plan-item-add-top""#), "{editable}");
        let read_only = render(Lang::Vi, Some(Role::Admin), sample_tree_read_only).await;
        assert!(!read_only.contains("plan-item-add"), "{read_only}");
    }
}
