//! Files the API answers (exports) handed to the browser as downloads: the export calls
//! carry the bearer token, so a plain link cannot fetch them.

use crate::{
    api::{self, ApiError},
    components::toast::Toast,
    i18n::Lang,
};
use danvan_client::Download;
use yew::Callback;

/// Hands `bytes` to the browser as a download called `name`.
pub fn save_file(bytes: &[u8], name: &str) -> bool {
    use web_sys::wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Ok(link) = gloo::utils::document().create_element("a") else {
        return false;
    };
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", name);
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    // The download has started reading the object by the time this runs.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    true
}

/// `bytes` of `content_type` as a `data:` URL, to show a fetched image (the
/// Content-Security-Policy lets images come from the page's origin and `data:` only).
pub fn data_url(bytes: &[u8], content_type: &str) -> String {
    format!("data:{content_type};base64,{}", base64(bytes))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Saves an export's answer under its own name (else `fallback`), or says why it failed.
pub fn deliver(lang: Lang, answer: Result<Download, ApiError>, fallback: &str, toast: &Callback<Toast>) {
    match answer {
        Ok(download) => {
            let name = download.file_name().unwrap_or_else(|| fallback.to_owned());
            if !save_file(&download.bytes, &name) {
                toast.emit(Toast::error(lang, &api::ApiError::network()));
            }
        }
        Err(error) => toast.emit(Toast::error(lang, &error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_data_urls() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0xff, 0xfe, 0x00, 0x10]), "//4AEA==");
        assert_eq!(data_url(b"hi", "image/png"), "data:image/png;base64,aGk=");
    }
}
