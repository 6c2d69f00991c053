//! Working groups: the list (name, plan, head, member count), and one group's roster with
//! its former members on request. The group's head (whoever holds the head position
//! today) and administrators add members, change positions and record leaving dates.

use crate::{
    api::{self, working_groups::Roster as Which, ApiError},
    components::{
        dates::{date, today, DateField},
        form::{check, field_message, SelectField, TextField},
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
        use_title,
    },
    i18n::{t, Lang},
    pages::IdProps,
    route::Route,
    state::{use_session, SessionCtx},
    text::fold,
};
use chrono::NaiveDate;
use danvan_domain::{
    permission::Action,
    role::Role,
    user::User,
    validation::FieldError,
    working_group::{AddMember, CreateWorkingGroup, MemberPosition, Membership, UpdateMembership, WorkingGroup},
};
use futures::future::join_all;
use std::{
    collections::{HashMap, HashSet},
    rc::Rc,
};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

/// A member position in words.
pub fn position_name(lang: Lang, position: MemberPosition) -> &'static str {
    t(lang, &format!("working_groups.position.{}", position.as_str()))
}

fn position_options(lang: Lang) -> Vec<(AttrValue, AttrValue)> {
    MemberPosition::ALL
        .iter()
        .map(|p| (AttrValue::from(p.as_str()), AttrValue::from(position_name(lang, *p))))
        .collect()
}

/// Whether the caller may change the group's roster and assignments: an administrator,
/// or the user who is the group's head today.
pub fn leads(session: &SessionCtx, group: &WorkingGroup) -> bool {
    session.state.me.as_ref().is_some_and(|me| me.user.role == Role::Admin || group.head_user_id == Some(me.user.id))
}

/// Whether a membership has ended by `day`.
pub fn is_former(member: &Membership, day: NaiveDate) -> bool {
    member.left_on.is_some_and(|left| left < day)
}

/// The roster in reading order: current members first, the head, deputies, members and
/// secretaries, then by name.
pub fn roster_order(members: &[Membership], day: NaiveDate) -> Vec<&Membership> {
    let rank = |p: MemberPosition| MemberPosition::ALL.iter().position(|x| *x == p).unwrap_or(usize::MAX);
    let mut sorted: Vec<&Membership> = members.iter().collect();
    sorted.sort_by(|a, b| {
        (is_former(a, day), rank(a.position), fold(&a.display_name), a.joined_on).cmp(&(
            is_former(b, day),
            rank(b.position),
            fold(&b.display_name),
            b.joined_on,
        ))
    });
    sorted
}

/// One row of the group list.
#[derive(Clone, Debug, PartialEq)]
struct GroupRow {
    group: WorkingGroup,
    plan_number: Option<String>,
    head_name: Option<String>,
}

