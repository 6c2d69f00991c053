//! Files attached to records: an owner's list, one file's description, its content and
//! thumbnail, deletes, and (natively) uploads.
//!
//! An upload is a `multipart/form-data` body, which a [`Call`] (a JSON body) does not
//! carry; natively it goes over reqwest's multipart, and the web app posts a `FormData`
//! with `fetch` itself.

use crate::{Api, Call, Download, Result, Tagged, Transport};
use danvan_domain::attachment::{Attachment, AttachmentOwnerKind};
use uuid::Uuid;

const ATTACHMENTS: &str = "/api/v1/attachments";

/// The query naming a record whose files are listed or to which one is uploaded.
fn owner(kind: AttachmentOwnerKind, id: Uuid) -> [(&'static str, String); 2] {
    [("owner_kind", kind.as_str().to_owned()), ("owner_id", id.to_string())]
}

impl<T: Transport> Api<T> {
    /// The files attached to one record, oldest first.
    pub async fn list_attachments(&self, owner_kind: AttachmentOwnerKind, owner_id: Uuid) -> Result<Vec<Attachment>> {
        self.json(Call::get(ATTACHMENTS).query(&owner(owner_kind, owner_id))).await
    }

    pub async fn get_attachment(&self, id: Uuid) -> Result<Tagged<Attachment>> {
        self.tagged(Call::get(format!("{ATTACHMENTS}/{id}"))).await
    }

    /// The file, with its content's type and a disposition naming it.
    pub async fn download_attachment(&self, id: Uuid) -> Result<Download> {
        self.download(&format!("{ATTACHMENTS}/{id}/content"), &[]).await
    }

    /// An image's thumbnail (JPEG, at most 320 px on the long side).
    pub async fn attachment_thumbnail(&self, id: Uuid) -> Result<Download> {
        self.download(&format!("{ATTACHMENTS}/{id}/thumbnail"), &[]).await
    }

    pub async fn delete_attachment(&self, id: Uuid, etag: &str) -> Result<()> {
        self.empty(Call::delete(format!("{ATTACHMENTS}/{id}"), etag)).await
    }
}

#[cfg(feature = "reqwest")]
impl Api<crate::Http> {
    /// Attaches `bytes` under `file_name` to a record. The server reads the type from the
    /// bytes; the name is kept with the extension of that type.
    pub async fn upload_attachment(
        &self,
        owner_kind: AttachmentOwnerKind,
        owner_id: Uuid,
        file_name: &str,
        bytes: Vec<u8>,
        idempotency_key: Option<&str>,
    ) -> Result<Attachment> {
        use reqwest::{header, multipart, Method};
        let target = Call::post(ATTACHMENTS).query(&owner(owner_kind, owner_id)).target();
        let form = multipart::Form::new().part("file", multipart::Part::bytes(bytes).file_name(file_name.to_owned()));
        let mut request = self.request(Method::POST, &target).multipart(form);
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        let transport = |error: reqwest::Error| crate::ClientError::Transport(error.to_string());
        let response = request.send().await.map_err(transport)?;
        let text = |name: header::HeaderName| {
            response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
        };
        let (status, etag, content_type) = (response.status().as_u16(), text(header::ETAG), text(header::CONTENT_TYPE));
        let body = response.bytes().await.map_err(transport)?.to_vec();
        let answer = crate::Answer { status, etag, content_type, content_disposition: None, body };
        crate::decode(crate::checked(answer)?)
    }
}
