//! Editing the matrix (the group's head and administrators): the assignment form for a
//! new assignment or a change from a day on, ending one, and reading its history.

use crate::{
    api::{self, ApiError},
    components::{
        checklist::CheckList,
        dates::{period, today, DateField},
        form::{begin_send, check, edit, field_message, show_save_failure, SelectField},
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    i18n::{t, Lang},
    pages::working_groups::model::roster_order,
    state::use_session,
};
use chrono::NaiveDate;
use danvan_domain::{
    area::Area,
    assignment::{Assignment, ChangeAssignment, CreateAssignment, EndAssignment},
    catalog::CatalogEntry,
    validation::FieldError,
    working_group::Membership,
};
use std::{
    collections::{BTreeSet, HashSet},
    rc::Rc,
};
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

use super::{
    grid::{entry_name, Names},
    Lists, Panel,
};

#[derive(Properties, PartialEq)]
pub(super) struct AssignmentItemProps {
    pub(super) assignment: Assignment,
    pub(super) names: Rc<Names>,
    pub(super) lead: bool,
    pub(super) panel: Option<Panel>,
    pub(super) on_panel: Callback<Option<Panel>>,
    pub(super) on_saved: Callback<()>,
    pub(super) lists: Rc<Lists>,
    pub(super) provinces: Rc<Vec<Area>>,
}

/// One assignment in force: what it covers, its period, and (for the head) its actions.
#[component]
pub(super) fn AssignmentItem(props: &AssignmentItemProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let a = &props.assignment;
    let names = &props.names;
    let open = |panel: Panel| props.on_panel.reform(move |_| Some(panel.clone()));
    let close = props.on_panel.reform(|()| None);
    let showing = |wanted: &Panel| props.panel.as_ref() == Some(wanted);
    let history = Panel::History(a.id);
    html! {
        <li class="card assignment" data-testid="assignment">
            <h3>{ names.member(&a.user_id) }</h3>
            <dl class="facts">
                <dt>{ session.t("catalog.target_groups") }</dt><dd>{ names.entries(&a.target_group_ids) }</dd>
                <dt>{ session.t("catalog.fields") }</dt><dd>{ names.entries(&a.field_ids) }</dd>
                <dt>{ session.t("assignments.areas") }</dt><dd>{ names.places(&a.area_group_ids, &a.area_ids) }</dd>
                <dt>{ session.t("assignments.period") }</dt><dd>{ period(lang, a.valid_from, a.valid_to) }</dd>
                if !a.note.trim().is_empty() { <dt>{ session.t("assignments.note") }</dt><dd>{ &a.note }</dd> }
            </dl>
            <div class="actions">
                if props.lead {
                    <button type="button" class="secondary" data-testid="assignment-change" onclick={open(Panel::Change(a.clone()))}>
                        { session.t("assignments.change") }
                    </button>
                    <button type="button" class="secondary" data-testid="assignment-end" onclick={open(Panel::End(a.clone()))}>
                        { session.t("assignments.end") }
                    </button>
                }
                <button type="button" class="secondary" data-testid="assignment-history" aria-expanded={showing(&history).to_string()}
                    onclick={if showing(&history) { props.on_panel.reform(|_| None) } else { open(history.clone()) }}>
                    { session.t("assignments.history") }
                </button>
            </div>
            if props.lead && showing(&Panel::Change(a.clone())) {
                <AssignmentForm group_id={a.working_group_id} members={Rc::new(Vec::new())} lists={props.lists.clone()}
                    provinces={props.provinces.clone()} assignment={Some(a.clone())} on_saved={props.on_saved.clone()}
                    on_cancel={close.clone()} />
            }
            if props.lead && showing(&Panel::End(a.clone())) {
                <EndForm assignment={a.clone()} on_saved={props.on_saved.clone()} on_cancel={close} />
            }
            if showing(&history) { <History id={a.id} names={names.clone()} /> }
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct AssignmentFormProps {
    pub(super) group_id: Uuid,
    /// The roster to pick the member from (a new assignment).
    pub(super) members: Rc<Vec<Membership>>,
    pub(super) lists: Rc<Lists>,
    /// The provinces of the layout shown.
    pub(super) provinces: Rc<Vec<Area>>,
    /// The assignment being changed; a new one when absent.
    pub(super) assignment: Option<Assignment>,
    pub(super) on_saved: Callback<()>,
    pub(super) on_cancel: Callback<()>,
}

/// The choices of an assignment form.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    user: String,
    target_groups: BTreeSet<Uuid>,
    fields: BTreeSet<Uuid>,
    area_groups: BTreeSet<Uuid>,
    /// Provinces ticked here, and any other areas the assignment already had.
    areas: BTreeSet<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    note: String,
}

impl Draft {
    fn of(assignment: Option<&Assignment>) -> Self {
        let set = |ids: &[Uuid]| ids.iter().copied().collect::<BTreeSet<Uuid>>();
        match assignment {
            Some(a) => Draft {
                user: a.user_id.to_string(),
                target_groups: set(&a.target_group_ids),
                fields: set(&a.field_ids),
                area_groups: set(&a.area_group_ids),
                areas: set(&a.area_ids),
                from: Some(today()),
                to: a.valid_to,
                note: a.note.clone(),
            },
            None => Draft {
                user: String::new(),
                target_groups: BTreeSet::new(),
                fields: BTreeSet::new(),
                area_groups: BTreeSet::new(),
                areas: BTreeSet::new(),
                from: Some(today()),
                to: None,
                note: String::new(),
            },
        }
    }

    fn to_create(&self, user_id: Uuid) -> CreateAssignment {
        CreateAssignment {
            user_id,
            target_group_ids: self.target_groups.iter().copied().collect(),
            field_ids: self.fields.iter().copied().collect(),
            area_ids: self.areas.iter().copied().collect(),
            area_group_ids: self.area_groups.iter().copied().collect(),
            valid_from: self.from,
            valid_to: self.to,
            note: self.note.trim().to_owned(),
        }
    }

    /// The change: the lists that differ from `current`, the period and note, from the
    /// chosen day.
    fn to_change(&self, current: &Assignment) -> ChangeAssignment {
        let changed = |new: &BTreeSet<Uuid>, old: &[Uuid]| {
            let old: BTreeSet<Uuid> = old.iter().copied().collect();
            (*new != old).then(|| new.iter().copied().collect::<Vec<Uuid>>())
        };
        let note = self.note.trim().to_owned();
        ChangeAssignment {
            target_group_ids: changed(&self.target_groups, &current.target_group_ids),
            field_ids: changed(&self.fields, &current.field_ids),
            area_ids: changed(&self.areas, &current.area_ids),
            area_group_ids: changed(&self.area_groups, &current.area_group_ids),
            valid_to: (self.to != current.valid_to).then_some(self.to),
            note: (note != current.note).then_some(note),
            effective_from: self.from,
        }
    }
}

fn options(lang: Lang, entries: &[CatalogEntry], chosen: &BTreeSet<Uuid>) -> Rc<Vec<(Uuid, AttrValue)>> {
    let mut shown: Vec<&CatalogEntry> = entries.iter().filter(|e| e.active || chosen.contains(&e.id)).collect();
    shown.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
    Rc::new(shown.into_iter().map(|e| (e.id, AttrValue::from(entry_name(lang, e).to_owned()))).collect())
}

/// Assigns a member, or changes an assignment from a day on.
#[component]
pub(super) fn AssignmentForm(props: &AssignmentFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let draft = use_state(|| Draft::of(props.assignment.as_ref()));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    let onsubmit = {
        let (draft, errors, busy, toast, key, on_saved) =
            (draft.clone(), errors.clone(), busy.clone(), toast.clone(), key.clone(), props.on_saved.clone());
        let (group_id, current) = (props.group_id, props.assignment.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let (errors, busy, toast, on_saved) = (errors.clone(), busy.clone(), toast.clone(), on_saved.clone());
            let done = move |result: Result<(), ApiError>, errors: UseStateHandle<Vec<FieldError>>| match result {
                Ok(()) => {
                    toast.emit(Toast::success(t(lang, "assignments.saved")));
                    on_saved.emit(());
                }
                Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_saved),
            };
            match &current {
                None => {
                    let user = draft.user.parse::<Uuid>().ok();
                    // Without a member the rest is still checked, so every error shows at once.
                    let request = draft.to_create(user.unwrap_or_default());
                    let mut failed = check(request.validate(today()));
                    if user.is_none() {
                        failed.insert(0, FieldError::new("user_id", "required", "must not be empty"));
                    }
                    errors.set(failed.clone());
                    if !failed.is_empty() {
                        return;
                    }
                    busy.set(true);
                    let key = (*key).clone();
                    spawn_local(async move {
                        let result = api::client().create_assignment(group_id, &request, Some(&key)).await.map(|_| ());
                        busy.set(false);
                        done(result, errors);
                    });
                }
                Some(current) => {
                    let request = draft.to_change(current);
                    if !begin_send(&errors, &busy, check(request.validate())) {
                        return;
                    }
                    let (id, etag) = (current.id, api::etag_of(current.version));
                    spawn_local(async move {
                        let result = api::client().change_assignment(id, &etag, &request).await.map(|_| ());
                        busy.set(false);
                        done(result, errors);
                    });
                }
            }
        })
    };
    let lists = &props.lists;
    let prefix = match &props.assignment {
        Some(a) => format!("assignment-{}", a.id),
        None => "assignment-new".to_owned(),
    };
    let area_groups: Rc<Vec<(Uuid, AttrValue)>> = Rc::new(
        lists
            .area_groups
            .iter()
            .map(|g| (g.id, AttrValue::from(format!("{} ({} · {})", g.name, g.code, g.layout.as_str()))))
            .collect(),
    );
    let provinces: Rc<Vec<(Uuid, AttrValue)>> =
        Rc::new(props.provinces.iter().map(|a| (a.id, AttrValue::from(a.name.clone()))).collect());
    let province_ids: HashSet<Uuid> = provinces.iter().map(|(id, _)| *id).collect();
    let others = draft.areas.iter().filter(|id| !province_ids.contains(id)).count();
    // The province list holds only provinces; other areas stay as they were.
    let on_provinces = {
        let (draft, province_ids) = (draft.clone(), province_ids.clone());
        Callback::from(move |chosen: BTreeSet<Uuid>| {
            let mut next = (*draft).clone();
            next.areas.retain(|id| !province_ids.contains(id));
            next.areas.extend(chosen);
            draft.set(next);
        })
    };
    let chosen_provinces: BTreeSet<Uuid> = draft.areas.iter().copied().filter(|id| province_ids.contains(id)).collect();
    let heading = match &props.assignment {
        Some(_) => session.t("assignments.change"),
        None => session.t("assignments.assign"),
    };
    let members: Vec<(AttrValue, AttrValue)> = std::iter::once((AttrValue::default(), AttrValue::from("—")))
        .chain(
            roster_order(&props.members, today())
                .into_iter()
                .map(|m| (AttrValue::from(m.user_id.to_string()), AttrValue::from(m.display_name.clone()))),
        )
        .collect();
    html! {
        <form class="card form assignment-form" novalidate=true {onsubmit} data-testid="assignment-form">
            <h3>{ heading }</h3>
            if props.assignment.is_none() {
                <SelectField id={format!("{prefix}-user")} field="user_id" label={session.t("working_groups.member")}
                    value={draft.user.clone()} options={members} onchange={edit(&draft, |d, v| d.user = v)}
                    error={field_message(lang, &errors, "user_id")} />
            }
            <CheckList id={format!("{prefix}-target-groups")} field="target_group_ids" legend={session.t("catalog.target_groups")}
                options={options(lang, &lists.target_groups, &draft.target_groups)} chosen={draft.target_groups.clone()}
                onchange={edit(&draft, |d, v| d.target_groups = v)} error={field_message(lang, &errors, "target_group_ids")} />
            <CheckList id={format!("{prefix}-fields")} field="field_ids" legend={session.t("catalog.fields")}
                options={options(lang, &lists.fields, &draft.fields)} chosen={draft.fields.clone()}
                onchange={edit(&draft, |d, v| d.fields = v)} error={field_message(lang, &errors, "field_ids")} />
            <CheckList id={format!("{prefix}-area-groups")} field="area_group_ids" legend={session.t("assignments.area_groups")}
                options={area_groups} chosen={draft.area_groups.clone()}
                onchange={edit(&draft, |d, v| d.area_groups = v)} error={field_message(lang, &errors, "area_group_ids")} />
            <CheckList id={format!("{prefix}-provinces")} field="area_ids" legend={session.t("assignments.provinces")}
                options={provinces} chosen={chosen_provinces} onchange={on_provinces} filter=true
                error={field_message(lang, &errors, "area_ids")} />
            if others > 0 {
                <p class="hint">{ format!("{}: {others}", session.t("assignments.other_areas")) }</p>
            }
            if props.assignment.is_none() {
                <DateField id={format!("{prefix}-from")} field="valid_from" label={session.t("assignments.valid_from")}
                    value={draft.from} onchange={edit(&draft, |d, v| d.from = v)} error={field_message(lang, &errors, "valid_from")} />
            } else {
                <DateField id={format!("{prefix}-from")} field="effective_from" label={session.t("assignments.effective_from")}
                    hint={session.t("assignments.effective_hint")}
                    value={draft.from} onchange={edit(&draft, |d, v| d.from = v)} error={field_message(lang, &errors, "effective_from")} />
            }
            <DateField id={format!("{prefix}-to")} field="valid_to" label={session.t("assignments.valid_to")}
                hint={session.t("assignments.valid_to_hint")}
                value={draft.to} onchange={edit(&draft, |d, v| d.to = v)} error={field_message(lang, &errors, "valid_to")} />
            <TextAreaField id={format!("{prefix}-note")} field="note" label={session.t("assignments.note")} rows={2}
                value={draft.note.clone()} oninput={edit(&draft, |d, v| d.note = v)} error={field_message(lang, &errors, "note")} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="assignment-submit" disabled={*busy}>{ session.t("action.save") }</button>
                <button type="button" class="secondary" onclick={props.on_cancel.reform(|_| ())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct EndFormProps {
    pub(super) assignment: Assignment,
    pub(super) on_saved: Callback<()>,
    pub(super) on_cancel: Callback<()>,
}

/// Ends an assignment on a day (its last day in force).
#[component]
pub(super) fn EndForm(props: &EndFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let on = use_state(|| Some(today().max(props.assignment.valid_from)));
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (on, errors, busy, toast, on_saved) =
            (on.clone(), errors.clone(), busy.clone(), toast.clone(), props.on_saved.clone());
        let (id, etag, from) =
            (props.assignment.id, api::etag_of(props.assignment.version), props.assignment.valid_from);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if on.is_some_and(|day| day < from) {
                errors.set(vec![FieldError::new("on", "before_start", "must not be before the first day")]);
                return;
            }
            errors.set(Vec::new());
            busy.set(true);
            let request = EndAssignment { on: *on };
            let (errors, busy, toast, on_saved, etag) =
                (errors.clone(), busy.clone(), toast.clone(), on_saved.clone(), etag.clone());
            spawn_local(async move {
                match api::client().end_assignment(id, &etag, &request).await {
                    Ok(_) => {
                        toast.emit(Toast::success(t(lang, "assignments.ended")));
                        on_saved.emit(());
                    }
                    Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_saved),
                }
                busy.set(false);
            });
        })
    };
    let message = field_message(lang, &errors, "on").or_else(|| field_message(lang, &errors, "valid_to"));
    html! {
        <form class="form inline-form" novalidate=true {onsubmit} data-testid="assignment-end-form">
            <DateField id={format!("assignment-{}-end-on", props.assignment.id)} field="on" label={session.t("assignments.end_on")}
                value={*on} onchange={let on = on.clone(); Callback::from(move |v| on.set(v))} error={message} />
            <div class="actions">
                <button type="submit" class="primary" data-testid="assignment-end-submit" disabled={*busy}>{ session.t("assignments.end") }</button>
                <button type="button" class="secondary" onclick={props.on_cancel.reform(|_| ())}>{ session.t("action.cancel") }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct HistoryProps {
    pub(super) id: Uuid,
    pub(super) names: Rc<Names>,
}

/// The periods of an assignment's chain, oldest first.
#[component]
pub(super) fn History(props: &HistoryProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let chain = use_load(props.id, |id| async move { api::client().assignment_history(id).await });
    let names = &props.names;
    let body = match &*chain {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(chain) if chain.is_empty() => html! { <Empty /> },
        Load::Ready(chain) => html! {
            <ol class="history" data-testid="assignment-history-list">
                { for chain.iter().map(|a| html! {
                    <li key={a.id.to_string()} class={classes!(a.superseded_at.is_some().then_some("superseded"))}>
                        <strong>{ period(lang, a.valid_from, a.valid_to) }</strong>
                        if a.superseded_at.is_some() { { " " }<span class="badge off">{ session.t("assignments.superseded") }</span> }
                        if a.id == props.id { { " " }<span class="badge ok">{ session.t("assignments.current") }</span> }
                        <br />
                        <span>{ format!("{}: {}", session.t("catalog.target_groups"), names.entries(&a.target_group_ids)) }</span>
                        <br />
                        <span>{ format!("{}: {}", session.t("catalog.fields"), names.entries(&a.field_ids)) }</span>
                        <br />
                        <span>{ format!("{}: {}", session.t("assignments.areas"), names.places(&a.area_group_ids, &a.area_ids)) }</span>
                        if !a.note.trim().is_empty() { <br /><span class="muted">{ &a.note }</span> }
                    </li>
                }) }
            </ol>
        },
    };
    html! {
        <section class="history-panel">
            <h4>{ session.t("assignments.history") }</h4>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::working_groups::assignments::grid::tests::{assignment, day, id};

    #[test]
    fn a_change_sends_only_what_changed_from_the_chosen_day() {
        let current = assignment(10, 1, &[20, 21], &[30], &[40]);
        let mut draft = Draft::of(Some(&current));
        assert_eq!(draft.to_change(&current).target_group_ids, None);
        draft.target_groups.remove(&id(21));
        draft.from = Some(day(15));
        let change = draft.to_change(&current);
        assert_eq!(change.target_group_ids, Some(vec![id(20)]));
        assert_eq!((change.field_ids, change.area_ids, change.valid_to, change.note), (None, None, None, None));
        assert_eq!(change.effective_from, Some(day(15)));
        let errors = check(Draft::of(None).to_create(Uuid::nil()).validate(day(1)));
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["target_group_ids", "area_ids"]);
    }
}
