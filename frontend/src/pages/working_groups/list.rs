//! The working groups list (name, plan, head, member count) and the form that creates a
//! group for a plan (administrators).

use crate::{
    api::{self, ApiError},
    components::{
        dates::today,
        form::{begin_send, check, field_message, SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    route::Route,
    state::use_session,
};
use danvan_domain::{
    permission::Action,
    validation::FieldError,
    working_group::{CreateWorkingGroup, WorkingGroup},
};
use futures::future::join_all;
use std::collections::HashMap;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

/// One row of the group list.
#[derive(Clone, Debug, PartialEq)]
struct GroupRow {
    group: WorkingGroup,
    plan_number: Option<String>,
    head_name: Option<String>,
}

async fn group_rows() -> Result<Vec<GroupRow>, ApiError> {
    let groups = api::client().all_working_groups().await?;
    // The plan numbers and heads' names only decorate the list.
    let plans: HashMap<Uuid, String> =
        api::client().all_plans().await.unwrap_or_default().into_iter().map(|plan| (plan.id, plan.number)).collect();
    let day = today();
    let heads = join_all(groups.iter().map(|group| {
        let (id, head) = (group.id, group.head_user_id);
        async move {
            let head = head?;
            let members = api::client().list_members(id, &[("as_of", &day.to_string())]).await.ok()?;
            members.into_iter().find(|m| m.user_id == head).map(|m| m.display_name)
        }
    }))
    .await;
    Ok(groups
        .into_iter()
        .zip(heads)
        .map(|(group, head_name)| GroupRow { plan_number: plans.get(&group.plan_id).cloned(), group, head_name })
        .collect())
}

#[component]
pub fn WorkingGroupList() -> Html {
    let session = use_session();
    use_title(session.t("nav.working_groups"));
    let reload = use_state(|| 0u32);
    let rows = use_load(*reload, |_| group_rows());
    let creating = use_state(|| false);
    let manage = session.state.can(Action::WorkingGroupsManage);
    let toggle = {
        let creating = creating.clone();
        Callback::from(move |_| creating.set(!*creating))
    };
    let on_created = {
        let (creating, reload) = (creating.clone(), reload.clone());
        Callback::from(move |()| {
            creating.set(false);
            reload.set(reload.wrapping_add(1));
        })
    };
    let body = match &*rows {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(rows) if rows.is_empty() => html! { <Empty key_name="working_groups.none" /> },
        Load::Ready(rows) => html! {
            <div class="table-wrap">
                <table data-testid="working-groups-table">
                    <thead>
                        <tr>
                            <th scope="col">{ session.t("working_groups.name") }</th>
                            <th scope="col">{ session.t("working_groups.plan") }</th>
                            <th scope="col">{ session.t("working_groups.head") }</th>
                            <th scope="col" class="num">{ session.t("working_groups.member_count") }</th>
                            <th scope="col">{ session.t("assignments.title") }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|row| {
                            let group = &row.group;
                            html! {
                                <tr data-testid="working-group-row" key={group.id.to_string()}>
                                    <td><AppLink to={Route::WorkingGroup { id: group.id }}>{ &group.name }</AppLink></td>
                                    <td class="nowrap">
                                        <AppLink to={Route::Plan { id: group.plan_id }}>
                                            { row.plan_number.clone().unwrap_or_else(|| session.t("working_groups.plan").to_owned()) }
                                        </AppLink>
                                    </td>
                                    <td>{ row.head_name.clone().unwrap_or_else(|| session.t("working_groups.no_head").to_owned()) }</td>
                                    <td class="num">{ group.member_count }</td>
                                    <td>
                                        <AppLink to={Route::Assignments { id: group.id }} testid="working-group-matrix">
                                            { session.t("working_groups.open_matrix") }
                                        </AppLink>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <section>
            <div class="page-head">
                <h1>{ session.t("nav.working_groups") }</h1>
                if manage {
                    <button type="button" class="primary" data-testid="working-group-new"
                        aria-expanded={(*creating).to_string()} onclick={toggle}>{ session.t("working_groups.new") }</button>
                }
            </div>
            if manage && *creating { <GroupForm {on_created} /> }
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GroupFormProps {
    on_created: Callback<()>,
}

/// A new working group for a plan (administrators).
#[component]
fn GroupForm(props: &GroupFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let plans = use_load((), |()| async { api::client().all_plans().await });
    let name = use_state(String::new);
    let plan = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let options: Vec<(AttrValue, AttrValue)> = std::iter::once((AttrValue::default(), AttrValue::from("—")))
        .chain(plans.ready().into_iter().flatten().map(|plan| {
            (AttrValue::from(plan.id.to_string()), AttrValue::from(format!("{} — {}", plan.number, plan.title)))
        }))
        .collect();
    let onsubmit = {
        let (name, plan, errors, busy, toast, key, on_created) = (
            name.clone(),
            plan.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            key.clone(),
            props.on_created.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Ok(plan_id) = plan.parse::<Uuid>() else {
                errors.set(vec![FieldError::new("plan_id", "required", "must not be empty")]);
                return;
            };
            let request = CreateWorkingGroup { name: name.trim().to_owned(), plan_id, standing_unit_id: None };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (errors, busy, toast, key, on_created) =
                (errors.clone(), busy.clone(), toast.clone(), (*key).clone(), on_created.clone());
            spawn_local(async move {
                match api::client().create_working_group(&request, Some(&key)).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "working_groups.created")));
                        on_created.emit(());
                    }
                    Err(error) if !error.field_errors().is_empty() => errors.set(error.field_errors().to_vec()),
                    Err(error) => toast.emit(Toast::error(lang, &error)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form class="card form" novalidate=true {onsubmit} data-testid="working-group-form">
            <h2>{ session.t("working_groups.new") }</h2>
            <TextField id="working-group-name" field="name" label={session.t("working_groups.name")} required=true
                value={(*name).clone()} oninput={let name = name.clone(); Callback::from(move |v| name.set(v))}
                error={field_message(lang, &errors, "name")} />
            <SelectField id="working-group-plan" field="plan_id" label={session.t("working_groups.plan")}
                value={(*plan).clone()} {options} onchange={let plan = plan.clone(); Callback::from(move |v| plan.set(v))}
                error={field_message(lang, &errors, "plan_id")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="working-group-submit" disabled={*busy}>{ session.t("action.create") }</button>
            </div>
        </form>
    }
}
