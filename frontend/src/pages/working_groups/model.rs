//! The working groups' pure logic, tested natively: positions in words, who leads a group,
//! former members, the roster's reading order.

use crate::{
    i18n::{t, Lang},
    state::SessionCtx,
    text::fold,
};
use chrono::NaiveDate;
use danvan_domain::{
    role::Role,
    user::User,
    working_group::{MemberPosition, Membership, WorkingGroup},
};
use std::collections::HashSet;
use uuid::Uuid;
use yew::AttrValue;

/// A member position in words.
pub fn position_name(lang: Lang, position: MemberPosition) -> &'static str {
    t(lang, &format!("working_groups.position.{}", position.as_str()))
}

/// The positions as select options.
pub fn position_options(lang: Lang) -> Vec<(AttrValue, AttrValue)> {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{state::Session, testing::me};
    use std::rc::Rc;
    use yew::Callback;

    pub(crate) fn day(d: u32) -> NaiveDate {
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
}
