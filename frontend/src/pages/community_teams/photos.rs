//! The photos and documents attached to a record (an entry of a team's activity log, a team,
//! a model): images as thumbnails, other files by name; either one downloads the file.
//! Those who may attach to the record attach more. Thumbnails and files are read
//! with the session's token (an `<img src>` cannot send it); a thumbnail shows as a `data:`
//! URL, which the Content-Security-Policy allows.

use crate::{
    api::{self, uploads::upload_attachment},
    components::{
        download::{data_url, deliver},
        load::{use_load, Load},
        status::ErrorNote,
        toast::{use_toast, Toast},
    },
    i18n::t,
    pages::community_teams::model::counted,
    state::use_session,
};
use danvan_domain::attachment::{Attachment, AttachmentOwnerKind};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

/// The types the picker offers for a log entry: the images the server makes thumbnails of.
const IMAGE_TYPES: &str = "image/jpeg,image/png,image/webp";
/// The types it offers for a team or a model: photos and documents.
const DOCUMENT_TYPES: &str = "image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx";

#[derive(Properties, PartialEq)]
pub struct ActivityPhotosProps {
    /// The activity the photos are attached to.
    pub activity: Uuid,
    /// Whether the caller may attach photos (they manage the team).
    #[prop_or_default]
    pub can_attach: bool,
}

/// The photos of an entry of the activity log.
#[component]
pub fn ActivityPhotos(props: &ActivityPhotosProps) -> Html {
    html! {
        <Attachments owner_kind={AttachmentOwnerKind::TeamActivity} owner={props.activity} can_attach={props.can_attach} />
    }
}

#[derive(Properties, PartialEq)]
pub struct AttachmentsProps {
    pub owner_kind: AttachmentOwnerKind,
    pub owner: Uuid,
    /// Whether the caller may attach files to the record.
    #[prop_or_default]
    pub can_attach: bool,
}

/// The files of any record that takes attachments.
#[component]
pub fn Attachments(props: &AttachmentsProps) -> Html {
    let reload = use_state(|| 0u32);
    let files = use_load((props.owner_kind, props.owner, *reload), |(kind, id, _)| async move {
        api::client().list_attachments(kind, id).await
    });
    let on_uploaded = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let list: Vec<Attachment> = files.ready().cloned().unwrap_or_default();
    if list.is_empty() && !props.can_attach && !matches!(*files, Load::Failed(_)) {
        return html! {};
    }
    html! {
        <div class="photos" data-testid={format!("attachments-{}", props.owner_kind.as_str())}>
            if let Load::Failed(error) = &*files { <ErrorNote error={error.clone()} /> }
            if !list.is_empty() {
                <ul class="photo-list">
                    { for list.into_iter().map(|attachment| html! {
                        <li key={attachment.id.to_string()}><AttachmentItem {attachment} /></li>
                    }) }
                </ul>
            }
            if props.can_attach {
                <PhotoUpload owner_kind={props.owner_kind} owner={props.owner} {on_uploaded} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AttachmentItemProps {
    attachment: Attachment,
}

/// A thumbnail (or the file's name) that downloads the file.
#[component]
fn AttachmentItem(props: &AttachmentItemProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let attachment = &props.attachment;
    let url = use_state(|| None::<String>);
    {
        let (url, id, has_thumbnail) = (url.clone(), attachment.id, attachment.has_thumbnail);
        use_effect_with(id, move |_| {
            if has_thumbnail {
                spawn_local(async move {
                    if let Ok(thumbnail) = api::client().attachment_thumbnail(id).await {
                        url.set(Some(data_url(&thumbnail.bytes, &thumbnail.content_type)));
                    }
                });
            }
        });
    }
    let onclick = {
        let (toast, id, name) = (toast.clone(), attachment.id, attachment.file_name.clone());
        Callback::from(move |_| {
            let (toast, name) = (toast.clone(), name.clone());
            spawn_local(async move {
                let answer = api::client().download_attachment(id).await;
                deliver(lang, answer, &name, &toast);
            });
        })
    };
    let label = t(lang, "teams.photo_open").replace("{name}", &attachment.file_name);
    html! {
        <button type="button" class="photo" data-testid="photo" title={label.clone()} aria-label={label} {onclick}>
            if let Some(src) = &*url {
                <img src={src.clone()} alt={attachment.file_name.clone()} loading="lazy" />
            } else {
                <span class="photo-name">{ &attachment.file_name }</span>
            }
        </button>
    }
}

#[derive(Properties, PartialEq)]
struct PhotoUploadProps {
    owner_kind: AttachmentOwnerKind,
    owner: Uuid,
    on_uploaded: Callback<()>,
}

/// Attaching photos to the entry, one upload per file.
#[component]
fn PhotoUpload(props: &PhotoUploadProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let busy = use_state(|| false);
    let onchange = {
        let (busy, toast, on_uploaded, kind, owner) =
            (busy.clone(), toast.clone(), props.on_uploaded.clone(), props.owner_kind, props.owner);
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let files: Vec<web_sys::File> = match input.files() {
                Some(list) => (0..list.length()).filter_map(|index| list.get(index)).collect(),
                None => Vec::new(),
            };
            input.set_value("");
            if files.is_empty() || *busy {
                return;
            }
            busy.set(true);
            let (busy, toast, on_uploaded) = (busy.clone(), toast.clone(), on_uploaded.clone());
            spawn_local(async move {
                let mut added = 0;
                for file in &files {
                    match upload_attachment(kind, owner, file, &api::new_key()).await {
                        Ok(_) => added += 1,
                        Err(error) => toast.emit(Toast::error(lang, &error)),
                    }
                }
                if added > 0 {
                    toast.emit(Toast::success(&counted(lang, "teams.photos_added", added)));
                    on_uploaded.emit(());
                }
                busy.set(false);
            });
        })
    };
    let id = format!("photo-input-{}", props.owner);
    let accept = if props.owner_kind == AttachmentOwnerKind::TeamActivity { IMAGE_TYPES } else { DOCUMENT_TYPES };
    html! {
        <div class="photo-upload">
            <input id={id.clone()} type="file" class="sr-only" data-testid="photo-input" {accept} multiple=true
                disabled={*busy} {onchange} />
            <label for={id} class={classes!("button", "secondary", "small", busy.then_some("busy"))}>
                { session.t(if *busy { "teams.photos_uploading" } else { "teams.add_photos" }) }
            </label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use danvan_domain::role::Role;

    #[tokio::test]
    async fn a_manager_sees_the_upload_and_a_reader_nothing_until_there_are_photos() {
        fn manager() -> Html {
            html! { <ActivityPhotos activity={Uuid::from_u128(1)} can_attach=true /> }
        }
        fn reader() -> Html {
            html! { <ActivityPhotos activity={Uuid::from_u128(1)} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Office), manager).await;
        assert!(vi.contains("Thêm ảnh") && vi.contains(r#"accept="image/jpeg,image/png,image/webp""#), "{vi}");
        let en = render(Lang::En, Some(Role::Viewer), reader).await;
        assert!(!en.contains("photo-input"), "{en}");
    }
}
