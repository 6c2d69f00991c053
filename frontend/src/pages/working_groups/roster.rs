//! One working group's roster, with its former members on request. The group's head
//! (whoever holds the head position today) and administrators add members, change positions
//! and record leaving dates.

use crate::{
    api::{self, ApiError},
    components::{
        dates::{date, today, DateField},
        form::{field_message, show_save_failure, SelectField, TextField},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::{
        working_groups::model::{candidates, is_former, position_name, position_options, roster_order},
        IdProps,
    },
    route::Route,
    state::use_session,
};
use danvan_domain::{
    validation::FieldError,
    working_group::{AddMember, MemberPosition, Membership, UpdateMembership},
};
use std::{
    collections::{HashMap, HashSet},
    rc::Rc,
};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

/// One group's roster.
#[component]
pub fn Roster(props: &IdProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("working_groups.roster"));
    let reload = use_state(|| 0u32);
    let show_all = use_state(|| false);
    let adding = use_state(|| false);
    let group = use_load((props.id, *reload), |(id, _)| async move { api::client().get_working_group(id).await });
    let members = use_load((props.id, *show_all, *reload), |(id, all, _)| async move {
        let day = today().to_string();
        let query = if all { ("all", "true") } else { ("as_of", day.as_str()) };
        api::client().list_members(id, &[query]).await
    });
    let units = use_load((), |()| async {
        Ok::<_, ApiError>(
            api::client()
                .all_org_units(&[])
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
    let manage = group.can_manage_roster;
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
        let (id, etag) = (member.id, api::etag_of(member.version));
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
                match api::client().update_membership(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "working_groups.member_saved")));
                        on_saved.emit(());
                    }
                    Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_saved),
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
                if let Some(username) = &member.username {
                    <span class="muted username">{ username }</span>
                }
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
    let users = use_load((), |()| async { api::client().all_users(&[]).await });
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
                match api::client().add_member(group_id, &request, Some(&key)).await {
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
    use crate::{i18n::Lang, pages::working_groups::model::tests::membership, testing::render};
    use danvan_domain::role::Role;

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
