//! The plans' pure logic, tested natively: statuses in words, how item numbers sort
//! (Arabic and Roman numerals by value), the item tree and its outline, and the drafts of
//! the plan and item forms.

use crate::i18n::{t, Lang};
use chrono::NaiveDate;
use danvan_domain::plan::{PlanItem, PlanStatus};
use std::{
    cmp::Ordering,
    collections::{HashMap, HashSet},
};
use uuid::Uuid;
use yew::AttrValue;

/// A plan status in words.
pub fn status_name(lang: Lang, status: PlanStatus) -> &'static str {
    t(lang, &format!("plans.status.{}", status.as_str()))
}

pub fn status_class(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Draft => "badge",
        PlanStatus::InForce => "badge ok",
        PlanStatus::Closed => "badge off",
    }
}

pub fn status_options(lang: Lang) -> Vec<(AttrValue, AttrValue)> {
    PlanStatus::ALL
        .iter()
        .map(|status| (AttrValue::from(status.as_str()), AttrValue::from(status_name(lang, *status))))
        .collect()
}

/// The value of a Roman numeral such as `XIV`, if it is one.
pub fn roman(text: &str) -> Option<u32> {
    // Upper case only: lower-case letters number the smallest sections (a, b, c).
    let value = |c: char| match c {
        'I' => Some(1u32),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let digits: Option<Vec<u32>> = text.chars().map(value).collect();
    let digits = digits.filter(|d| !d.is_empty())?;
    let mut total: i64 = 0;
    for (index, digit) in digits.iter().enumerate() {
        if digits.get(index + 1).is_some_and(|next| next > digit) {
            total -= *digit as i64;
        } else {
            total += *digit as i64;
        }
    }
    u32::try_from(total).ok().filter(|total| *total > 0)
}

/// How a number part sorts: Arabic and Roman numerals by value, letters after them.
pub fn part_key(part: &str) -> (u8, u32, String) {
    match part.parse::<u32>().ok().or_else(|| roman(part)) {
        Some(value) => (0, value, String::new()),
        None => (1, 0, part.to_lowercase()),
    }
}

/// Orders item numbers as a reader does: `II` before `IX`, `III.2` before `III.10`.
pub fn compare_numbers(a: &str, b: &str) -> Ordering {
    let key = |number: &str| number.split('.').map(part_key).collect::<Vec<_>>();
    key(a).cmp(&key(b))
}

/// Children of each item (`None`: the top level), by position then number. An item whose
/// parent is missing from the list counts as top level.
pub fn children_of(items: &[PlanItem]) -> HashMap<Option<Uuid>, Vec<PlanItem>> {
    let known: HashSet<Uuid> = items.iter().map(|item| item.id).collect();
    let mut tree: HashMap<Option<Uuid>, Vec<PlanItem>> = HashMap::new();
    for item in items {
        let parent = item.parent_id.filter(|id| known.contains(id) && *id != item.id);
        tree.entry(parent).or_default().push(item.clone());
    }
    for siblings in tree.values_mut() {
        siblings.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| compare_numbers(&a.number, &b.number)));
    }
    tree
}

/// The tree read top to bottom: each item with its depth.
pub fn outline(tree: &HashMap<Option<Uuid>, Vec<PlanItem>>) -> Vec<(usize, &PlanItem)> {
    fn walk<'a>(
        tree: &'a HashMap<Option<Uuid>, Vec<PlanItem>>,
        parent: Option<Uuid>,
        depth: usize,
        seen: &mut HashSet<Uuid>,
        out: &mut Vec<(usize, &'a PlanItem)>,
    ) {
        for item in tree.get(&parent).into_iter().flatten() {
            // A loop in the parents would never end; each item shows once.
            if seen.insert(item.id) {
                out.push((depth, item));
                walk(tree, Some(item.id), depth + 1, seen, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(tree, None, 0, &mut HashSet::new(), &mut out);
    out
}

/// The number a new item under `parent` is offered: the parent's number and a dot.
pub fn number_prefix(parent: Option<&PlanItem>) -> String {
    parent.map(|item| format!("{}.", item.number)).unwrap_or_default()
}

/// Field values of the new-plan form.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDraft {
    pub number: String,
    pub title: String,
    pub issuing_body: String,
    pub issued_on: Option<NaiveDate>,
    pub basis: String,
    pub status: String,
}

impl PlanDraft {
    /// The basis documents, one per non-empty line.
    pub fn basis(&self) -> Vec<String> {
        self.basis.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect()
    }
}

/// Field values of the item form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemDraft {
    pub number: String,
    pub title: String,
    pub body: String,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn item(id: u128, parent: Option<u128>, number: &str, position: i64) -> PlanItem {
        let now = chrono::DateTime::UNIX_EPOCH;
        PlanItem {
            id: Uuid::from_u128(id),
            plan_id: Uuid::from_u128(100),
            parent_id: parent.map(Uuid::from_u128),
            number: number.into(),
            title: format!("Mục {number}"),
            body: String::new(),
            position,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn numbers_sort_by_value_not_by_text() {
        let mut numbers = vec!["IX", "II", "III.10", "III.2", "IV", "1", "III", "III.2.c", "III.2.a", "X"];
        numbers.sort_by(|a, b| compare_numbers(a, b));
        assert_eq!(numbers, ["1", "II", "III", "III.2", "III.2.a", "III.2.c", "III.10", "IV", "IX", "X"]);
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("a"), None);
        assert_eq!(roman("c"), None);
    }

    #[test]
    fn the_outline_follows_parents_then_position_then_number() {
        let items = vec![
            item(3, Some(1), "I.2", 0),
            item(2, Some(1), "I.1", 0),
            item(5, None, "II", 1),
            item(1, None, "I", 0),
            item(6, Some(5), "II.1", 0),
            item(4, Some(2), "I.1.a", 0),
            // Its parent is not in the list: shown at the top level.
            item(7, Some(99), "III", 2),
        ];
        let tree = children_of(&items);
        let read: Vec<(usize, &str)> = outline(&tree).into_iter().map(|(d, i)| (d, i.number.as_str())).collect();
        assert_eq!(read, [(0, "I"), (1, "I.1"), (2, "I.1.a"), (1, "I.2"), (0, "II"), (1, "II.1"), (0, "III")]);
        // Position outranks the number.
        let reordered = vec![item(1, None, "I", 5), item(2, None, "II", 0)];
        let tree = children_of(&reordered);
        let read: Vec<&str> = outline(&tree).into_iter().map(|(_, i)| i.number.as_str()).collect();
        assert_eq!(read, ["II", "I"]);
    }

    #[test]
    fn a_new_item_is_offered_its_parents_number() {
        assert_eq!(number_prefix(Some(&item(1, None, "III", 0))), "III.");
        assert_eq!(number_prefix(None), "");
    }

    #[test]
    fn every_status_has_a_name() {
        for status in PlanStatus::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert_ne!(status_name(lang, *status), "…", "{status:?}");
            }
        }
    }
}
