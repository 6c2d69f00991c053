//! The audit page's pure logic: the filter form, the words for every entity and action
//! (catalogue keys derived from the enum text: `audit.entity.<code>`, `audit.action.<code>`),
//! and the route each entry links to. Tested natively.

use crate::{
    api::audit::AuditFilter,
    format,
    i18n::{t, Lang},
    route::Route,
};
use danvan_domain::audit::{AuditAction, AuditEntity, AuditLink, AuditPage};

/// The catalogue key of an entity's name.
pub fn entity_key(entity: AuditEntity) -> String {
    format!("audit.entity.{}", entity.as_str())
}

/// The catalogue key of an action's name.
pub fn action_key(action: AuditAction) -> String {
    format!("audit.action.{}", action.as_str())
}

/// An entity in words.
pub fn entity_label(lang: Lang, entity: AuditEntity) -> &'static str {
    t(lang, &entity_key(entity))
}

/// An action in words.
pub fn action_label(lang: Lang, action: AuditAction) -> &'static str {
    t(lang, &action_key(action))
}

/// The page an entry links to.
pub fn route_of(link: AuditLink) -> Route {
    let id = link.id;
    match link.page {
        AuditPage::User => Route::User { id },
        // The tree has no page per unit.
        AuditPage::OrgUnit => Route::OrgUnits,
        AuditPage::AreaGroup => Route::AreaGroup { id },
        AuditPage::Plan => Route::Plan { id },
        AuditPage::WorkingGroup => Route::WorkingGroup { id },
        AuditPage::Task => Route::Task { id },
        AuditPage::CommunityTeam => Route::CommunityTeam { id },
        AuditPage::TeamModel => Route::TeamModel { id },
        AuditPage::Donor => Route::Donor { id },
        AuditPage::Campaign => Route::Campaign { id },
        AuditPage::Donation => Route::Donation { id },
        AuditPage::StockLocation => Route::StockLocation { id },
        AuditPage::Beneficiary => Route::Beneficiary { id },
        AuditPage::Household => Route::Household { id },
        AuditPage::DistributionRound => Route::Round { id },
        // Templates have no page of their own: they are chosen on the reports pages.
        AuditPage::ReportTemplate => Route::Reports,
        AuditPage::ReportSubmission => Route::ReportSubmission { id },
        AuditPage::ConsolidatedReport => Route::ConsolidatedReport { id },
    }
}

/// The filter form as chosen: entity and action from the vocabulary, dates `yyyy-mm-dd`
/// from date inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterForm {
    pub entity: Option<AuditEntity>,
    pub action: Option<AuditAction>,
    pub actor_id: String,
    pub from: String,
    pub to: String,
}

impl FilterForm {
    /// The API filter: the day range covers both days whole, in the reader's time zone.
    pub fn to_filter(&self, offset_minutes: i64) -> AuditFilter {
        AuditFilter {
            entity: self.entity,
            action: self.action,
            actor_id: self.actor_id.clone(),
            from: format::day_bound(&self.from, false, offset_minutes).unwrap_or_default(),
            to: format::day_bound(&self.to, true, offset_minutes).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::lookup;
    use uuid::Uuid;

    #[test]
    fn every_entity_and_action_has_a_name_in_both_languages() {
        let keys =
            AuditEntity::ALL.iter().map(|e| entity_key(*e)).chain(AuditAction::ALL.iter().map(|a| action_key(*a)));
        for key in keys {
            for lang in [Lang::Vi, Lang::En] {
                let word = lookup(lang, &key);
                assert!(word.is_some_and(|w| !w.trim().is_empty()), "{key} has no {lang:?} name");
            }
        }
    }

    #[test]
    fn no_entity_or_action_reads_as_its_code_in_vietnamese() {
        for entity in AuditEntity::ALL {
            assert_ne!(entity_label(Lang::Vi, *entity), entity.as_str());
        }
        for action in AuditAction::ALL {
            assert_ne!(action_label(Lang::Vi, *action), action.as_str());
        }
        assert_eq!(action_label(Lang::Vi, AuditAction::Transition), "Chuyển trạng thái");
        assert_eq!(entity_label(Lang::En, AuditEntity::Membership), "Group membership");
    }

    #[test]
    fn every_page_kind_opens_its_route() {
        let id = Uuid::from_u128(7);
        let route = |page| route_of(AuditLink { page, id });
        assert_eq!(route(AuditPage::Task), Route::Task { id });
        assert_eq!(route(AuditPage::WorkingGroup), Route::WorkingGroup { id });
        assert_eq!(route(AuditPage::Plan), Route::Plan { id });
        assert_eq!(route(AuditPage::User), Route::User { id });
        assert_eq!(route(AuditPage::AreaGroup), Route::AreaGroup { id });
        assert_eq!(route(AuditPage::OrgUnit), Route::OrgUnits);
        assert_eq!(route(AuditPage::CommunityTeam), Route::CommunityTeam { id });
        assert_eq!(route(AuditPage::TeamModel), Route::TeamModel { id });
    }

    #[test]
    fn the_form_becomes_an_api_filter_covering_whole_days() {
        let form = FilterForm {
            entity: Some(AuditEntity::Task),
            from: "2025-07-01".into(),
            to: "2025-07-01".into(),
            ..FilterForm::default()
        };
        let filter = form.to_filter(420);
        assert_eq!(filter.entity, Some(AuditEntity::Task));
        assert_eq!(filter.from, "2025-06-30T17:00:00Z");
        assert_eq!(filter.to, "2025-07-01T17:00:00Z");
        assert_eq!(FilterForm::default().to_filter(0), AuditFilter::default());
    }
}
