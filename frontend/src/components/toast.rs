//! Toasts: short messages in a live region (4 s for a success, 10 s for an error, or
//! until closed).
//! Any component pushes one through [`use_toast`].

use crate::{api::ApiError, components::status::describe, i18n::Lang, state::use_session};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub kind: ToastKind,
    pub title: String,
    pub detail: Option<String>,
}

impl Toast {
    pub fn success(title: &str) -> Self {
        Toast { kind: ToastKind::Success, title: title.to_owned(), detail: None }
    }

    /// An API error, worded by [`describe`].
    pub fn error(lang: Lang, error: &ApiError) -> Self {
        let (title, detail) = describe(lang, error);
        Toast { kind: ToastKind::Error, title, detail }
    }
}

/// The toasts on screen, newest last.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Toasts {
    next_id: u32,
    pub items: Vec<(u32, Toast)>,
}

pub enum ToastAction {
    Push(Toast),
    Dismiss(u32),
}

/// At most this many toasts show at once; the oldest goes first.
const MAX_TOASTS: usize = 4;

impl Toasts {
    pub fn apply(&self, action: ToastAction) -> Toasts {
        let mut next = self.clone();
        match action {
            ToastAction::Push(toast) => {
                next.items.push((next.next_id, toast));
                next.next_id = next.next_id.wrapping_add(1);
                if next.items.len() > MAX_TOASTS {
                    next.items.remove(0);
                }
            }
            ToastAction::Dismiss(id) => next.items.retain(|(item, _)| *item != id),
        }
        next
    }
}

impl Reducible for Toasts {
    type Action = ToastAction;

    fn reduce(self: Rc<Self>, action: ToastAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// How components push toasts.
#[derive(Clone, Default, PartialEq)]
pub struct ToastCtx(pub Callback<Toast>);

#[hook]
pub fn use_toast() -> Callback<Toast> {
    use_context::<ToastCtx>().unwrap_or_default().0
}

#[derive(Properties, PartialEq)]
pub struct ToastProviderProps {
    pub children: Html,
}

/// Provides [`use_toast`] to its children and shows the toasts.
#[component]
pub fn ToastProvider(props: &ToastProviderProps) -> Html {
    let toasts = use_reducer(Toasts::default);
    let push = {
        let dispatcher = toasts.dispatcher();
        use_memo((), move |()| ToastCtx(Callback::from(move |toast| dispatcher.dispatch(ToastAction::Push(toast)))))
    };
    let dismiss = {
        let dispatcher = toasts.dispatcher();
        Callback::from(move |id| dispatcher.dispatch(ToastAction::Dismiss(id)))
    };
    html! {
        <ContextProvider<ToastCtx> context={(*push).clone()}>
            { props.children.clone() }
            <div class="toasts" aria-live="polite">
                { for toasts.items.iter().map(|(id, toast)| html! {
                    <ToastItem key={*id} id={*id} toast={toast.clone()} ondismiss={dismiss.clone()} />
                }) }
            </div>
        </ContextProvider<ToastCtx>>
    }
}

#[derive(Properties, PartialEq)]
struct ToastItemProps {
    id: u32,
    toast: Toast,
    ondismiss: Callback<u32>,
}

#[component]
fn ToastItem(props: &ToastItemProps) -> Html {
    let session = use_session();
    {
        let (id, ondismiss) = (props.id, props.ondismiss.clone());
        let millis = if props.toast.kind == ToastKind::Error { 10_000 } else { 4_000 };
        use_effect_with(id, move |_| {
            let timer = Timeout::new(millis, move || ondismiss.emit(id));
            move || drop(timer)
        });
    }
    let onclick = {
        let (id, ondismiss) = (props.id, props.ondismiss.clone());
        Callback::from(move |_| ondismiss.emit(id))
    };
    let class = match props.toast.kind {
        ToastKind::Success => "toast success",
        ToastKind::Error => "toast error",
    };
    let role = if props.toast.kind == ToastKind::Error { "alert" } else { "status" };
    html! {
        <div {class} {role} data-testid="toast">
            <div class="toast-text">
                <strong>{ &props.toast.title }</strong>
                if let Some(detail) = &props.toast.detail { <p>{ detail }</p> }
            </div>
            <button type="button" class="icon" aria-label={session.t("action.close")} {onclick}>{ "×" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toasts_queue_and_dismiss() {
        let mut toasts = Toasts::default();
        for n in 0..6 {
            toasts = toasts.apply(ToastAction::Push(Toast::success(&n.to_string())));
        }
        assert_eq!(toasts.items.len(), MAX_TOASTS);
        assert_eq!(toasts.items[0].1.title, "2");
        let first = toasts.items[0].0;
        let fewer = toasts.apply(ToastAction::Dismiss(first));
        assert_eq!(fewer.items.len(), MAX_TOASTS - 1);
        assert!(fewer.items.iter().all(|(id, _)| *id != first));
    }

    #[test]
    fn errors_are_worded_in_the_readers_language() {
        let network = Toast::error(Lang::Vi, &ApiError::network());
        assert_eq!(network.kind, ToastKind::Error);
        assert!(!network.title.is_empty());
        let mut problem = danvan_domain::problem::Problem::new(412, "precondition_failed", "Precondition Failed");
        problem.detail = Some("the record changed".into());
        let error = ApiError::Problem { status: 412, problem: Box::new(problem) };
        let en = Toast::error(Lang::En, &error);
        let vi = Toast::error(Lang::Vi, &error);
        assert_ne!(en.title, vi.title);
        assert_eq!(vi.detail.as_deref(), Some("the record changed"));
        let mut unknown = danvan_domain::problem::Problem::new(418, "teapot", "I'm a teapot");
        unknown.detail = None;
        assert_eq!(
            Toast::error(Lang::Vi, &ApiError::Problem { status: 418, problem: Box::new(unknown) }).title,
            "I'm a teapot"
        );
    }
}
