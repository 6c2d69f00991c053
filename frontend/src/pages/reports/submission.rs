//! One report: what it covers, its figures (a cell per indicator and item the reporter
//! covers) and answers, saved as the reporter types (a second and a half after the last
//! keystroke) while it is a draft or sent back; the moves the caller may make (the
//! server's `allowed_transitions`, never re-derived here): submit, approve, send back or
//! reopen with a comment; its files and its history.

use super::model::{answers_of, figure_cells, figures_of, status_label, timeliness_label, FigureCell};
use crate::{
    api,
    components::{
        dates::date,
        hooks::use_title,
        load::{use_load, Load},
        status::{ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::{t, Lang},
    pages::{community_teams::photos::Attachments, IdProps},
    state::use_session,
};
use danvan_domain::{
    attachment::AttachmentOwnerKind,
    report::{ReportSubmission, SubmissionStatus, SubmissionTransition, UpdateReportSubmission},
    validation::FieldError,
};
use gloo::timers::callback::Timeout;
use std::{cell::RefCell, rc::Rc};
use yew::{platform::spawn_local, prelude::*};

/// What the reporter is writing.
#[derive(Debug, Clone, PartialEq, Default)]
struct Draft {
    cells: Vec<FigureCell>,
    /// (question key, answer).
    texts: Vec<(String, String)>,
}

impl Draft {
    fn of(report: &ReportSubmission) -> Draft {
        Draft {
            cells: figure_cells(&report.content, &report.basis, &report.figures),
            texts: report.narratives.iter().map(|a| (a.question.clone(), a.text.clone())).collect(),
        }
    }

    fn text(&self, key: &str) -> String {
        self.texts.iter().find(|(k, _)| k == key).map(|(_, text)| text.clone()).unwrap_or_default()
    }
}

/// Where the draft stands against what the server holds.
#[derive(Clone, Copy, PartialEq)]
enum SaveState {
    Saved,
    Saving,
    Unsaved,
    Failed,
}

/// Saves `draft` under the ETag in `etag` (kept current for the next save).
async fn save(report: &ReportSubmission, draft: &Draft, etag: &Rc<RefCell<String>>) -> Result<(), Vec<FieldError>> {
    let figures = figures_of(&draft.cells)?;
    let body = UpdateReportSubmission {
        figures: Some(figures),
        narratives: Some(answers_of(&report.content, &draft.texts)),
        ..Default::default()
    };
    let current = etag.borrow().clone();
    match api::client().update_report_submission(report.id, &current, &body).await {
        Ok(saved) => {
            *etag.borrow_mut() = saved.etag;
            Ok(())
        }
        Err(error) if !error.field_errors().is_empty() => Err(error.field_errors().to_vec()),
        Err(error) => Err(vec![FieldError::new("", error.code().unwrap_or("error"), error.to_string())]),
    }
}

#[component]
pub fn SubmissionPage(props: &IdProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("reports.report"));
    let toast = use_toast();
    let reload = use_state(|| 0u32);
    let id = props.id;
    let loaded = use_load((id, *reload), |(id, _)| async move { api::client().get_report_submission(id).await });
    let draft = use_state(Draft::default);
    let saved = use_state(Draft::default);
    let state = use_state(|| SaveState::Saved);
    let errors = use_state(Vec::<FieldError>::new);
    let etag = use_mut_ref(String::new);
    let comment = use_state(String::new);
    let busy = use_state(|| false);
    let report = loaded.ready().map(|tagged| tagged.value.clone());
    {
        let (draft, saved, etag, state) = (draft.clone(), saved.clone(), etag.clone(), state.clone());
        let tagged = loaded.ready().map(|tagged| (tagged.value.clone(), tagged.etag.clone()));
        use_effect_with(tagged.as_ref().map(|(r, _)| (r.id, r.version)), move |_| {
            if let Some((report, tag)) = tagged {
                let fresh = Draft::of(&report);
                draft.set(fresh.clone());
                saved.set(fresh);
                *etag.borrow_mut() = tag;
                state.set(SaveState::Saved);
            }
        });
    }
    // Autosave: a change waits a second and a half for the next; the last one is saved.
    {
        let pending = (*draft != *saved && report.as_ref().is_some_and(|r| r.can_edit)).then(|| (*draft).clone());
        let (saved, state, errors, etag, report) =
            (saved.clone(), state.clone(), errors.clone(), etag.clone(), report.clone());
        use_effect_with(pending, move |pending| {
            let timer = pending.clone().zip(report).map(|(draft, report)| {
                state.set(SaveState::Unsaved);
                Timeout::new(1_500, move || {
                    state.set(SaveState::Saving);
                    spawn_local(async move {
                        match save(&report, &draft, &etag).await {
                            Ok(()) => {
                                errors.set(Vec::new());
                                saved.set(draft);
                                state.set(SaveState::Saved);
                            }
                            Err(failed) => {
                                errors.set(failed);
                                state.set(SaveState::Failed);
                            }
                        }
                    });
                })
            });
            move || drop(timer)
        });
    }
    let report = match (&*loaded, report) {
        (Load::Failed(error), _) => return html! { <ErrorNote error={error.clone()} /> },
        (_, None) => return html! { <Loading /> },
        (_, Some(report)) => report,
    };
    let move_to = {
        let (draft, saved, comment, busy, toast, reload, etag, errors, report) = (
            draft.clone(),
            saved.clone(),
            comment.clone(),
            busy.clone(),
            toast.clone(),
            reload.clone(),
            etag.clone(),
            errors.clone(),
            report.clone(),
        );
        Callback::from(move |to: SubmissionStatus| {
            if *busy {
                return;
            }
            busy.set(true);
            let (draft, unsaved) = ((*draft).clone(), *draft != *saved);
            let (comment, busy, toast, reload, etag, errors, report) = (
                (*comment).clone(),
                busy.clone(),
                toast.clone(),
                reload.clone(),
                etag.clone(),
                errors.clone(),
                report.clone(),
            );
            spawn_local(async move {
                if unsaved && report.can_edit {
                    if let Err(failed) = save(&report, &draft, &etag).await {
                        errors.set(failed);
                        busy.set(false);
                        return;
                    }
                }
                let current = etag.borrow().clone();
                let body = SubmissionTransition { to, comment };
                match api::client().transition_report_submission(report.id, &current, &body).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, &format!("reports.moved.{}", to.as_str()))));
                        errors.set(Vec::new());
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(error) if !error.field_errors().is_empty() => errors.set(error.field_errors().to_vec()),
                    Err(error) => {
                        toast.emit(Toast::error(lang, &error));
                        reload.set(reload.wrapping_add(1));
                    }
                }
                busy.set(false);
            });
        })
    };
    let edit_cell = {
        let draft = draft.clone();
        Callback::from(move |(index, value): (usize, String)| {
            let mut next = (*draft).clone();
            if let Some(cell) = next.cells.get_mut(index) {
                cell.value = value;
            }
            draft.set(next);
        })
    };
    let edit_text = {
        let draft = draft.clone();
        Callback::from(move |(key, value): (String, String)| {
            let mut next = (*draft).clone();
            match next.texts.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => next.texts.push((key, value)),
            }
            draft.set(next);
        })
    };
    let error_of =
        |field: &str| errors.iter().find(|e| e.field == field).map(|e| crate::components::form::message(lang, e));
    let basis = &report.basis;
    let covers: Vec<String> = basis
        .target_groups
        .iter()
        .chain(&basis.fields)
        .chain(&basis.areas)
        .map(|n| n.name.clone())
        .chain(basis.org_unit.iter().map(|u| u.name.clone()))
        .collect();
    let needs_comment = report.allowed_transitions.contains(&SubmissionStatus::Returned);
    html! {
        <section class="page report" data-testid="report-page">
            <header class="page-head">
                <h1>{ &report.title }</h1>
                <span class={classes!("badge", report.status.as_str())} data-testid="report-status">{ status_label(lang, report.status) }</span>
                if report.urgent { <span class="badge urgent">{ t(lang, "reports.urgent") }</span> }
            </header>
            <dl class="facts">
                <dt>{ t(lang, "reports.reporter") }</dt><dd>{ &report.reporter.name }</dd>
                <dt>{ t(lang, "reports.period") }</dt><dd>{ format!("{} ({} – {})", report.period, date(lang, report.period_start), date(lang, report.period_end)) }</dd>
                <dt>{ t(lang, "reports.due") }</dt><dd>{ format!("{} · {}", date(lang, report.due_on), timeliness_label(lang, report.timeliness)) }</dd>
                <dt>{ t(lang, "reports.covers") }</dt><dd data-testid="report-covers">{ if covers.is_empty() { "—".to_owned() } else { covers.join(", ") } }</dd>
            </dl>
            if !report.review_comment.is_empty() {
                <p class={classes!("note", if report.status == SubmissionStatus::Returned { "warning" } else { "" })} data-testid="review-comment">
                    { format!("{}: {}", t(lang, "reports.review_comment"), report.review_comment) }
                </p>
            }
            if let Some(message) = error_of("") { <p class="error" role="alert">{ message }</p> }
            if !report.content.indicators.is_empty() {
                <h2>{ t(lang, "reports.figures") }</h2>
                <table class="figures grid" data-testid="figure-grid">
                    <thead><tr><th>{ t(lang, "reports.indicator") }</th><th>{ t(lang, "reports.unit") }</th><th>{ t(lang, "reports.value") }</th></tr></thead>
                    <tbody>
                        { for draft.cells.iter().enumerate().map(|(index, cell)| figure_row(lang, index, cell, report.can_edit, error_of(&cell.input_id()), edit_cell.clone())) }
                    </tbody>
                </table>
            }
            <h2>{ t(lang, "reports.narratives") }</h2>
            { for report.content.questions.iter().map(|question| {
                let key = question.key.clone();
                let field = format!("narratives.{key}");
                let value = draft.text(&key);
                if report.can_edit {
                    let edit_text = edit_text.clone();
                    html! {
                        <TextAreaField id={format!("answer-{key}")} field={field.clone()} label={question.prompt.clone()} value={value}
                            required={question.required} error={error_of(&field)} rows={5}
                            oninput={Callback::from(move |text: String| edit_text.emit((key.clone(), text)))} />
                    }
                } else {
                    html! {
                        <div class="answer">
                            <h3>{ &question.prompt }</h3>
                            <p class="prewrap" data-testid={format!("answer-{key}")}>{ if value.is_empty() { "—".to_owned() } else { value } }</p>
                        </div>
                    }
                }
            }) }
            if report.can_edit {
                <p class="save-state" data-testid="save-state" aria-live="polite">{ save_label(lang, *state) }</p>
            }
            if needs_comment {
                <TextAreaField id="review-comment-input" field="comment" label={t(lang, "reports.comment")} value={(*comment).clone()}
                    error={error_of("comment")} rows={3}
                    oninput={{ let comment = comment.clone(); Callback::from(move |text: String| comment.set(text)) }} />
            }
            <div class="actions">
                { for report.allowed_transitions.iter().map(|to| {
                    let to = *to;
                    let label = action_label(lang, report.status, to);
                    let class = if to == SubmissionStatus::Returned { "secondary" } else { "primary" };
                    html! {
                        <button type="button" class={class} data-testid={format!("move-{}", to.as_str())} disabled={*busy}
                            onclick={move_to.reform(move |_| to)}>{ label }</button>
                    }
                }) }
            </div>
            <Attachments owner_kind={AttachmentOwnerKind::ReportSubmission} owner={report.id} can_attach={report.can_edit} />
            if !report.history.is_empty() {
                <h2>{ t(lang, "reports.history") }</h2>
                <ol class="timeline" data-testid="report-history">
                    { for report.history.iter().map(|event| html! {
                        <li>
                            <span class="meta">{ format::datetime(lang, &event.at) }</span>
                            { format!(" {} · {}", status_label(lang, event.to), event.actor.name) }
                            if !event.comment.is_empty() { <p class="prewrap">{ &event.comment }</p> }
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}

fn figure_row(
    lang: Lang,
    index: usize,
    cell: &FigureCell,
    editable: bool,
    error: Option<String>,
    edit: Callback<(usize, String)>,
) -> Html {
    let label = match &cell.item {
        Some(item) => format!("{} — {}", cell.label, item.name),
        None => cell.label.clone(),
    };
    let id = cell.input_id();
    html! {
        <tr>
            <td><label for={id.clone()}>{ label }</label></td>
            <td>{ &cell.unit }</td>
            <td class="number">
                if editable {
                    <input id={id.clone()} data-testid={id.clone()} type="text" inputmode="numeric" value={cell.value.clone()}
                        aria-invalid={error.is_some().then_some("true")}
                        oninput={Callback::from(move |event: InputEvent| {
                            edit.emit((index, event.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
                        })} />
                    if let Some(error) = error { <span class="error">{ error }</span> }
                } else {
                    <span data-testid={id}>{ cell.value.parse::<i64>().map(|v| format::number(lang, v)).unwrap_or_else(|_| "—".into()) }</span>
                }
            </td>
        </tr>
    }
}

fn save_label(lang: Lang, state: SaveState) -> &'static str {
    t(
        lang,
        match state {
            SaveState::Saved => "reports.saved",
            SaveState::Saving => "reports.saving",
            SaveState::Unsaved => "reports.unsaved",
            SaveState::Failed => "reports.save_failed",
        },
    )
}

/// The button of a move: sending back an approved report is reopening it.
fn action_label(lang: Lang, from: SubmissionStatus, to: SubmissionStatus) -> &'static str {
    match (from, to) {
        (SubmissionStatus::Approved, SubmissionStatus::Returned) => t(lang, "reports.reopen"),
        (SubmissionStatus::Returned, SubmissionStatus::Submitted) => t(lang, "reports.resubmit"),
        (_, to) => t(lang, &format!("reports.to.{}", to.as_str())),
    }
}
