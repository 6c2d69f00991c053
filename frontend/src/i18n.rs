//! The catalogue of every string the interface shows, in Vietnamese (the default) and
//! English. Each module keeps its own fragment beside its pages (`pages/<module>/i18n.rs`,
//! shared strings in `components/i18n.rs`), every entry written once as
//! `(key, Vietnamese, English)`; [`FRAGMENTS`] registers them, one line per module, and
//! [`t`] looks a key up in constant time. A key in two fragments fails a test.

use std::collections::HashMap;

/// The interface language: the domain's, so pages and the domain's labels agree.
pub use danvan_domain::lang::Lang;

/// One catalogue entry: the key, its Vietnamese text, its English text.
pub type Entry = (&'static str, &'static str, &'static str);

/// Every module's fragment, by module name.
pub const FRAGMENTS: &[(&str, &[Entry])] = &[
    ("common", crate::components::i18n::ENTRIES),
    ("charts", crate::components::charts::i18n::ENTRIES),
    ("auth", crate::pages::auth::i18n::ENTRIES),
    ("dashboard", crate::pages::dashboard::i18n::ENTRIES),
    ("users", crate::pages::users::i18n::ENTRIES),
    ("org_units", crate::pages::org_units::i18n::ENTRIES),
    ("areas", crate::pages::areas::i18n::ENTRIES),
    ("audit", crate::pages::audit::i18n::ENTRIES),
    ("plans", crate::pages::plans::i18n::ENTRIES),
    ("working_groups", crate::pages::working_groups::i18n::ENTRIES),
    ("assignments", crate::pages::working_groups::assignments::i18n::ENTRIES),
    ("tasks", crate::pages::tasks::i18n::ENTRIES),
    ("community_teams", crate::pages::community_teams::i18n::ENTRIES),
    ("aid", crate::pages::aid::i18n::ENTRIES),
    ("beneficiaries", crate::pages::aid::beneficiaries::i18n::ENTRIES),
    ("distributions", crate::pages::aid::distributions::i18n::ENTRIES),
    ("notifications", crate::pages::notifications::i18n::ENTRIES),
    ("reports", crate::pages::reports::i18n::ENTRIES),
    ("not_found", crate::pages::not_found::i18n::ENTRIES),
];

thread_local! {
    /// The fragments merged into one map, built on first use.
    static CATALOGUE: HashMap<&'static str, (&'static str, &'static str)> = FRAGMENTS
        .iter()
        .flat_map(|(_, entries)| entries.iter())
        .map(|(key, vi, en)| (*key, (*vi, *en)))
        .collect();
}

/// The entry `key` in `lang`, if the catalogue has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    CATALOGUE.with(|catalogue| catalogue.get(key).map(|(vi, en)| lang.pick(vi, en)))
}