async fn group_rows() -> Result<Vec<GroupRow>, ApiError> {
    let groups = api::working_groups::all().await?;
    // The plan numbers and heads' names only decorate the list.
    let plans: HashMap<Uuid, String> =
        api::plans::all().await.unwrap_or_default().into_iter().map(|plan| (plan.id, plan.number)).collect();
    let day = today();
    let heads = join_all(groups.iter().map(|group| {
        let (id, head) = (group.id, group.head_user_id);
        async move {
            let head = head?;
            let members = api::working_groups::members(id, Which::AsOf(day)).await.ok()?;
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
    let plans = use_load((), |()| api::plans::all());
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
            let failed = check(request.validate());
            errors.set(failed.clone());
            if !failed.is_empty() || *busy {
                return;
            }
            busy.set(true);
            let (errors, busy, toast, key, on_created) =
                (errors.clone(), busy.clone(), toast.clone(), (*key).clone(), on_created.clone());
            spawn_local(async move {
                match api::working_groups::create(&request, &key).await {
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

/// One group's roster.
#[component]
pub fn Roster(props: &IdProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("working_groups.roster"));
    let reload = use_state(|| 0u32);
    let show_all = use_state(|| false);
    let adding = use_state(|| false);
    let group = use_load((props.id, *reload), |(id, _)| api::working_groups::get_one(id));
    let members = use_load((props.id, *show_all, *reload), |(id, all, _)| {
        api::working_groups::members(id, if all { Which::All } else { Which::AsOf(today()) })
    });
    let units = use_load((), |()| async {
        Ok::<_, ApiError>(
            api::org_units::all()
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect::<HashMap<_, _>>(),
        )
    });
    let on_saved = {
        let (reload, adding) = (reload.clone(), adding.clone());
        Callback::from(move |()| {
            adding.set(false);
            reload.set(reload.wrapping_add(1));
        })
    };
    let group = match &*group {
        Load::Loading => return html! { <Loading /> },
        Load::Failed(error) => return html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(fetched) => Rc::new(fetched.value.clone()),
    };
    let manage = leads(&session, &group);
    let units = Rc::new(units.ready().cloned().unwrap_or_default());
    let day = today();
    let toggle_all = {
        let show_all = show_all.clone();
        Callback::from(move |event: Event| show_all.set(event.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let toggle_add = {
        let adding = adding.clone();
        Callback::from(move |_| adding.set(!*adding))
    };
    let table = match &*members {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(members) if members.is_empty() => html! { <Empty key_name="working_groups.no_members" /> },
        Load::Ready(members) => html! {
            <div class="table-wrap">
                <table class="roster" data-testid="roster-table">
                    <thead>
                        <tr>
                            <th scope="col">{ session.t("working_groups.member") }</th>
                            <th scope="col">{ session.t("working_groups.position") }</th>
                            <th scope="col">{ session.t("working_groups.org_unit") }</th>
                            <th scope="col">{ session.t("working_groups.joined_on") }</th>
                            if *show_all { <th scope="col">{ session.t("working_groups.left_on") }</th> }
                            if manage { <th scope="col">{ session.t("working_groups.actions") }</th> }
                        </tr>
                    </thead>
                    <tbody>
                        { for roster_order(members, day).into_iter().map(|member| html! {
                            <MemberRow key={format!("{}-{}", member.id, member.version)} member={member.clone()}
                                units={units.clone()} show_left={*show_all} {manage} on_saved={on_saved.clone()} />
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    let current: HashSet<Uuid> = members
        .ready()
        .map(|members| members.iter().filter(|m| !is_former(m, day)).map(|m| m.user_id).collect())
        .unwrap_or_default();
    html! {
        <section>
            <div class="page-head">
                <h1>{ &group.name }</h1>
                <AppLink to={Route::Assignments { id: group.id }} class="button secondary" testid="roster-matrix">
                    { session.t("working_groups.open_matrix") }
                </AppLink>
            </div>
            <p class="muted">
                { format!("{}: {}", session.t("working_groups.member_count"), group.member_count) }
                { " · " }
                <AppLink to={Route::Plan { id: group.plan_id }}>{ session.t("working_groups.plan") }</AppLink>
            </p>
            <div class="toolbar">
                <div class="field check">
                    <input type="checkbox" id="roster-all" data-testid="roster-all" checked={*show_all} onchange={toggle_all} />
                    <label for="roster-all">{ session.t("working_groups.show_former") }</label>
                </div>
                if manage {
                    <button type="button" class="primary" data-testid="member-add" aria-expanded={(*adding).to_string()}
                        onclick={toggle_add}>{ session.t("working_groups.add_member") }</button>
                }
            </div>
            if manage && *adding {
                <AddMemberForm group_id={group.id} current={Rc::new(current)} on_saved={on_saved.clone()}
                    on_cancel={let adding = adding.clone(); Callback::from(move |()| adding.set(false))} />
            }
            { table }
            if !manage {
                <p class="muted" data-testid="roster-read-only">{ t(lang, "working_groups.read_only") }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MemberRowProps {
    member: Membership,
    units: Rc<HashMap<Uuid, String>>,
    show_left: bool,
    manage: bool,
    on_saved: Callback<()>,
}

/// What a roster row's inline form changes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum RowEdit {
    Position,
    Leaving,
}

#[component]
fn MemberRow(props: &MemberRowProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let member = &props.member;
    let editing = use_state(|| None::<RowEdit>);
    let position = use_state(|| member.position.as_str().to_owned());
    let left_on = use_state(|| Some(member.left_on.unwrap_or_else(today)));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let former = is_former(member, today());
    let save = {
        let (editing, position, left_on, errors, busy, toast, on_saved) = (
            editing.clone(),
            position.clone(),
            left_on.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            props.on_saved.clone(),
        );
        let (id, etag) = (member.id, format!("\"{}\"", member.version));
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = match *editing {
                Some(RowEdit::Position) => {
                    UpdateMembership { position: MemberPosition::parse(&position), ..UpdateMembership::default() }
                }
                Some(RowEdit::Leaving) => match *left_on {
                    Some(day) => UpdateMembership { left_on: Some(Some(day)), ..UpdateMembership::default() },
                    None => {
                        errors.set(vec![FieldError::new("left_on", "required", "must not be empty")]);
                        return;
                    }
                },
                None => return,
            };
            if *busy {
                return;
            }
            busy.set(true);
            let (errors, busy, toast, on_saved) = (errors.clone(), busy.clone(), toast.clone(), on_saved.clone());
            let etag = etag.clone();
            spawn_local(async move {
                match api::working_groups::update_membership(id, &request, &etag).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "working_groups.member_saved")));
                        on_saved.emit(());
                    }
                    Err(error) if !error.field_errors().is_empty() => errors.set(error.field_errors().to_vec()),
                    Err(error) => {
                        toast.emit(Toast::error(lang, &error));
                        if error.status == 412 {
                            on_saved.emit(());
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    let open = |mode: RowEdit| {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(Some(mode)))
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(None))
    };
    let input = format!("member-{}", member.id);
    html! {
        <tr data-testid="roster-row" class={classes!(former.then_some("inactive"))}>
            <td>
                <span class="member-name">{ &member.display_name }</span>
                <span class="muted username">{ &member.username }</span>
            </td>
            <td>
                <span class={classes!("badge", "position", member.position.as_str())} data-testid="member-position">
                    { position_name(lang, member.position) }
                </span>
            </td>
            <td>{ member.org_unit_id.and_then(|id| props.units.get(&id).cloned()).unwrap_or_default() }</td>
            <td class="nowrap">{ date(lang, member.joined_on) }</td>
            if props.show_left { <td class="nowrap">{ member.left_on.map(|d| date(lang, d)).unwrap_or_default() }</td> }
            if props.manage {
                <td>
                    if former {
                    } else if let Some(mode) = *editing {
                        <form class="inline-form" novalidate=true onsubmit={save}>
                            if mode == RowEdit::Position {
                                <SelectField id={format!("{input}-position")} field="position" label={session.t("working_groups.position")}
                                    value={(*position).clone()} options={position_options(lang)}
                                    onchange={let position = position.clone(); Callback::from(move |v| position.set(v))}
                                    error={field_message(lang, &errors, "position")} />
                            } else {
                                <DateField id={format!("{input}-left-on")} field="left_on" label={session.t("working_groups.left_on")}
                                    value={*left_on} onchange={let left_on = left_on.clone(); Callback::from(move |v| left_on.set(v))}
                                    error={field_message(lang, &errors, "left_on")} />
                            }
                            <div class="actions">
                                <button type="submit" class="primary" data-testid="member-save" disabled={*busy}>{ session.t("action.save") }</button>
                                <button type="button" class="secondary" onclick={cancel}>{ session.t("action.cancel") }</button>
                            </div>
                        </form>
                    } else {
                        <div class="actions">
                            <button type="button" class="secondary" data-testid="member-change-position" onclick={open(RowEdit::Position)}>
                                { session.t("working_groups.change_position") }
                            </button>
                            <button type="button" class="secondary" data-testid="member-leave" onclick={open(RowEdit::Leaving)}>
                                { session.t("working_groups.record_leaving") }
                            </button>
                        </div>
                    }
                </td>
            }
        </tr>
    }
}

/// The accounts that may join: active, not already on the roster, matching `filter`.
pub fn candidates<'a>(users: &'a [User], current: &HashSet<Uuid>, filter: &str) -> Vec<&'a User> {
    let wanted = fold(filter);
    let mut found: Vec<&User> = users
        .iter()
        .filter(|user| user.active && !current.contains(&user.id))
        .filter(|user| {
            wanted.is_empty() || fold(&user.display_name).contains(&wanted) || user.username.contains(&wanted)
        })
        .collect();
    found.sort_by_key(|user| fold(&user.display_name));
    found
}

#[derive(Properties, PartialEq)]
struct AddMemberFormProps {
    group_id: Uuid,
    /// Users already on the roster today.
    current: Rc<HashSet<Uuid>>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

#[component]
fn AddMemberForm(props: &AddMemberFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let users = use_load((), |()| api::users::all());
    let filter = use_state(String::new);
    let user = use_state(String::new);
    let position = use_state(|| MemberPosition::Member.as_str().to_owned());
    let joined_on = use_state(|| Some(today()));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (user, position, joined_on, errors, busy, toast, key, on_saved) = (
            user.clone(),
            position.clone(),
            joined_on.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            key.clone(),
            props.on_saved.clone(),
        );
        let group_id = props.group_id;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Ok(user_id) = user.parse::<Uuid>() else {
                errors.set(vec![FieldError::new("user_id", "required", "must not be empty")]);
                return;
            };
            if *busy {
                return;
            }
            errors.set(Vec::new());
            busy.set(true);
            let request = AddMember {
                user_id,
                position: MemberPosition::parse(&position).unwrap_or(MemberPosition::Member),
                joined_on: *joined_on,
            };
            let (errors, busy, toast, key, on_saved) =
                (errors.clone(), busy.clone(), toast.clone(), (*key).clone(), on_saved.clone());
            spawn_local(async move {
                match api::working_groups::add_member(group_id, &request, &key).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "working_groups.member_added")));
                        on_saved.emit(());
                    }
                    Err(error) => {
                        if error.field_errors().is_empty() {
                            toast.emit(Toast::error(lang, &error));
                        } else {
                            errors.set(error.field_errors().to_vec());
                        }
                        busy.set(false);
                    }
                }
            });
        })
    };
    let picker = match &*users {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(users) => {
            let found = candidates(users, &props.current, &filter);
            let mut options = vec![(AttrValue::default(), AttrValue::from(format!("— {} —", found.len())))];
            options.extend(found.into_iter().map(|u| {
                (AttrValue::from(u.id.to_string()), AttrValue::from(format!("{} ({})", u.display_name, u.username)))
            }));
            html! {
                <SelectField id="member-user" field="user_id" label={session.t("working_groups.member")}
                    value={(*user).clone()} {options} onchange={let user = user.clone(); Callback::from(move |v| user.set(v))}
                    error={field_message(lang, &errors, "user_id")} />
            }
        }
    };
    html! {
        <form class="card form" novalidate=true {onsubmit} data-testid="member-form">
            <h2>{ session.t("working_groups.add_member") }</h2>
            <TextField id="member-filter" field="q" label={session.t("working_groups.find_user")} kind="search"
                value={(*filter).clone()} oninput={let filter = filter.clone(); Callback::from(move |v| filter.set(v))}
                autocomplete="off" />
            { picker }
            <SelectField id="member-position" field="position" label={session.t("working_groups.position")}
                value={(*position).clone()} options={position_options(lang)}
                onchange={let position = position.clone(); Callback::from(move |v| position.set(v))}
                error={field_message(lang, &errors, "position")} />
            <DateField id="member-joined-on" field="joined_on" label={session.t("working_groups.joined_on")}
                value={*joined_on} onchange={let joined_on = joined_on.clone(); Callback::from(move |v| joined_on.set(v))}
                error={field_message(lang, &errors, "joined_on")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="member-submit" disabled={*busy}>{ session.t("action.save") }</button>
                <button type="button" class="secondary" onclick={props.on_cancel.reform(|_| ())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::me;
    use crate::{state::Session, testing::render};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, d).unwrap_or_default()
    }

    pub(crate) fn membership(id: u128, name: &str, position: MemberPosition, left_on: Option<NaiveDate>) -> Membership {
        let now = chrono::DateTime::UNIX_EPOCH;
        Membership {
            id: Uuid::from_u128(id),
            working_group_id: Uuid::from_u128(500),
            user_id: Uuid::from_u128(id + 1000),
            display_name: name.into(),
            username: name.to_lowercase(),
            org_unit_id: None,
            position,
            joined_on: day(1),
            left_on,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_roster_reads_current_members_by_position_then_former_ones() {
        let members = vec![
            membership(1, "Bình", MemberPosition::Member, None),
            membership(2, "An", MemberPosition::Member, Some(day(5))),
            membership(3, "Đức", MemberPosition::Head, None),
            membership(4, "Anh", MemberPosition::Member, None),
            membership(5, "Cường", MemberPosition::Deputy, Some(day(20))),
        ];
        let names: Vec<&str> = roster_order(&members, day(10)).into_iter().map(|m| m.display_name.as_str()).collect();
        assert_eq!(names, ["Đức", "Cường", "Anh", "Bình", "An"]);
        assert!(is_former(&members[1], day(10)));
        assert!(!is_former(&members[4], day(20)));
    }

    #[test]
    fn the_head_and_admins_lead_others_do_not() {
        let now = chrono::DateTime::UNIX_EPOCH;
        let mut group = WorkingGroup {
            id: Uuid::from_u128(500),
            name: "Tổ công tác".into(),
            plan_id: Uuid::from_u128(100),
            standing_unit_id: None,
            head_user_id: None,
            member_count: 3,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let session = |role| SessionCtx {
            state: Rc::new(Session { me: Some(me(role)), ..Session::default() }),
            dispatch: Callback::noop(),
        };
        assert!(leads(&session(Role::Admin), &group));
        // The group_head role alone is not enough: the head is whoever holds the position.
        assert!(!leads(&session(Role::GroupHead), &group));
        group.head_user_id = Some(Uuid::nil());
        assert!(leads(&session(Role::StandingUnit), &group));
    }

    #[test]
    fn candidates_leave_out_members_and_inactive_accounts() {
        let now = chrono::DateTime::UNIX_EPOCH;
        let user = |id: u128, name: &str, active: bool| User {
            id: Uuid::from_u128(id),
            username: format!("u{id}"),
            display_name: name.into(),
            email: None,
            role: Role::Member,
            org_unit_id: None,
            scope_area_ids: vec![],
            scope_area_group_ids: vec![],
            active,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let users = vec![user(1, "Trần Thị Hà", true), user(2, "Lê Văn Hải", true), user(3, "Hà Cũ", false)];
        let current = HashSet::from([Uuid::from_u128(2)]);
        let names =
            |f: &str| candidates(&users, &current, f).into_iter().map(|u| u.display_name.clone()).collect::<Vec<_>>();
        assert_eq!(names("ha"), ["Trần Thị Hà"]);
        assert_eq!(names(""), ["Trần Thị Hà"]);
        assert_eq!(names("u1"), ["Trần Thị Hà"]);
    }

    #[test]
    fn every_position_has_a_name() {
        for position in MemberPosition::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert_ne!(position_name(lang, *position), "…");
            }
        }
    }

    fn row() -> Html {
        let member = membership(1, "Nguyễn Văn Tổ", MemberPosition::Head, None);
        html! {
            <table><tbody>
                <MemberRow {member} units={Rc::new(HashMap::new())} show_left=false manage=true on_saved={Callback::noop()} />
            </tbody></table>
        }
    }

    #[tokio::test]
    async fn a_roster_row_shows_the_position_and_the_heads_actions() {
        let vi = render(Lang::Vi, Some(Role::Admin), row).await;
        assert!(vi.contains("Tổ trưởng"), "{vi}");
        assert!(vi.contains("Ghi ngày rời tổ"), "{vi}");
        let en = render(Lang::En, Some(Role::Admin), row).await;
        assert!(en.contains("Head"), "{en}");
        assert!(en.contains("Record leaving"), "{en}");
    }
}
