//! The community teams' filters as the URL and the API's query carry them: the registry's
//! ([`TeamFilter`], `/community-teams?province_id=…&q=…`) and the scorecard's
//! ([`ScorecardFilter`], `/team-scorecard?period=2021-10`), and the reads built on them (a
//! page, the export). A link opens a page already filtered, and the export holds the rows on
//! screen.

use super::{client, tasks::decode, ApiError};
use danvan_client::Download;
use danvan_domain::{
    community_team::{parse_period, ScorecardLine, Team, TeamStatus},
    page::Page,
};
use uuid::Uuid;

/// The `(name, value)` pairs of a query string (`?` optional), decoded.
fn parts(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.trim_start_matches('?').split('&').filter(|part| !part.is_empty()).map(|part| {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        (decode(name), decode(value))
    })
}

/// `value` when it is an id, else empty: a hand-edited link shows a list, not an error.
fn id(value: &str) -> String {
    if value.parse::<Uuid>().is_ok() {
        value.to_owned()
    } else {
        String::new()
    }
}

fn borrowed<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

fn with_paging(
    mut pairs: Vec<(&'static str, String)>,
    cursor: Option<&str>,
    limit: u32,
) -> Vec<(&'static str, String)> {
    pairs.push(("limit", limit.to_string()));
    if let Some(cursor) = cursor {
        pairs.push(("cursor", cursor.to_owned()));
    }
    pairs
}

fn with_export(pairs: Vec<(&'static str, String)>, format: &str, lang: &str) -> Vec<(&'static str, String)> {
    let mut all = vec![("format", format.to_owned()), ("lang", lang.to_owned())];
    all.extend(pairs);
    all
}

/// The registry's filters; empty strings filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamFilter {
    pub province_id: String,
    /// A commune or ward (from a link).
    pub area_id: String,
    pub area_group_id: String,
    pub kind_id: String,
    pub status: Option<TeamStatus>,
    /// Words of the name (diacritics and case ignored by the server).
    pub q: String,
}

impl TeamFilter {
    /// The filter as name/value pairs, empty ones left out, in a fixed order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let pairs = vec![
            ("province_id", self.province_id.clone()),
            ("area_id", self.area_id.clone()),
            ("area_group_id", self.area_group_id.clone()),
            ("kind_id", self.kind_id.clone()),
            ("status", self.status.map(|status| status.as_str().to_owned()).unwrap_or_default()),
            ("q", self.q.trim().to_owned()),
        ];
        pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()
    }

    /// The filter a query string describes; values the API would refuse are dropped.
    pub fn from_query(query: &str) -> TeamFilter {
        let mut filter = TeamFilter::default();
        for (name, value) in parts(query) {
            match name.as_str() {
                "province_id" => filter.province_id = id(&value),
                "area_id" => filter.area_id = id(&value),
                "area_group_id" => filter.area_group_id = id(&value),
                "kind_id" => filter.kind_id = id(&value),
                "status" => filter.status = TeamStatus::parse(&value),
                "q" => filter.q = value,
                _ => {}
            }
        }
        filter
    }

    /// The query string of the filter (`?province_id=…`), or empty.
    pub fn to_query(&self) -> String {
        super::query(&borrowed(&self.pairs()))
    }

    pub fn is_empty(&self) -> bool {
        *self == TeamFilter::default()
    }

    /// The API query of one page of this filter.
    pub fn page_pairs(&self, cursor: Option<&str>, limit: u32) -> Vec<(&'static str, String)> {
        with_paging(self.pairs(), cursor, limit)
    }

    /// The API query of the export of this filter in `format` (`csv` or `xlsx`) and `lang`.
    pub fn export_pairs(&self, format: &str, lang: &str) -> Vec<(&'static str, String)> {
        with_export(self.pairs(), format, lang)
    }
}

/// The scorecard's filters: the month (`YYYY-MM`; empty until chosen) and the reach of the
/// ranks (a province or an area group).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScorecardFilter {
    pub period: String,
    pub province_id: String,
    pub area_group_id: String,
}

