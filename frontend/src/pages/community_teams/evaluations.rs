//! A model's evaluations: per criterion of the rubric the evaluators' average as a bar,
//! from the lowest to the highest score as its whisker, and the spread (standard
//! deviation) in words; the average and spread of the evaluations' means; each evaluator's
//! scores as a table; and, while the Office evaluates, the form that scores the model (1–5
//! with a comment per criterion), which changes the caller's own evaluation once made.

use crate::{
    api,
    components::{
        charts::BarChart,
        form::{begin_send, field_message, message, show_failure, SelectField},
        load::{use_load, Load},
        status::{ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::t,
    pages::community_teams::model::{counted, criterion_label, evaluation_bars, my_evaluation, EvaluationDraft},
    state::use_session,
};
use danvan_domain::{
    community_team::{Criterion, ModelEvaluation, ModelEvaluations, TeamModel},
    validation::FieldError,
};
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

#[derive(Properties, PartialEq)]
pub struct EvaluationsProps {
    pub model: TeamModel,
    /// Changes when the page reloads.
    pub reload: u32,
    pub on_changed: Callback<()>,
}

#[component]
pub fn Evaluations(props: &EvaluationsProps) -> Html {
    let session = use_session();
    let evaluations =
        use_load(
            (props.model.id, props.reload),
            |(id, _)| async move { api::client().list_model_evaluations(id).await },
        );
    let me = session.state.me.as_ref().map(|me| me.user.id).unwrap_or_default();
    html! {
        <section class="card model-evaluations" aria-labelledby="model-evaluations-heading" data-testid="model-evaluations-section">
            <h2 id="model-evaluations-heading">{ session.t("models.evaluations") }</h2>
            { match &*evaluations {
                Load::Loading => html! { <Loading /> },
                Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                Load::Ready(summary) => html! {
                    <>
                        <EvaluationSummary summary={summary.clone()} />
                        if props.model.can_evaluate {
                            <EvaluateForm model={props.model.id} mine={my_evaluation(summary, me).cloned()}
                                on_changed={props.on_changed.clone()} />
                        }
                    </>
                },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct EvaluationSummaryProps {
    pub summary: Rc<ModelEvaluations>,
}

/// The averages as bars and each evaluator's scores.
#[component]
pub fn EvaluationSummary(props: &EvaluationSummaryProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let summary = &props.summary;
    if summary.evaluations.is_empty() {
        return html! { <p class="empty" data-testid="no-evaluations">{ session.t("models.no_evaluations") }</p> };
    }
    let overall = match (summary.average, summary.spread) {
        (Some(average), Some(spread)) => counted(lang, "models.overall", summary.evaluations.len() as i64)
            .replace("{average}", &format::decimal(lang, average, 2))
            .replace("{spread}", &format::decimal(lang, spread, 2)),
        _ => String::new(),
    };
    html! {
        <>
            <p data-testid="evaluations-overall">{ overall }</p>
            <BarChart bars={evaluation_bars(lang, summary)} title={session.t("models.criteria_chart")} scale_max={5.0} />
            <div class="table-wrap">
                <table class="evaluations-table" data-testid="evaluations-table">
                    <thead>
                        <tr>
                            <th scope="col">{ session.t("models.evaluator") }</th>
                            { for Criterion::ALL.iter().map(|c| html! { <th scope="col" class="num">{ criterion_label(lang, *c) }</th> }) }
                            <th scope="col" class="num">{ session.t("models.average") }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for summary.evaluations.iter().map(|evaluation| html! {
                            <tr data-testid="evaluation-row" key={evaluation.id.to_string()}>
                                <th scope="row">
                                    { &evaluation.evaluator.name }
                                    if !evaluation.comment.trim().is_empty() {
                                        <span class="cell-note">{ &evaluation.comment }</span>
                                    }
                                </th>
                                { for Criterion::ALL.iter().map(|criterion| {
                                    let score = evaluation.scores.iter().find(|s| s.criterion == *criterion);
                                    html! {
                                        <td class="num" title={score.map(|s| s.comment.clone()).filter(|c| !c.is_empty())}>
                                            { score.map(|s| s.score.to_string()).unwrap_or_default() }
                                        </td>
                                    }
                                }) }
                                <td class="num"><strong>{ format::decimal(lang, evaluation.average, 2) }</strong></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct EvaluateFormProps {
    model: Uuid,
    /// The caller's evaluation, if they made one.
    mine: Option<ModelEvaluation>,
    on_changed: Callback<()>,
}

/// Scoring the model against the rubric.
#[component]
fn EvaluateForm(props: &EvaluateFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let draft = use_state(|| props.mine.as_ref().map(EvaluationDraft::of).unwrap_or_default());
    {
        let (draft, mine) = (draft.clone(), props.mine.clone());
        use_effect_with(mine.as_ref().map(|m| m.version), move |_| {
            if let Some(mine) = &mine {
                draft.set(EvaluationDraft::of(mine));
            }
        });
    }
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (draft, errors, busy, key, toast, on_changed, model, mine) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            props.on_changed.clone(),
            props.model,
            props.mine.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = draft.to_request();
            let failed = request.as_ref().err().cloned().unwrap_or_default();
            let Ok(request) = request else {
                errors.set(failed);
                return;
            };
            if !begin_send(&errors, &busy, failed) {
                return;
            }
            let (errors, busy, key, toast, on_changed, mine) =
                (errors.clone(), busy.clone(), key.clone(), toast.clone(), on_changed.clone(), mine.clone());
            spawn_local(async move {
                let client = api::client();
                let answer = match &mine {
                    Some(mine) => client.update_model_evaluation(mine.id, &api::etag_of(mine.version), &request).await,
                    None => client.evaluate_team_model(model, &request, Some(&key)).await,
                };
                match answer {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "models.evaluated")));
                        key.set(api::new_key());
                        on_changed.emit(());
                    }
                    Err(error) => {
                        show_failure(lang, &error, &errors, &toast);
                        if matches!(error.status(), Some(409 | 412)) {
                            on_changed.emit(());
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    let score_options: Vec<(AttrValue, AttrValue)> =
        std::iter::once((AttrValue::default(), AttrValue::from(t(lang, "teams.choose"))))
            .chain(
                (1..=5)
                    .map(|n| (AttrValue::from(n.to_string()), AttrValue::from(t(lang, &format!("models.score.{n}"))))),
            )
            .collect();
    html! {
        <form class="form evaluate-form" novalidate=true {onsubmit} data-testid="evaluate-form">
            <h3>{ session.t(if props.mine.is_some() { "models.change_evaluation" } else { "models.evaluate" }) }</h3>
            <p class="hint">{ session.t("models.evaluate_hint") }</p>
            { for Criterion::ALL.iter().map(|criterion| {
                let criterion = *criterion;
                let score_field = EvaluationDraft::field(criterion, "score");
                let comment_field = EvaluationDraft::field(criterion, "comment");
                let on_score = {
                    let draft = draft.clone();
                    Callback::from(move |value: String| {
                        let mut next = (*draft).clone();
                        match value.parse::<i32>() {
                            Ok(score) => next.scores.insert(criterion, score),
                            Err(_) => next.scores.remove(&criterion),
                        };
                        draft.set(next);
                    })
                };
                let on_comment = {
                    let draft = draft.clone();
                    Callback::from(move |value: String| {
                        let mut next = (*draft).clone();
                        next.comments.insert(criterion, value);
                        draft.set(next);
                    })
                };
                html! {
                    <fieldset class="criterion" data-testid={format!("criterion-{}", criterion.as_str())}>
                        <legend>{ criterion_label(lang, criterion) }</legend>
                        <SelectField id={format!("evaluate-score-{}", criterion.as_str())} field={score_field.clone()}
                            label={session.t("models.score")}
                            value={draft.scores.get(&criterion).map(|s| s.to_string()).unwrap_or_default()}
                            options={score_options.clone()} onchange={on_score} error={field_message(lang, &errors, &score_field)} />
                        <TextAreaField id={format!("evaluate-comment-{}", criterion.as_str())} field={comment_field.clone()}
                            label={session.t("models.comment")} rows={2}
                            value={draft.comments.get(&criterion).cloned().unwrap_or_default()} oninput={on_comment}
                            error={field_message(lang, &errors, &comment_field)} />
                    </fieldset>
                }
            }) }
            <TextAreaField id="evaluate-comment" field="comment" label={session.t("models.overall_comment")} rows={3}
                value={draft.comment.clone()} oninput={{
                    let draft = draft.clone();
                    Callback::from(move |value: String| draft.set(EvaluationDraft { comment: value, ..(*draft).clone() }))
                }} error={field_message(lang, &errors, "comment")} />
            if let Some(error) = errors.iter().find(|e| e.field == "scores") {
                <p class="form-error">{ message(lang, error) }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="evaluate-submit" disabled={*busy}>
                    { session.t(if props.mine.is_some() { "models.change_evaluation" } else { "models.evaluate" }) }
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, pages::community_teams::model::tests::named, testing::render};
    use danvan_domain::{
        community_team::{CriterionScore, EvaluateModel},
        role::Role,
    };

    fn evaluation(n: u128, scores: [i32; 5]) -> ModelEvaluation {
        let body = EvaluateModel {
            scores: Criterion::ALL
                .iter()
                .zip(scores)
                .map(|(criterion, score)| CriterionScore { criterion: *criterion, score, comment: String::new() })
                .collect(),
            comment: String::new(),
        };
        ModelEvaluation {
            id: Uuid::from_u128(n),
            model_id: Uuid::from_u128(1),
            evaluator: named(n, &format!("Cán bộ Văn phòng {n}")),
            average: body.average(),
            scores: body.ordered(),
            comment: String::new(),
            version: 1,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[tokio::test]
    async fn the_summary_shows_averages_spread_and_every_evaluator() {
        fn view() -> Html {
            let summary =
                ModelEvaluations::summarise(vec![evaluation(1, [5, 4, 4, 5, 3]), evaluation(2, [3, 4, 4, 5, 3])]);
            html! { <EvaluationSummary summary={Rc::new(summary)} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), view).await;
        assert!(vi.contains("Hiệu quả · độ lệch 1") && vi.contains("(3–5)"), "{vi}");
        assert!(vi.contains("2 đánh giá: trung bình 4, độ lệch 0,2"), "{vi}");
        assert_eq!(vi.matches(r#"data-testid="evaluation-row""#).count(), 2);
        let en = render(Lang::En, Some(Role::Office), view).await;
        assert!(en.contains("Effectiveness · spread 1") && en.contains("2 evaluations: average 4, spread 0.2"), "{en}");
    }
}