/// The entry `key` in `lang`; a missing key (a bug the tests look for) shows as "…"
/// rather than nothing.
pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or("…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use danvan_domain::{
        area::{AreaGroupKind, AreaLevel, Region},
        org_unit::OrgUnitKind,
        role::Role,
    };
    use std::collections::BTreeSet;

    fn entries() -> impl Iterator<Item = (&'static str, &'static Entry)> {
        FRAGMENTS.iter().flat_map(|(module, entries)| entries.iter().map(move |entry| (*module, entry)))
    }

    fn keys() -> BTreeSet<&'static str> {
        entries().map(|(_, (key, _, _))| *key).collect()
    }

    #[test]
    fn no_key_is_in_two_fragments_or_twice_in_one() {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        let mut twice = Vec::new();
        for (module, (key, _, _)) in entries() {
            if let Some(first) = seen.insert(key, module) {
                twice.push(format!("{key} in {first} and {module}"));
            }
        }
        assert!(twice.is_empty(), "keys listed twice: {twice:?}");
        assert_eq!(keys().len(), entries().count());
    }

    #[test]
    fn every_entry_has_both_languages() {
        for (module, (key, vi, en)) in entries() {
            assert!(!vi.trim().is_empty(), "{key} ({module}) has no Vietnamese");
            assert!(!en.trim().is_empty(), "{key} ({module}) has no English");
        }
    }

    #[test]
    fn every_entry_is_found_in_both_languages() {
        for (_, (key, vi, en)) in entries() {
            assert_eq!(lookup(Lang::Vi, key), Some(*vi));
            assert_eq!(lookup(Lang::En, key), Some(*en));
        }
    }

    #[test]
    fn every_enum_value_has_a_name() {
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(Role::ALL.iter().map(|r| format!("role.{}", r.as_str())));
        wanted.extend(OrgUnitKind::ALL.iter().map(|k| format!("org_kind.{}", k.as_str())));
        wanted.extend(AreaGroupKind::ALL.iter().map(|k| format!("group_kind.{}", k.as_str())));
        wanted.extend(Region::ALL.iter().map(|r| format!("region.{}", r.as_str())));
        for level in AreaLevel::ALL {
            wanted.push(format!("level.{}", level.as_str()));
            wanted.push(format!("level.plural.{}", level.as_str()));
        }
        use danvan_domain::report::{ConsolidatedStatus, ObligationState, SubmissionStatus, Timeliness};
        wanted.extend(ObligationState::ALL.iter().map(|s| format!("reports.state.{}", s.as_str())));
        for status in SubmissionStatus::ALL {
            for prefix in ["reports.status", "reports.to", "reports.moved"] {
                wanted.push(format!("{prefix}.{}", status.as_str()));
            }
        }
        wanted.extend(Timeliness::ALL.iter().map(|s| format!("reports.timeliness.{}", s.as_str())));
        wanted.extend(ConsolidatedStatus::ALL.iter().map(|s| format!("reports.consolidated_status.{}", s.as_str())));
        for code in ["required", "too_short", "too_long", "invalid_format", "taken", "not_found", "cycle", "too_many"] {
            wanted.push(format!("field_error.{code}"));
        }
        for key in wanted {
            assert!(lookup(Lang::Vi, &key).is_some(), "{key} is missing");
        }
    }

    /// Every literal that looks like a catalogue key in the sources is in the catalogue.
    #[test]
    fn every_key_the_code_uses_exists() {
        let prefixes: BTreeSet<&str> = keys().iter().map(|key| key.split('.').next().unwrap_or(key)).collect();
        let singles: BTreeSet<&str> = keys().into_iter().filter(|key| !key.contains('.')).collect();
        let mut missing = Vec::new();
        let mut checked = 0;
        let mut scanned = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).into_iter().flatten().flatten().map(|entry| entry.path()));
                continue;
            }
            if path.ends_with("i18n.rs") || path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            scanned.insert(path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&path).display().to_string());
            for literal in source.split('"').skip(1).step_by(2) {
                let is_key = literal.contains('.')
                    && literal.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.')
                    && prefixes.contains(literal.split('.').next().unwrap_or_default());
                if is_key || singles.contains(literal) {
                    checked += 1;
                    if lookup(Lang::Vi, literal).is_none() {
                        missing.push(format!("{}: {literal}", path.display()));
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} keys found: the scan is broken");
        // The scan reaches into the module folders, however deep.
        for file in ["src/pages/tasks/detail.rs", "src/pages/working_groups/assignments/grid.rs"] {
            assert!(scanned.contains(file), "{file} was not scanned: {scanned:?}");
        }
        assert!(missing.is_empty(), "missing catalogue keys: {missing:?}");
    }

    #[test]
    fn languages_round_trip_through_their_codes() {
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::default(), Lang::Vi);
        assert_eq!(t(Lang::Vi, "nav.users"), "Người dùng");
        assert_eq!(t(Lang::En, "no.such.key"), "…");
    }
}
