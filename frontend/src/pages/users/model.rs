//! The accounts' pure logic, tested natively: roles and units in words, the choices of the
//! form's selects, and the form's draft turned into the create and patch requests.

use crate::i18n::{t, Lang};
use danvan_domain::{
    org_unit::OrgUnit,
    role::Role,
    user::{CreateUser, UpdateUser, User},
};
use std::collections::HashMap;
use uuid::Uuid;
use yew::AttrValue;

/// A role in words.
pub fn role_name(lang: Lang, role: Role) -> &'static str {
    t(lang, &format!("role.{}", role.as_str()))
}

/// Org unit names by id, for showing a user's unit.
pub fn unit_names(units: &[OrgUnit]) -> HashMap<Uuid, String> {
    units.iter().map(|unit| (unit.id, unit.name.clone())).collect()
}

/// What the account form holds, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// An org unit id, or empty for none.
    pub org_unit: String,
    pub password: String,
    pub active: bool,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            username: String::new(),
            display_name: String::new(),
            email: String::new(),
            role: Role::Viewer,
            org_unit: String::new(),
            password: String::new(),
            active: true,
        }
    }
}

impl Draft {
    pub fn of(user: &User) -> Self {
        Draft {
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            email: user.email.clone().unwrap_or_default(),
            role: user.role,
            org_unit: user.org_unit_id.map(|id| id.to_string()).unwrap_or_default(),
            password: String::new(),
            active: user.active,
        }
    }

    pub fn email(&self) -> Option<String> {
        Some(self.email.trim().to_owned()).filter(|email| !email.is_empty())
    }

    pub fn org_unit(&self) -> Option<Uuid> {
        self.org_unit.parse().ok()
    }

    /// The body of `POST /users`.
    pub fn to_create(&self) -> CreateUser {
        CreateUser {
            username: self.username.trim().to_owned(),
            display_name: self.display_name.trim().to_owned(),
            email: self.email(),
            role: self.role,
            org_unit_id: self.org_unit(),
            password: self.password.clone(),
            scope_area_ids: Vec::new(),
            scope_area_group_ids: Vec::new(),
        }
    }

    /// The body of `PATCH /users/{id}`: only what differs from `user`.
    pub fn to_update(&self, user: &User) -> UpdateUser {
        let display_name = self.display_name.trim().to_owned();
        UpdateUser {
            display_name: (display_name != user.display_name).then_some(display_name),
            email: (self.email() != user.email).then(|| self.email()),
            role: (self.role != user.role).then_some(self.role),
            org_unit_id: (self.org_unit() != user.org_unit_id).then(|| self.org_unit()),
            active: (self.active != user.active).then_some(self.active),
            ..UpdateUser::default()
        }
    }
}

/// Choices for the role select.
pub fn role_options(lang: Lang) -> Vec<(AttrValue, AttrValue)> {
    Role::ALL.into_iter().map(|role| (AttrValue::from(role.as_str()), AttrValue::from(role_name(lang, role)))).collect()
}

/// Choices for the org unit select: none, then every unit by name.
pub fn unit_options(lang: Lang, units: Option<&Vec<OrgUnit>>) -> Vec<(AttrValue, AttrValue)> {
    let mut options = vec![(AttrValue::default(), AttrValue::from(t(lang, "user.no_org_unit")))];
    if let Some(units) = units {
        let mut units: Vec<&OrgUnit> = units.iter().collect();
        units.sort_by(|a, b| a.name.cmp(&b.name));
        options.extend(units.into_iter().map(|u| (AttrValue::from(u.id.to_string()), AttrValue::from(u.name.clone()))));
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{components::form::check, pages::org_units::model::tests::unit};

    fn user() -> User {
        crate::testing::me(Role::Member).user.clone()
    }

    #[test]
    fn an_unchanged_form_sends_an_empty_patch() {
        let user = user();
        let patch = Draft::of(&user).to_update(&user);
        assert_eq!(serde_json::to_string(&patch).unwrap_or_default(), "{}");
    }

    #[test]
    fn a_patch_carries_only_the_changes_and_clears_with_null() {
        let mut user = user();
        user.email = Some("a@b.vn".into());
        let mut draft = Draft::of(&user);
        draft.display_name = "  Trần Thị B ".into();
        draft.email = " ".into();
        draft.role = Role::Leader;
        let patch = serde_json::to_value(draft.to_update(&user)).unwrap_or_default();
        assert_eq!(patch, serde_json::json!({"display_name": "Trần Thị B", "email": null, "role": "leader"}));
    }

    #[test]
    fn a_new_account_is_checked_by_the_domain_rules() {
        let draft = Draft { username: "Bad Name".into(), password: "short".into(), ..Draft::default() };
        let fields: Vec<String> = check(draft.to_create().validate()).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["username", "display_name", "password"]);
        let good = Draft {
            username: "nguyen.a".into(),
            display_name: "Nguyễn A".into(),
            password: "a-long-password".into(),
            org_unit: Uuid::from_u128(5).to_string(),
            ..Draft::default()
        };
        let request = good.to_create();
        assert!(request.validate().is_ok());
        assert_eq!(request.org_unit_id, Some(Uuid::from_u128(5)));
        assert_eq!(request.email, None);
    }

    #[test]
    fn the_unit_choices_offer_none_then_every_unit_by_name() {
        let units = vec![unit(1, None, "Ban B"), unit(2, None, "Ban A")];
        let labels: Vec<String> =
            unit_options(Lang::En, Some(&units)).into_iter().map(|(_, label)| label.to_string()).collect();
        assert_eq!(labels, ["— No org unit —", "Ban A", "Ban B"]);
        assert_eq!(unit_options(Lang::Vi, None).len(), 1);
    }
}
