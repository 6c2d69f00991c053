//! The scorecard: each team's score for a month from its normalised, weighted indicator
//! values, and the ranks it earns. The formula is written out, with a worked example, in
//! `docs/community-teams.md`; the example is the test below.

use crate::named::NamedRef;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// What the formula needs to know of one indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighting {
    pub indicator: Uuid,
    pub higher_is_better: bool,
    pub weight: f64,
}

/// Scores from 0 to 100 of the teams in `values` (team → indicator → value) for one month.
///
/// Each indicator's values are scaled to 0–1 across the teams that recorded it: the best
/// value gives 1, the worst 0 (reversed when lower is better); when every team recorded
/// the same value, each gets 1. A team that recorded nothing for an indicator gets 0 for
/// it. The score is 100 × Σ weight × scaled ÷ Σ weight over the indicators given, rounded
/// to two decimals so that equal work ranks equal.
pub fn scores(weightings: &[Weighting], values: &HashMap<Uuid, HashMap<Uuid, f64>>) -> HashMap<Uuid, f64> {
    let total_weight: f64 = weightings.iter().map(|w| w.weight).sum();
    let ranges: Vec<Option<(f64, f64)>> = weightings
        .iter()
        .map(|w| {
            values.values().filter_map(|team| team.get(&w.indicator)).fold(None, |range, &value| match range {
                None => Some((value, value)),
                Some((low, high)) => Some((f64::min(low, value), f64::max(high, value))),
            })
        })
        .collect();
    values
        .iter()
        .map(|(team, recorded)| {
            let weighted: f64 = weightings
                .iter()
                .zip(&ranges)
                .map(|(w, range)| match (recorded.get(&w.indicator), range) {
                    (Some(&value), Some((low, high))) => w.weight * scaled(value, *low, *high, w.higher_is_better),
                    _ => 0.0,
                })
                .sum();
            let score = if total_weight > 0.0 { 100.0 * weighted / total_weight } else { 0.0 };
            (*team, (score * 100.0).round() / 100.0)
        })
        .collect()
}

fn scaled(value: f64, low: f64, high: f64, higher_is_better: bool) -> f64 {
    if high <= low {
        1.0
    } else if higher_is_better {
        (value - low) / (high - low)
    } else {
        (high - value) / (high - low)
    }
}

/// Ranks by score, best first, equal scores sharing a rank ("1, 2, 2, 4"): the rank of
/// each team of `scores` among the teams of `members`.
pub fn ranks(scores: &HashMap<Uuid, f64>, members: &[Uuid]) -> HashMap<Uuid, i64> {
    let mut ordered: Vec<(Uuid, f64)> =
        members.iter().filter_map(|team| scores.get(team).map(|score| (*team, *score))).collect();
    ordered.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ranked = HashMap::new();
    let mut rank = 0;
    let mut previous = None;
    for (position, (team, score)) in ordered.into_iter().enumerate() {
        if previous != Some(score) {
            rank = position as i64 + 1;
            previous = Some(score);
        }
        ranked.insert(team, rank);
    }
    ranked
}

/// A team's rank within an area group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupRank {
    pub area_group: NamedRef,
    pub rank: i64,
}

/// A team's score in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodScore {
    /// `YYYY-MM`.
    pub period: String,
    pub score: f64,
}

/// One line of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScorecardLine {
    /// The team's id: a month's scorecard has one line per team.
    pub id: Uuid,
    pub team: NamedRef,
    pub province: NamedRef,
    /// `YYYY-MM`.
    pub period: String,
    /// 0–100.
    pub score: f64,
    pub rank_national: i64,
    pub rank_province: i64,
    /// Its rank within each area group its province belongs to.
    pub group_ranks: Vec<GroupRank>,
    /// Its scores over the last six months up to `period`, oldest first; months without
    /// values are left out.
    pub trend: Vec<PeriodScore>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of docs/community-teams.md.
    #[test]
    fn the_worked_example_scores_and_ranks_as_written() {
        let [households, response, a, b, c] = [1u128, 2, 10, 11, 12].map(Uuid::from_u128);
        let weightings = [
            Weighting { indicator: households, higher_is_better: true, weight: 2.0 },
            Weighting { indicator: response, higher_is_better: false, weight: 1.0 },
        ];
        let values = HashMap::from([
            (a, HashMap::from([(households, 120.0), (response, 2.0)])),
            (b, HashMap::from([(households, 80.0), (response, 6.0)])),
            (c, HashMap::from([(households, 100.0)])),
        ]);
        let scores = scores(&weightings, &values);
        assert_eq!(scores[&a], 100.0);
        assert_eq!(scores[&b], 0.0);
        assert_eq!(scores[&c], 33.33);
        let ranked = ranks(&scores, &[a, b, c]);
        assert_eq!((ranked[&a], ranked[&c], ranked[&b]), (1, 2, 3));
    }

    #[test]
    fn equal_values_score_full_and_share_a_rank() {
        let [indicator, a, b, c] = [1u128, 10, 11, 12].map(Uuid::from_u128);
        let weightings = [Weighting { indicator, higher_is_better: true, weight: 1.0 }];
        let values = HashMap::from([
            (a, HashMap::from([(indicator, 5.0)])),
            (b, HashMap::from([(indicator, 5.0)])),
            (c, HashMap::new()),
        ]);
        let scores = scores(&weightings, &values);
        assert_eq!((scores[&a], scores[&b], scores[&c]), (100.0, 100.0, 0.0));
        let ranked = ranks(&scores, &[a, b, c]);
        assert_eq!((ranked[&a], ranked[&b], ranked[&c]), (1, 1, 3));
    }
}
