//! The org units' pure logic, tested natively: the tree built from `parent_id`, the units
//! a unit may not move under, the choices of the form's selects, and the form's draft
//! turned into the create and patch requests.

use crate::i18n::{t, Lang};
use danvan_domain::org_unit::{CreateOrgUnit, OrgUnit, OrgUnitKind, UpdateOrgUnit};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use yew::AttrValue;

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

/// The kinds of unit as select options.
pub fn kind_options(lang: Lang) -> Vec<(AttrValue, AttrValue)> {
    OrgUnitKind::ALL
        .into_iter()
        .map(|kind| (AttrValue::from(kind.as_str()), AttrValue::from(t(lang, &format!("org_kind.{}", kind.as_str())))))
        .collect()
}

/// Parent choices: none (a root), then every unit not in `excluded`.
pub fn parent_options(lang: Lang, units: &[OrgUnit], excluded: &HashSet<Uuid>) -> Vec<(AttrValue, AttrValue)> {
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

/// Field values of the unit form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitDraft {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: String,
}

impl UnitDraft {
    pub fn of(unit: &OrgUnit) -> Self {
        UnitDraft {
            code: unit.code.clone(),
            name: unit.name.clone(),
            kind: unit.kind.as_str().to_owned(),
            parent: unit.parent_id.map(|id| id.to_string()).unwrap_or_default(),
        }
    }

    pub fn kind(&self) -> OrgUnitKind {
        OrgUnitKind::parse(&self.kind).unwrap_or(OrgUnitKind::Other)
    }

    pub fn parent(&self) -> Option<Uuid> {
        self.parent.parse().ok()
    }

    pub fn to_update(&self, unit: &OrgUnit) -> UpdateOrgUnit {
        let (code, name) = (self.code.trim().to_owned(), self.name.trim().to_owned());
        UpdateOrgUnit {
            parent_id: (self.parent() != unit.parent_id).then(|| self.parent()),
            code: (code != unit.code).then_some(code),
            name: (name != unit.name).then_some(name),
            kind: (self.kind() != unit.kind).then(|| self.kind()),
        }
    }

    pub fn to_create(&self) -> CreateOrgUnit {
        CreateOrgUnit {
            parent_id: self.parent(),
            code: self.code.trim().to_owned(),
            name: self.name.trim().to_owned(),
            kind: self.kind(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn unit(id: u128, parent: Option<u128>, name: &str) -> OrgUnit {
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
