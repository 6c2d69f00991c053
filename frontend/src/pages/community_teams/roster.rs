//! A team's roster: name, role in the team, affiliation, when they joined (and left), and
//! the contact phone, masked. Roles that may contact members (`policy::may_contact_team_members`;
//! the server sends them the masked phone, and no one else) reveal a number by giving a
//! reason, which the audit log keeps; the number shows in its row until the page is left.
//! Those who manage the team add members.

use crate::{
    api,
    components::{
        dates::{date, period, DateField},
        form::{begin_send, edit, field_message, show_failure, SelectField, TextField},
        load::{use_load, Load},
        status::{ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::community_teams::model::{affiliation_label, enum_options, member_role_label, tel, MemberDraft},
    state::use_session,
};
use danvan_domain::{
    community_team::{Affiliation, MemberRole, Team, TeamMember},
    personal::RevealRequest,
    policy,
    validation::FieldError,
};
use std::{collections::HashMap, rc::Rc};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

#[derive(Properties, PartialEq)]
pub struct RosterProps {
    pub team: Team,
}

#[component]
pub fn Roster(props: &RosterProps) -> Html {
    let session = use_session();
    let reload = use_state(|| 0u32);
    let members =
        use_load((props.team.id, *reload), |(id, _)| async move { api::client().list_team_members(id).await });
    let on_added = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let role = session.state.me.as_ref().map(|me| me.user.role);
    let may_contact = role.is_some_and(policy::may_contact_team_members);
    html! {
        <section class="card team-roster" aria-labelledby="team-roster-heading" data-testid="team-roster">
            <h2 id="team-roster-heading">{ session.t("teams.roster") }</h2>
            { match &*members {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(members) if members.is_empty() => html! { <p class="empty">{ session.t("teams.no_members") }</p> },
                Load::Ready(members) => html! { <RosterTable members={members.clone()} {may_contact} /> },
            } }
            if props.team.can_manage {
                <MemberForm team={props.team.id} {on_added} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct RosterTableProps {
    pub members: Rc<Vec<TeamMember>>,
    /// Whether the caller may reveal phones.
    pub may_contact: bool,
}

/// The members as a table, serving ones first.
#[component]
pub fn RosterTable(props: &RosterTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    // Numbers revealed on this page, by member.
    let revealed = use_state(HashMap::<Uuid, String>::new);
    // The member whose reveal form is open.
    let asking = use_state(|| None::<Uuid>);
    let mut members: Vec<&TeamMember> = props.members.iter().collect();
    members.sort_by_key(|m| (m.left_on.is_some(), m.role, m.joined_on));
    let phone_cell = |member: &TeamMember| {
        let Some(masked) = &member.phone else {
            return html! { <span class="muted">{ "—" }</span> };
        };
        if let Some(full) = revealed.get(&member.id) {
            return html! { <a href={tel(full)} class="phone" data-testid="member-phone-full">{ full }</a> };
        }
        let onclick = {
            let (asking, id) = (asking.clone(), member.id);
            Callback::from(move |_| asking.set(Some(id)))
        };
        html! {
            <>
                <span class="phone mono" data-testid="member-phone-masked">{ masked }</span>
                if props.may_contact && *asking != Some(member.id) {
                    { " " }
                    <button type="button" class="link-button" data-testid="member-reveal" {onclick}
                        aria-label={format!("{}: {}", session.t("teams.reveal"), member.name)}>
                        { session.t("teams.reveal") }
                    </button>
                }
            </>
        }
    };
    let ask = asking.and_then(|id| props.members.iter().find(|m| m.id == id).cloned());
    let on_revealed = {
        let (revealed, asking) = (revealed.clone(), asking.clone());
        Callback::from(move |(id, phone): (Uuid, String)| {
            let mut next = (*revealed).clone();
            next.insert(id, phone);
            revealed.set(next);
            asking.set(None);
        })
    };
    let on_cancel = {
        let asking = asking.clone();
        Callback::from(move |()| asking.set(None))
    };
    html! {
        <>
            <div class="table-wrap">
                <table class="roster-table" data-testid="roster-table">
                    <thead>
                        <tr>
                            <th scope="col">{ session.t("teams.member_name") }</th>
                            <th scope="col">{ session.t("teams.member_role") }</th>
                            <th scope="col">{ session.t("teams.affiliation") }</th>
                            <th scope="col">{ session.t("teams.served") }</th>
                            <th scope="col">{ session.t("teams.phone") }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for members.into_iter().map(|member| html! {
                            <tr data-testid="member-row" key={member.id.to_string()}
                                class={classes!(member.left_on.is_some().then_some("inactive"))}>
                                <td>{ &member.name }</td>
                                <td>{ member_role_label(lang, member.role) }</td>
                                <td>{ affiliation_label(lang, member.affiliation) }</td>
                                <td class="nowrap">{ match member.left_on {
                                    Some(left) => period(lang, member.joined_on, Some(left)),
                                    None => t(lang, "teams.since").replace("{date}", &date(lang, member.joined_on)),
                                } }</td>
                                <td class="nowrap">{ phone_cell(member) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if let Some(member) = ask {
                <RevealForm {member} {on_revealed} {on_cancel} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RevealFormProps {
    member: TeamMember,
    on_revealed: Callback<(Uuid, String)>,
    on_cancel: Callback<()>,
}

/// Asking for a member's number: why it is needed.
#[component]
fn RevealForm(props: &RevealFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let reason = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (reason, errors, busy, toast, on_revealed, id) =
            (reason.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_revealed.clone(), props.member.id);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = RevealRequest { reason: reason.trim().to_owned() };
            if !begin_send(&errors, &busy, crate::components::form::check(request.validate())) {
                return;
            }
            let (errors, busy, toast, on_revealed) = (errors.clone(), busy.clone(), toast.clone(), on_revealed.clone());
            spawn_local(async move {
                match api::client().reveal_team_member_phone(id, &request).await {
                    Ok(answer) => on_revealed.emit((id, answer.phone)),
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let on_cancel = props.on_cancel.clone();
    html! {
        <form class="form reveal-form notice" novalidate=true {onsubmit} data-testid="reveal-form">
            <p>{ t(lang, "teams.reveal_why").replace("{name}", &props.member.name) }</p>
            <TextField id="reveal-reason" field="reason" label={session.t("teams.reveal_reason")} required=true
                value={(*reason).clone()} oninput={edit(&reason, |r, v| *r = v)} error={field_message(lang, &errors, "reason")}
                hint={AttrValue::from(session.t("teams.reveal_hint"))} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="reveal-submit" disabled={*busy}>{ session.t("teams.reveal") }</button>
                <button type="button" class="secondary" onclick={move |_| on_cancel.emit(())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct MemberFormProps {
    team: Uuid,
    on_added: Callback<()>,
}

/// Adding a member to the roster.
#[component]
fn MemberForm(props: &MemberFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let open = use_state(|| false);
    let draft = use_state(MemberDraft::default);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    if !*open {
        let onclick = {
            let open = open.clone();
            Callback::from(move |_| open.set(true))
        };
        return html! {
            <div class="actions">
                <button type="button" class="secondary" data-testid="member-add" {onclick}>{ session.t("teams.add_member") }</button>
            </div>
        };
    }
    let onsubmit = {
        let (draft, errors, busy, key, toast, on_added, team) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            props.on_added.clone(),
            props.team,
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_create();
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (draft, errors, busy, key, toast, on_added) =
                (draft.clone(), errors.clone(), busy.clone(), key.clone(), toast.clone(), on_added.clone());
            spawn_local(async move {
                match api::client().create_team_member(team, &request, Some(&key)).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "teams.member_added")));
                        draft.set(MemberDraft::default());
                        key.set(api::new_key());
                        on_added.emit(());
                    }
                    Err(error) => show_failure(lang, &error, &errors, &toast),
                }
                busy.set(false);
            });
        })
    };
    let roles = enum_options(MemberRole::ALL, |r| r.as_str(), |r| member_role_label(lang, r), None);
    let affiliations = enum_options(Affiliation::ALL, |a| a.as_str(), |a| affiliation_label(lang, a), None);
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <form class="form member-form" novalidate=true {onsubmit} data-testid="member-form">
            <h3>{ session.t("teams.add_member") }</h3>
            <TextField id="member-name" field="name" label={session.t("teams.member_name")} required=true
                value={draft.name.clone()} oninput={edit(&draft, |d, v| d.name = v)} error={field_message(lang, &errors, "name")} />
            <div class="form-row">
                <SelectField id="member-role" field="role" label={session.t("teams.member_role")} value={draft.role.as_str()}
                    options={roles} onchange={edit(&draft, |d, v: String| d.role = MemberRole::parse(&v).unwrap_or(d.role))} />
                <SelectField id="member-affiliation" field="affiliation" label={session.t("teams.affiliation")}
                    value={draft.affiliation.as_str()} options={affiliations}
                    onchange={edit(&draft, |d, v: String| d.affiliation = Affiliation::parse(&v).unwrap_or(d.affiliation))} />
            </div>
            <div class="form-row">
                <DateField id="member-joined-on" field="joined_on" label={session.t("teams.joined_on")} required=true
                    value={draft.joined_on} onchange={edit(&draft, |d, v| d.joined_on = v)} error={field_message(lang, &errors, "joined_on")} />
                <DateField id="member-left-on" field="left_on" label={session.t("teams.left_on")}
                    value={draft.left_on} onchange={edit(&draft, |d, v| d.left_on = v)} error={field_message(lang, &errors, "left_on")} />
            </div>
            <TextField id="member-phone" field="phone" label={session.t("teams.phone")} kind="tel" autocomplete="off"
                value={draft.phone.clone()} oninput={edit(&draft, |d, v| d.phone = v)} error={field_message(lang, &errors, "phone")}
                hint={AttrValue::from(session.t("teams.phone_hint"))} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="member-submit" disabled={*busy}>{ session.t("teams.add_member") }</button>
                <button type="button" class="secondary" onclick={close}>{ session.t("action.close") }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use chrono::NaiveDate;
    use danvan_domain::role::Role;

    fn member(n: u128, phone: Option<&str>) -> TeamMember {
        TeamMember {
            id: Uuid::from_u128(n),
            team_id: Uuid::from_u128(1),
            name: format!("Thành viên {n}"),
            role: if n == 1 { MemberRole::Leader } else { MemberRole::Member },
            affiliation: Affiliation::WomensUnion,
            joined_on: NaiveDate::from_ymd_opt(2021, 8, 1).unwrap_or_default(),
            left_on: None,
            phone: phone.map(str::to_owned),
            version: 1,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[tokio::test]
    async fn phones_show_masked_with_a_reveal_only_for_those_who_may_contact() {
        fn contact() -> Html {
            html! { <RosterTable members={Rc::new(vec![member(1, Some("•••••••678")), member(2, None)])} may_contact=true /> }
        }
        fn other() -> Html {
            html! { <RosterTable members={Rc::new(vec![member(1, Some("•••••••678"))])} may_contact=false /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), contact).await;
        assert!(vi.contains("•••••••678") && vi.contains("Tổ trưởng") && vi.contains("Hội Phụ nữ"), "{vi}");
        assert_eq!(vi.matches(r#"data-testid="member-reveal""#).count(), 1, "{vi}");
        assert!(vi.contains("Xem số"), "{vi}");
        let en = render(Lang::En, Some(Role::Leader), other).await;
        assert!(
            !en.contains("member-reveal") && en.contains("Women's Union") && en.contains("since 2021-08-01"),
            "{en}"
        );
    }
}
