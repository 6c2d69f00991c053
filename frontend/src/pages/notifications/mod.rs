//! The caller's notifications, newest first: a task assigned to them, a task they created
//! changing status, a task due tomorrow or overdue, a community team model waiting for
//! them. Each links to its task or model and is marked read when opened; "mark all read"
//! clears the bell.

pub mod i18n;
pub mod model;

use crate::{
    api,
    components::{
        bell::use_bell_refresh,
        hooks::use_title,
        link::AppLink,
        load::use_paged,
        status::{Empty, ErrorNote, Loading},
        toast::{use_toast, Toast},
    },
    format,
    i18n::t,
    pages::notifications::model::{notification_route, notification_text},
    state::use_session,
};
use danvan_domain::notification::Notification;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

const PAGE: u32 = 50;

#[component]
pub fn Notifications() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("notifications.title"));
    let toast = use_toast();
    let refresh_bell = use_bell_refresh();
    let unread_only = use_state(|| false);
    let reload = use_state(|| 0u32);
    let paged = use_paged((*unread_only, *reload), |(unread, _): (bool, u32), cursor| async move {
        let unread = if unread { "true" } else { "" };
        api::client()
            .list_notifications(&[
                ("unread", unread),
                ("limit", &PAGE.to_string()),
                ("cursor", cursor.as_deref().unwrap_or_default()),
            ])
            .await
    });
    let list = &*paged.list;
    let read_all = {
        let (reload, toast, refresh_bell) = (reload.clone(), toast.clone(), refresh_bell.clone());
        Callback::from(move |_| {
            let (reload, toast, refresh_bell) = (reload.clone(), toast.clone(), refresh_bell.clone());
            spawn_local(async move {
                match api::client().mark_all_read().await {
                    Ok(()) => {
                        toast.emit(Toast::success(t(lang, "notifications.all_read")));
                        reload.set(reload.wrapping_add(1));
                        refresh_bell.emit(());
                    }
                    Err(error) => toast.emit(Toast::error(lang, &error)),
                }
            });
        })
    };
    let toggle_unread = {
        let unread_only = unread_only.clone();
        Callback::from(move |event: Event| unread_only.set(event.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    let item = |notification: &Notification| {
        let unread = notification.read_at.is_none();
        // Opening the task reads the notification.
        let onnavigate = {
            let (id, refresh_bell) = (notification.id, refresh_bell.clone());
            Callback::from(move |()| {
                if unread {
                    let refresh_bell = refresh_bell.clone();
                    spawn_local(async move {
                        if api::client().mark_read(id).await.is_ok() {
                            refresh_bell.emit(());
                        }
                    });
                }
            })
        };
        html! {
            <li class={classes!("notification", unread.then_some("unread"))} key={notification.id.to_string()}
                data-testid="notification" data-kind={notification.kind.as_str()}>
                <AppLink to={notification_route(notification)} testid="notification-link" {onnavigate}>
                    { notification_text(lang, notification) }
                </AppLink>
                <div class="muted notification-meta">
                    <time datetime={notification.created_at.to_rfc3339()}>{ format::datetime(lang, &notification.created_at) }</time>
                    if unread { <span class="badge unread-tag">{ session.t("notifications.unread") }</span> }
                </div>
            </li>
        }
    };
    html! {
        <section data-testid="notifications">
            <div class="page-head">
                <h1>{ session.t("notifications.title") }</h1>
                <button type="button" class="secondary" data-testid="notifications-read-all" onclick={read_all}>
                    { session.t("notifications.read_all") }
                </button>
            </div>
            <div class="field check">
                <input type="checkbox" id="notifications-unread" data-testid="notifications-unread" checked={*unread_only}
                    onchange={toggle_unread} />
                <label for="notifications-unread">{ session.t("notifications.unread_only") }</label>
            </div>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="notifications.none" /> }
            } else {
                <ul class="notifications">{ for list.items.iter().map(item) }</ul>
                if list.next.is_some() {
                    <button type="button" class="secondary more" data-testid="notifications-more" onclick={more} disabled={list.loading}>
                        { session.t(if list.loading { "loading" } else { "action.more" }) }
                    </button>
                }
            }
        </section>
    }
}