impl ScorecardFilter {
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let pairs = vec![
            ("period", self.period.clone()),
            ("province_id", self.province_id.clone()),
            ("area_group_id", self.area_group_id.clone()),
        ];
        pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()
    }

    pub fn from_query(query: &str) -> ScorecardFilter {
        let mut filter = ScorecardFilter::default();
        for (name, value) in parts(query) {
            match name.as_str() {
                "period" if parse_period(&value).is_some() => filter.period = value,
                "province_id" => filter.province_id = id(&value),
                "area_group_id" => filter.area_group_id = id(&value),
                _ => {}
            }
        }
        filter
    }

    pub fn to_query(&self) -> String {
        super::query(&borrowed(&self.pairs()))
    }

    pub fn page_pairs(&self, cursor: Option<&str>, limit: u32) -> Vec<(&'static str, String)> {
        with_paging(self.pairs(), cursor, limit)
    }

    pub fn export_pairs(&self, format: &str, lang: &str) -> Vec<(&'static str, String)> {
        with_export(self.pairs(), format, lang)
    }
}

/// One page of the teams matching `filter`.
pub async fn list(filter: &TeamFilter, cursor: Option<&str>, limit: u32) -> Result<Page<Team>, ApiError> {
    client().list_teams(&borrowed(&filter.page_pairs(cursor, limit))).await
}

/// The registry's export of `filter`.
pub async fn export(filter: &TeamFilter, format: &str, lang: &str) -> Result<Download, ApiError> {
    client().export_teams(&borrowed(&filter.export_pairs(format, lang))).await
}

/// One page of the scorecard of `filter` (its period must be set).
pub async fn scorecard(
    filter: &ScorecardFilter,
    cursor: Option<&str>,
    limit: u32,
) -> Result<Page<ScorecardLine>, ApiError> {
    client().team_scorecard(&borrowed(&filter.page_pairs(cursor, limit))).await
}

/// The scorecard's export of `filter`.
pub async fn export_scorecard(filter: &ScorecardFilter, format: &str, lang: &str) -> Result<Download, ApiError> {
    client().export_team_scorecard(&borrowed(&filter.export_pairs(format, lang))).await
}

/// The line of `team` in the scorecard of `period`; `None` when it recorded nothing then.
pub async fn scorecard_line(team: Uuid, period: &str) -> Result<Option<ScorecardLine>, ApiError> {
    client().team_scorecard_line(team, &[("period", period)]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_filter_survives_the_url() {
        let filter = TeamFilter {
            province_id: Uuid::from_u128(1).to_string(),
            area_group_id: Uuid::from_u128(2).to_string(),
            kind_id: Uuid::from_u128(3).to_string(),
            status: Some(TeamStatus::Paused),
            q: "tổ phường 5".into(),
            ..TeamFilter::default()
        };
        let query = filter.to_query();
        assert!(query.starts_with("?province_id=00000000-0000-0000-0000-000000000001&"), "{query}");
        assert!(query.contains("status=paused"), "{query}");
        assert_eq!(TeamFilter::from_query(&query), filter);
        assert_eq!(TeamFilter::default().to_query(), "");
        assert!(TeamFilter::from_query("").is_empty());
    }

    #[test]
    fn bad_values_in_a_link_are_dropped() {
        let filter = TeamFilter::from_query("?province_id=nope&status=sleeping&q=a+b&x=y");
        assert_eq!(filter, TeamFilter { q: "a b".into(), ..TeamFilter::default() });
        let scorecard = ScorecardFilter::from_query("?period=2021-13&area_group_id=x");
        assert_eq!(scorecard, ScorecardFilter::default());
        assert_eq!(ScorecardFilter::from_query("period=2021-10").period, "2021-10");
    }

    #[test]
    fn api_queries_add_paging_and_export_settings() {
        let filter = TeamFilter { status: Some(TeamStatus::Active), ..TeamFilter::default() };
        assert_eq!(
            super::super::query(&borrowed(&filter.page_pairs(Some("c"), 50))),
            "?status=active&limit=50&cursor=c"
        );
        assert_eq!(
            super::super::query(&borrowed(&filter.export_pairs("xlsx", "en"))),
            "?format=xlsx&lang=en&status=active"
        );
        let card = ScorecardFilter { period: "2021-10".into(), ..ScorecardFilter::default() };
        assert_eq!(
            super::super::query(&borrowed(&card.export_pairs("csv", "vi"))),
            "?format=csv&lang=vi&period=2021-10"
        );
    }
}
